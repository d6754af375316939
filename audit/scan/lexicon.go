package scan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/bits"
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
	// root is the trie node a phrase starting with this word reaches (0 =
	// none), filled in once the trie is flattened; proot is the same for
	// the word this is a plural of, when a phrase ends there.
	root, proot int32
}

// unknownWord is the vinfo of a word in no list.
var unknownWord = vinfo{id: -1, plural: -1}

// lexicon is every word list, merged into one trie.
type lexicon struct {
	root node
	// The trie flattened for matching (root is built with maps, then
	// copied): nodes by index (0 is the root), rootNext the root's
	// children by word ID (0 = none; copied into vinfo.root, as the first
	// word of a phrase is looked up for every token), and every other
	// edge in one open-addressing table, so a step down is a multiply and
	// a probe, not a map call.
	nodes    []flatNode
	terms    []flatTerm
	rootNext []int32
	edges    []edge
	names    []string
	ids      map[string]groupID
	maxLen   int
	// sets holds single-word lists that are looked up directly (postcode
	// areas, forenames, titles).
	sets []map[string]bool
	// vocab maps every listed word, and its plural in -s, to its vinfo
	// while the lists are read; posts are looked up in table.
	vocab map[string]vinfo
	// table and entries are vocab as an open-addressing hash table (see
	// slot); maxWord is the longest listed word, in bytes.
	table   []slot
	shift   uint // 64 - log2(len(table)): the slot is the hash's top bits
	entries []entry
	keys    []byte
	maxWord int
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
	if len(lx.vocab) >= 1<<16-1 {
		return nil, fmt.Errorf("more than %d words in the lexicons", 1<<16-2)
	}
	lx.flatten()
	lx.buildTable()
	return lx, nil
}

// flatNode is a trie node once flattened: the phrases ending there,
// lx.terms[termFrom:termTo], and whether any phrase goes on. Nodes and
// terms are small and contiguous so that matching stays in cache.
type flatNode struct {
	termFrom, termTo int32
	leaf             bool
}

// flatTerm is a term as matching needs it.
type flatTerm struct {
	group   int32
	hashtag bool
}

// edge is one step down the flattened trie from node from by word ID
// word; to is 0 for an empty slot (the root is nobody's child).
type edge struct {
	from, word, to int32
}

// edgeSlot is where the edge (from, word) is looked for first.
func edgeSlot(from, word int32, mask uint32) uint32 {
	return (uint32(from)*0x9e3779b1 ^ uint32(word)*0x85ebca77) * 0xc2b2ae3d >> 7 & mask
}

// flatten copies the trie into nodes, rootNext and edges.
func (lx *lexicon) flatten() {
	index := map[*node]int32{}
	var walk func(n *node) int32
	walk = func(n *node) int32 {
		id := int32(len(lx.nodes))
		index[n] = id
		from := int32(len(lx.terms))
		for _, t := range n.terms {
			lx.terms = append(lx.terms, flatTerm{group: int32(t.group), hashtag: t.hashtag})
		}
		lx.nodes = append(lx.nodes, flatNode{termFrom: from, termTo: int32(len(lx.terms)), leaf: len(n.next) == 0})
		for _, c := range n.next {
			walk(c)
		}
		return id
	}
	walk(&lx.root)
	size := 1
	for size < 2*len(lx.nodes)+2 {
		size <<= 1
	}
	lx.edges = make([]edge, size)
	mask := uint32(size - 1)
	lx.rootNext = make([]int32, len(lx.vocab)+2)
	for n, from := range index {
		for word, c := range n.next {
			if n == &lx.root {
				lx.rootNext[word] = index[c]
				continue
			}
			i := edgeSlot(from, word, mask)
			for lx.edges[i].to != 0 {
				i = (i + 1) & mask
			}
			lx.edges[i] = edge{from: from, word: word, to: index[c]}
		}
	}
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

// slot is one entry of the open-addressing word table: 16 more bits of
// the word's hash, to reject most probes without touching the entry, and
// 1 + the index of its entry (0 = empty). Slots are 4 bytes so the whole
// table stays in the first-level cache; the entries live apart.
type slot struct {
	tag uint16
	idx uint16
}

// entry is a listed word of the table, lx.keys[off:off+n], and what the
// lexicon knows of it. head is the word's first 8 bytes packed (see
// pack8): most words are no longer, and are then compared as one integer.
// The keys share one array rather than being strings scattered over the
// heap.
type entry struct {
	head   uint64
	off, n uint32
	v      vinfo
}

// buildTable copies vocab into a hash table keyed by hashWord.
func (lx *lexicon) buildTable() {
	size := 1
	for size < 2*len(lx.vocab)+2 {
		size <<= 1
	}
	lx.table = make([]slot, size)
	lx.entries = make([]entry, 0, len(lx.vocab))
	mask := uint64(size - 1)
	lx.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for k, v := range lx.vocab {
		if v.id >= 0 {
			v.root = lx.rootNext[v.id]
		}
		if v.plural >= 0 {
			if c := lx.rootNext[v.plural]; c != 0 && lx.nodes[c].termFrom != lx.nodes[c].termTo {
				v.proot = c
			}
		}
		if len(k) > lx.maxWord {
			lx.maxWord = len(k)
		}
		h := hashWord([]byte(k))
		i := h >> lx.shift
		for lx.table[i].idx != 0 {
			i = (i + 1) & mask
		}
		lx.entries = append(lx.entries, entry{head: pack8([]byte(k)), off: uint32(len(lx.keys)), n: uint32(len(k)), v: v})
		lx.keys = append(lx.keys, k...)
		lx.table[i] = slot{tag: uint16(h >> 32), idx: uint16(len(lx.entries))}
	}
}

// find is 1 + the index of a normalised word's entry, or 0 when the word
// is in no list.
func (lx *lexicon) find(w []byte) uint16 {
	// A word longer than every listed one cannot be in any list.
	if len(w) > lx.maxWord {
		return 0
	}
	head := pack8(w)
	h := hashWord(w)
	mask := uint64(len(lx.table) - 1)
	tag := uint16(h >> 32)
	for j := h >> lx.shift; ; j = (j + 1) & mask {
		s := lx.table[j]
		if s.idx == 0 {
			return 0
		}
		if s.tag != tag {
			continue
		}
		e := &lx.entries[s.idx-1]
		if e.head == head && int(e.n) == len(w) && (len(w) <= 8 || string(lx.keys[e.off+8:e.off+e.n]) == string(w[8:])) {
			return s.idx
		}
	}
}

// wordInfo is what the lexicon knows of a token's word (see token.entry).
func (lx *lexicon) wordInfo(t *token) *vinfo {
	if t.entry == 0 {
		return &unknownWord
	}
	return &lx.entries[t.entry-1].v
}

// group returns the ID of a word list the scanner's code relies on.
func (lx *lexicon) group(name string) (groupID, error) {
	id, ok := lx.ids[name]
	if !ok {
		return 0, fmt.Errorf("lexicon %q is missing", name)
	}
	return id, nil
}

// match finds every phrase of every list in d (tokenised against lx) and
// appends the hits per group to out.
func (lx *lexicon) match(d *doc, out [][]hit) {
	for i := range d.toks {
		if d.toks[i].entry == 0 {
			continue
		}
		// The first step down from the root is precomputed in vinfo:
		// most words start no phrase, or one that ends with them.
		vi := lx.wordInfo(&d.toks[i])
		c := vi.root
		if c == 0 {
			c = vi.proot
		}
		if c == 0 {
			continue
		}
		nc := lx.nodes[c]
		for _, t := range lx.terms[nc.termFrom:nc.termTo] {
			if t.hashtag && !d.has(i, tHashtag) {
				continue
			}
			out[t.group] = append(out[t.group], hit{from: i, to: i + 1})
		}
		if nc.leaf {
			continue
		}
		n := c
		for j := i + 1; j < len(d.toks) && j-i < lx.maxLen; j++ {
			v := lx.wordInfo(&d.toks[j])
			var c int32
			if v.id >= 0 {
				c = lx.child(n, v.id)
			}
			if c == 0 && v.plural >= 0 {
				// A plural of a listed word: "frequent flyers" matches
				// "frequent flyer", but only as the end of a phrase.
				c = lx.child(n, v.plural)
				if c != 0 && lx.nodes[c].termFrom == lx.nodes[c].termTo {
					c = 0
				}
			}
			if c == 0 {
				break
			}
			if d.toks[j].sent != d.toks[i].sent {
				break
			}
			nc := lx.nodes[c]
			for _, t := range lx.terms[nc.termFrom:nc.termTo] {
				if t.hashtag && !d.has(i, tHashtag) {
					continue
				}
				out[t.group] = append(out[t.group], hit{from: i, to: j + 1})
			}
			if nc.leaf {
				// No phrase goes on from here (most listed words).
				break
			}
			n = c
		}
	}
}

// child is the node under n (not the root: see vinfo.root) by word ID id,
// or 0 when there is none.
func (lx *lexicon) child(n, id int32) int32 {
	if lx.nodes[n].leaf {
		// Most listed words end their phrase: no probe needed.
		return 0
	}
	mask := uint32(len(lx.edges) - 1)
	for k := edgeSlot(n, id, mask); lx.edges[k].to != 0; k = (k + 1) & mask {
		if e := &lx.edges[k]; e.from == n && e.word == id {
			return e.to
		}
	}
	return 0
}

// ruleSpec is one rule as written in rules.json.
type ruleSpec struct {
	ID       string `json:"id"`
	Category string `json:"category"`
	Severity string `json:"severity"`
	Why      string `json:"why"`
}

// CategoryInfo describes a category for the audit: its title and what to
// do about a finding. Which guideline clauses its check evidences is for
// the guidelines to say.
type CategoryInfo struct {
	Title       string `json:"title"`
	Remediation string `json:"remediation"`
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
