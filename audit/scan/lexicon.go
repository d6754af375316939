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
	next  map[int32]*node
	terms []term
}

// vinfo is what the lexicon knows about one word: its ID in the trie (-1
// when the word only appears as a plural of a listed word), the ID of the
// listed word it is a plural of (or -1), and the single-word lists it
// belongs to, as a bit set.
type vinfo struct {
	id, plural int32
	sets       uint64
}

// unknownWord is the vinfo of a word in no list.
var unknownWord = vinfo{id: -1, plural: -1}

// lexicon is every word list, merged into one trie.
type lexicon struct {
	root node
	// rootNext is root.next as a slice indexed by word ID: the first word
	// of a phrase is looked up for every token.
	rootNext []*node
	names    []string
	ids      map[string]groupID
	maxLen   int
	// sets holds single-word lists that are looked up directly (postcode
	// areas, forenames, titles).
	sets []map[string]bool
	// vocab maps every listed word, and its plural in -s, to its vinfo:
	// one map lookup per token of a post.
	vocab map[string]vinfo
	table []slot
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
	lx := &lexicon{ids: map[string]groupID{}, vocab: map[string]vinfo{}}
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
	lx.buildTable()
	lx.rootNext = make([]*node, len(lx.vocab)+2)
	for id, n := range lx.root.next {
		lx.rootNext[id] = n
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
		if len(d.toks) == 1 && !hashtag {
			if len(lx.names) > 64 {
				return fmt.Errorf("more than 64 word lists")
			}
			v := lx.word(d.word(0))
			v.sets |= 1 << uint(id)
			lx.vocab[d.word(0)] = v
		}
		n := &lx.root
		for i := range d.toks {
			wid := lx.word(d.word(i)).id
			c := n.next[wid]
			if c == nil {
				c = &node{}
				if n.next == nil {
					n.next = map[int32]*node{}
				}
				n.next[wid] = c
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

// word returns the vinfo of a listed word, giving it an ID (and its plural
// an alias) the first time.
func (lx *lexicon) word(w string) vinfo {
	v, ok := lx.vocab[w]
	if ok && v.id >= 0 {
		return v
	}
	if !ok {
		v = unknownWord
	}
	v.id = int32(len(lx.vocab) + 1)
	lx.vocab[w] = v
	if len(w) >= 3 {
		pv, ok := lx.vocab[w+"s"]
		if !ok {
			pv = unknownWord
		}
		pv.plural = v.id
		lx.vocab[w+"s"] = pv
	}
	return v
}

// slot is one entry of the open-addressing word table.
type slot struct {
	hash uint64
	key  string
	v    vinfo
	used bool
}

// buildTable copies vocab into a hash table keyed by hashWord, so a token
// is looked up with the hash computed while it was read.
func (lx *lexicon) buildTable() {
	size := 1
	for size < 4*len(lx.vocab)+4 {
		size <<= 1
	}
	lx.table = make([]slot, size)
	mask := uint64(size - 1)
	for k, v := range lx.vocab {
		h := hashWord([]byte(k))
		i := h & mask
		for lx.table[i].used {
			i = (i + 1) & mask
		}
		lx.table[i] = slot{hash: h, key: k, v: v, used: true}
	}
}

// lookup is the vinfo of every token of d.
func (lx *lexicon) lookup(d *doc, out []vinfo) []vinfo {
	out = out[:0]
	mask := uint64(len(lx.table) - 1)
	for i := range d.toks {
		t := &d.toks[i]
		v := unknownWord
		for j := t.hash & mask; lx.table[j].used; j = (j + 1) & mask {
			if s := &lx.table[j]; s.hash == t.hash && s.key == d.norm[t.ns:t.ne] {
				v = s.v
				break
			}
		}
		out = append(out, v)
	}
	return out
}

// group returns the ID of a word list the scanner's code relies on.
func (lx *lexicon) group(name string) (groupID, error) {
	id, ok := lx.ids[name]
	if !ok {
		return 0, fmt.Errorf("lexicon %q is missing", name)
	}
	return id, nil
}

// match finds every phrase of every list in d (whose tokens' vinfo is
// info) and appends the hits per group to out.
func (lx *lexicon) match(d *doc, info []vinfo, out [][]hit) {
	for i := range d.toks {
		if info[i].id < 0 && info[i].plural < 0 {
			continue
		}
		n := &lx.root
		for j := i; j < len(d.toks) && j-i < lx.maxLen; j++ {
			v := info[j]
			var c *node
			if v.id >= 0 {
				c = lx.child(n, v.id)
			}
			if c == nil && v.plural >= 0 {
				// A plural of a listed word: "frequent flyers" matches
				// "frequent flyer", but only as the end of a phrase.
				c = lx.child(n, v.plural)
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
}

func (lx *lexicon) child(n *node, id int32) *node {
	if n == &lx.root {
		if int(id) < len(lx.rootNext) {
			return lx.rootNext[id]
		}
		return nil
	}
	return n.next[id]
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
