package scan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// groupID indexes a word list (one lexicon file).
type groupID int

// term ends a phrase in the trie: the group it belongs to, and whether its
// first word must be a hashtag.
type term struct {
	group   groupID
	hashtag bool
	words   int
}

// node is one word of the phrase trie. Phrases are matched word by word
// from every token, so a post is scanned once whatever the number of
// phrases.
type node struct {
	next  map[string]*node
	terms []term
}

// lexicon is every word list, merged into one trie.
type lexicon struct {
	root   node
	names  []string
	ids    map[string]groupID
	maxLen int
	// sets holds single-word lists that are looked up directly (postcode
	// areas, forenames, titles).
	sets []map[string]bool
}

// hit is one phrase found in a post, in token indices [from, to).
type hit struct {
	from, to int
}

// loadLexicon reads every *.txt file in dir of fsys as a word list named
// after the file.
func loadLexicon(fsys fs.FS, dir string) (*lexicon, error) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading lexicons: %w", err)
	}
	lx := &lexicon{ids: map[string]groupID{}}
	lx.root.next = map[string]*node{}
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		name := strings.TrimSuffix(e.Name(), ".txt")
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading lexicon %s: %w", name, err)
		}
		if err := lx.add(name, data); err != nil {
			return nil, fmt.Errorf("lexicon %s: %w", name, err)
		}
	}
	return lx, nil
}

func (lx *lexicon) add(name string, data []byte) error {
	id := groupID(len(lx.names))
	lx.names = append(lx.names, name)
	lx.ids[name] = id
	set := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || s == "#" || strings.HasPrefix(s, "# ") {
			continue
		}
		set[strings.ToLower(s)] = true
		hashtag := strings.HasPrefix(s, "#")
		d := tokenize(strings.TrimPrefix(s, "#"))
		if len(d.toks) == 0 {
			return fmt.Errorf("line %d: no words in %q", line, s)
		}
		n := &lx.root
		for i := range d.toks {
			w := d.word(i)
			c := n.next[w]
			if c == nil {
				c = &node{}
				if n.next == nil {
					n.next = map[string]*node{}
				}
				n.next[w] = c
			}
			n = c
		}
		dup := false
		for _, t := range n.terms {
			if t.group == id && t.hashtag == hashtag {
				dup = true
			}
		}
		if !dup {
			n.terms = append(n.terms, term{group: id, hashtag: hashtag, words: len(d.toks)})
		}
		if len(d.toks) > lx.maxLen {
			lx.maxLen = len(d.toks)
		}
	}
	lx.sets = append(lx.sets, set)
	return sc.Err()
}

// group returns the ID of a word list the scanner's code relies on.
func (lx *lexicon) group(name string) (groupID, error) {
	id, ok := lx.ids[name]
	if !ok {
		return 0, fmt.Errorf("lexicon %q is missing", name)
	}
	return id, nil
}

// match finds every phrase of every list in d, longest first at each
// position, and returns the hits per group.
func (lx *lexicon) match(d *doc) [][]hit {
	out := make([][]hit, len(lx.names))
	for i := range d.toks {
		n := &lx.root
		for j := i; j < len(d.toks) && j-i < lx.maxLen; j++ {
			w := d.word(j)
			c := n.next[w]
			if c == nil && len(w) >= 4 && w[len(w)-1] == 's' {
				// A plural of a listed word: "junkies" is not listed but
				// "frequent flyers" should match "frequent flyer".
				c = n.next[w[:len(w)-1]]
				if c != nil && len(c.terms) == 0 {
					c = nil
				}
			}
			if c == nil {
				break
			}
			if j > i && d.toks[j].sent != d.toks[i].sent {
				break
			}
			for _, t := range c.terms {
				if t.hashtag && !d.has(i, tHashtag) {
					continue
				}
				out[t.group] = append(out[t.group], hit{from: i, to: j + 1})
			}
			n = c
		}
	}
	return out
}

// ruleSpec is one rule as written in rules.json.
type ruleSpec struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Severity string `json:"severity"`
	Why      string `json:"why"`
}

// CategoryInfo describes a category for the audit: its title, the
// guideline clauses it maps to and what to do about a finding.
type CategoryInfo struct {
	Title       string   `json:"title"`
	Clauses     []string `json:"clauses"`
	Remediation string   `json:"remediation"`
}

type ruleFile struct {
	Categories map[string]CategoryInfo `json:"categories"`
	Rules      []ruleSpec              `json:"rules"`
}

func loadRules(fsys fs.FS, name string) (*ruleFile, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading rules: %w", err)
	}
	var rf ruleFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rf); err != nil {
		return nil, fmt.Errorf("decoding rules: %w", err)
	}
	for _, c := range Categories {
		if _, ok := rf.Categories[string(c)]; !ok {
			return nil, fmt.Errorf("rules: category %q is not described", c)
		}
	}
	seen := map[string]bool{}
	for _, r := range rf.Rules {
		if seen[r.ID] {
			return nil, fmt.Errorf("rules: %q defined twice", r.ID)
		}
		seen[r.ID] = true
		if _, ok := rf.Categories[r.Category]; !ok {
			return nil, fmt.Errorf("rules: %q has unknown category %q", r.ID, r.Category)
		}
		switch r.Severity {
		case "high", "medium", "low", "info":
		default:
			return nil, fmt.Errorf("rules: %q has unknown severity %q", r.ID, r.Severity)
		}
		if r.Why == "" {
			return nil, fmt.Errorf("rules: %q has no explanation", r.ID)
		}
	}
	return &rf, nil
}

