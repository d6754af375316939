// Command genexport writes synthetic data-export zips for measuring the
// importer: a real-sized Facebook export of fictional people and posts, or
// a zip bomb.
//
//	go run ./platforms/export/internal/genexport -kind facebook -friends 10000 -posts 20000 -o fb.zip
//	go run ./platforms/export/internal/genexport -kind bomb -inflate 2GB -o bomb.zip
//	go run ./platforms/export/internal/genexport -kind longposts -posts 450 -text 261120 -o long.zip
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"chaperone/platforms/export"
	"chaperone/platforms/export/internal/synth"
)

func main() {
	kind := flag.String("kind", "facebook", "facebook (a real-sized export), bomb (overlapping members of one huge post) or longposts (-posts posts of -text bytes each)")
	textLen := flag.Int("text", 255<<10, "bytes of each post's text, for longposts")
	friends := flag.Int("friends", 10000, "friends in the facebook export")
	posts := flag.Int("posts", 20000, "posts in the facebook export")
	inflate := flag.String("inflate", "2GB", "what the bomb inflates to, in all (e.g. 2GB, 600MB)")
	out := flag.String("o", "", "the zip to write")
	importOnly := flag.String("import", "", "instead of writing, import this export (as the app does, photos aside) and print what was read: run under /usr/bin/time -v to see the importer's own peak memory")
	flag.Parse()
	if *importOnly != "" {
		if err := importExport(*importOnly); err != nil {
			fmt.Fprintln(os.Stderr, "genexport:", err)
			os.Exit(1)
		}
		return
	}
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genexport: -o FILE is required")
		os.Exit(2)
	}
	if err := run(*kind, *friends, *posts, *textLen, *inflate, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genexport:", err)
		os.Exit(1)
	}
}

func run(kind string, friends, posts, textLen int, inflate, out string) error {
	f, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	switch kind {
	case "facebook":
		err = synth.Facebook(w, friends, posts, 1)
	case "longposts":
		err = synth.LongPosts(w, posts, textLen)
	case "bomb":
		var n int64
		if n, err = parseSize(inflate); err == nil {
			err = synth.Bomb(w, n)
		}
	default:
		err = fmt.Errorf("unknown -kind %q", kind)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
	}
	return err
}

func importExport(p string) error {
	snap, err := export.Read(context.Background(), p, export.Options{})
	if err != nil {
		return err
	}
	fmt.Printf("%d posts, %d connections, %d requests, %d sessions\n", len(snap.Posts), len(snap.Connections), len(snap.PendingRequests), len(snap.Sessions))
	for _, c := range snap.Coverage {
		for id, why := range c.Missing {
			fmt.Printf("%s UNKNOWN: %s\n", id, why)
		}
	}
	return nil
}

func parseSize(s string) (int64, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suf string
		m   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}} {
		if strings.HasSuffix(s, u.suf) {
			mult, s = u.m, strings.TrimSuffix(s, u.suf)
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("size %q: want a number with KB, MB or GB", s)
	}
	return n * mult, nil
}
