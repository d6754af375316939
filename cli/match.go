package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"chaperone/audit/match"
	"chaperone/audit/watchlist"
)

func init() {
	Register("match", "find connections that may be patients on your watch-list", runMatch)
	Register("watchlist", "preview and import a practice list (CSV) into your sealed watch-list", runWatchlist)
	sensitiveNames = watchlistNames
}

func runMatch(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "match", "match --watchlist FILE.csv (--connections FILE [--format text|json] | --preview)")
	wl := fs.String("watchlist", "", "`FILE`: a CSV of people who are or were patients: a name column (or first name and surname), optional year of birth, town or postcode, maiden name")
	conns := fs.String("connections", "", "the connections (`FILE`): a CSV with a name column, or JSON Lines {\"name\": ..., \"handle\": ..., \"location\": ...}")
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	preview := fs.Bool("preview", false, "only show how the watch-list's columns were understood, with its first people, and stop")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *preview {
		if *wl == "" {
			return usageErrorf("--preview needs --watchlist")
		}
		_, err := previewFile(*wl, env.Stdout, previewSample)
		return err
	}
	if *wl == "" || *conns == "" {
		return usageErrorf("both --watchlist and --connections are required")
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("--format must be text or json, not %q", *format)
	}
	w, err := os.Open(*wl)
	if err != nil {
		return fmt.Errorf("reading the watch-list: %w", err)
	}
	defer w.Close()
	c, err := os.Open(*conns)
	if err != nil {
		return fmt.Errorf("reading the connections: %w", err)
	}
	defer c.Close()
	return match.RunCLI(ctx, w, c, *format, env.Stdout)
}

// watchlistNames are the stored watch-list's names, kept out of reports.
// With no list (or no key) there is nothing to add: the report never
// holds a name from the history either way.
func watchlistNames(env Env, dataDir string) []string {
	l, err := watchlist.Open(env.Keyring, dataDir).Load()
	if err != nil {
		return nil
	}
	var names []string
	for _, p := range l.People {
		names = append(names, p.Name)
		if p.Maiden != "" {
			names = append(names, p.Maiden)
		}
	}
	return names
}

// previewSample is how many people a terminal preview shows: enough to
// see that names were read the right way round.
const previewSample = 5

// previewFile reads a watch-list file and prints how it was understood.
func previewFile(path string, w io.Writer, sample int) (*watchlist.Import, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the watch-list: %w", err)
	}
	defer f.Close()
	im, err := watchlist.ReadImport(f)
	if err != nil {
		return nil, fmt.Errorf("reading the watch-list: %w", err)
	}
	if err := im.Preview(w, sample); err != nil {
		return nil, err
	}
	return im, nil
}

// runWatchlist is `chaperone watchlist import FILE.csv`: it shows how the
// file's columns were understood and, once the doctor agrees (or with
// --yes), adds its people to the watch-list sealed with the keyring.
func runWatchlist(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "watchlist", "watchlist import [--yes] FILE.csv")
	yes := fs.Bool("yes", false, "store without asking, after showing the preview")
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		return parse(fs, args)
	}
	if len(args) == 0 || args[0] != "import" {
		fs.Usage()
		return usageErrorf("the only action is: watchlist import FILE.csv")
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf("give one CSV file to import")
	}
	im, err := previewFile(fs.Arg(0), env.Stdout, previewSample)
	if err != nil {
		return err
	}
	if !*yes {
		fmt.Fprintf(env.Stdout, "Add %s to your watch-list? [y/N] ", plural(len(im.People), "person", "people"))
		answer := ""
		if env.Stdin != nil {
			line, _ := bufio.NewReader(io.LimitReader(env.Stdin, 256)).ReadString('\n')
			answer = strings.ToLower(strings.TrimSpace(line))
		}
		if answer != "y" && answer != "yes" {
			fmt.Fprintln(env.Stdout, "Nothing was stored.")
			return nil
		}
	}
	dir, err := env.DataDir()
	if err != nil {
		return err
	}
	added, err := watchlist.Open(env.Keyring, dir).Add(im.People...)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Added %s (%d already on your watch-list).\n", plural(added, "person", "people"), len(im.People)-added)
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
