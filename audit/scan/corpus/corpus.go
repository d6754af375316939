// Package corpus reads the scanner's labelled posts: JSON Lines, one post
// per line, with the categories that apply to it and the categories that
// should only be shown as a "check" (a lowered-severity flag).
package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Post is one labelled post.
type Post struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// Labels are the categories the post belongs to.
	Labels []string `json:"labels"`
	// Check are the categories the post should be shown for only as a
	// check: something a reader could mistake for the category but that
	// the post itself explains (a synthetic number, the author's own
	// details, consent, a public figure's health from the press).
	Check    []string `json:"check,omitempty"`
	Platform string   `json:"platform,omitempty"`
	Voice    string   `json:"voice,omitempty"`
	Note     string   `json:"note,omitempty"`
}

// Has reports whether the post is labelled with category c.
func (p Post) Has(c string) bool { return contains(p.Labels, c) }

// IsCheck reports whether category c should only be a check on the post.
func (p Post) IsCheck(c string) bool { return contains(p.Check, c) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Limits that keep a bad file from taking the machine's memory.
const (
	MaxLine  = 1 << 20 // bytes in one line (one post)
	MaxPosts = 1 << 20
)

// Read parses posts from r. valid reports whether a category name is
// known; a post with another label, a missing id or text, a repeated id
// or a line that is not one JSON object is an error naming its line.
func Read(r io.Reader, valid func(string) bool) ([]Post, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var out []Post
	seen := map[string]int{}
	for line := 1; ; line++ {
		b, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if t := bytes.TrimSpace(b); len(t) > 0 {
			p, perr := parse(t, valid)
			if perr != nil {
				return nil, fmt.Errorf("line %d: %w", line, perr)
			}
			if prev, ok := seen[p.ID]; ok {
				return nil, fmt.Errorf("line %d: id %q already used on line %d", line, p.ID, prev)
			}
			seen[p.ID] = line
			if len(out) >= MaxPosts {
				return nil, fmt.Errorf("line %d: more than %d posts", line, MaxPosts)
			}
			out = append(out, p)
		}
		if errors.Is(err, io.EOF) {
			return out, nil
		}
	}
}

// readLine reads one line without its newline, refusing one longer than
// MaxLine rather than buffering it.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLine {
			return nil, fmt.Errorf("longer than %d bytes", MaxLine)
		}
		buf = append(buf, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimSuffix(buf, []byte("\n")), err
	}
}

func parse(b []byte, valid func(string) bool) (Post, error) {
	var p Post
	if b[0] != '{' {
		return p, errors.New("not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return p, fmt.Errorf("decoding post: %w", err)
	}
	if dec.More() {
		return p, errors.New("more than one JSON value")
	}
	if strings.TrimSpace(p.ID) == "" {
		return p, errors.New("post has no id")
	}
	if strings.TrimSpace(p.Text) == "" {
		return p, fmt.Errorf("post %s has no text", p.ID)
	}
	if p.Labels == nil {
		return p, fmt.Errorf("post %s has no labels list (use [] for a benign post)", p.ID)
	}
	for _, list := range [][]string{p.Labels, p.Check} {
		seen := map[string]bool{}
		for _, c := range list {
			if valid != nil && !valid(c) {
				return p, fmt.Errorf("post %s: unknown category %q", p.ID, c)
			}
			if seen[c] {
				return p, fmt.Errorf("post %s: category %q given twice", p.ID, c)
			}
			seen[c] = true
		}
	}
	for _, c := range p.Check {
		if p.Has(c) {
			return p, fmt.Errorf("post %s: %q is both a label and a check", p.ID, c)
		}
	}
	return p, nil
}

// ReadFile reads posts from the named file.
func ReadFile(name string, valid func(string) bool) ([]Post, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("reading corpus: %w", err)
	}
	defer f.Close()
	posts, err := Read(f, valid)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return posts, nil
}
