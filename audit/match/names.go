package match

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"chaperone/assets"
)

// Kind says how two given names are related.
type Kind uint8

// Relations between given names, strongest evidence first.
const (
	KindNone       Kind = iota
	KindForm            // other-language form or cognate: Ian for John
	KindDiminutive      // Bob for Robert
	KindSpelling        // Kathryn for Katherine, Aleksandr for Alexander
	KindSame            // the same name once folded
)

func (k Kind) String() string {
	switch k {
	case KindForm:
		return "form"
	case KindDiminutive:
		return "nickname"
	case KindSpelling:
		return "spelling"
	case KindSame:
		return "same"
	}
	return "none"
}

// link is one name class a given name belongs to, and how.
type link struct {
	root int32
	kind Kind
}

// Names is the table of given names, their diminutives and variant
// spellings, plus the words that decorate display names. Names that are
// spellings of one another form a class (Katherine, Catherine, Kathryn);
// diminutives and other-language forms link a name to a class. Two given
// names are related when they share a class: Liz and Beth through
// Elizabeth, but not Robert and Albert though both are "Bert".
type Names struct {
	rootNames []string          // a representative name of each class
	roots     map[string][]link // name -> classes it belongs to, sorted by class
	initMask  map[string]uint32
	variants  map[int32][]string
	noise     map[string]bool
	filler    map[string]bool
	fillers   []string // filler, longest first
	particles map[string]bool
	// sex holds names borne by one sex only: 'F' or 'M'.
	sex   map[string]byte
	pairs int
	// recs gathers what the tables say of each name, for one look-up.
	recs map[string]*nameRec
}

// nameRec is what the tables say of one given name.
type nameRec struct {
	links []link // sorted by class
	init  uint32 // initials it may appear under
	sex   byte   // 'F', 'M', or 0 for either or unknown
	// english is set for names used as English given names.
	english bool
}

var (
	defaultOnce  sync.Once
	defaultNames *Names
	defaultErr   error
)

// DefaultNames loads the tables shipped in assets/names.
func DefaultNames() (*Names, error) {
	defaultOnce.Do(func() {
		defaultNames, defaultErr = LoadNames(assets.FS, "names")
	})
	return defaultNames, defaultErr
}

// GivenTables are the given-name tables LoadNames reads, in order: the
// hand-written one, then those converted from public datasets (see
// assets/names/SOURCES.md).
var GivenTables = []string{"given.csv", "nicknames.csv", "wiktionary.csv"}

// LoadNames reads the given-name tables, noise.txt, filler.txt and
// particles.txt from dir in fsys.
func LoadNames(fsys fs.FS, dir string) (*Names, error) {
	n := &Names{
		initMask:  map[string]uint32{},
		roots:     map[string][]link{},
		variants:  map[int32][]string{},
		noise:     map[string]bool{},
		filler:    map[string]bool{},
		particles: map[string]bool{},
		sex:       map[string]byte{},
	}
	var pairs []namePair
	for _, file := range GivenTables {
		data, err := fs.ReadFile(fsys, dir+"/"+file)
		if err != nil {
			return nil, fmt.Errorf("loading given names: %w", err)
		}
		ps, err := parseGiven(file, data)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, ps...)
	}
	n.build(pairs)
	// sex-uk.csv, hand-written, overrides what Wiktionary records.
	for _, file := range []string{"sex.csv", "sex-uk.csv"} {
		sexes, err := fs.ReadFile(fsys, dir+"/"+file)
		if err != nil {
			return nil, fmt.Errorf("loading given names: %w", err)
		}
		for i, line := range dataLines(sexes) {
			name, sx, ok := strings.Cut(line, ",")
			if !ok || sx != "F" && sx != "M" {
				if line == "name,sex" {
					continue
				}
				return nil, fmt.Errorf("%s line %d: want name,F or name,M", file, i+1)
			}
			n.sex[Fold(name)] = sx[0]
		}
	}
	n.recs = make(map[string]*nameRec, len(n.roots)+len(n.sex))
	for name, ls := range n.roots {
		n.recs[name] = &nameRec{links: ls, init: n.initMask[name], sex: n.sex[name]}
	}
	for name, sx := range n.sex {
		if n.recs[name] == nil {
			n.recs[name] = &nameRec{init: initialBit(name), sex: sx}
		}
	}
	english, err := fs.ReadFile(fsys, dir+"/english.txt")
	if err != nil {
		return nil, fmt.Errorf("loading given names: %w", err)
	}
	for _, name := range dataLines(english) {
		name = Fold(name)
		r := n.recs[name]
		if r == nil {
			r = &nameRec{init: initialBit(name)}
			n.recs[name] = r
		}
		r.english = true
	}
	for file, set := range map[string]map[string]bool{"noise.txt": n.noise, "filler.txt": n.filler, "particles.txt": n.particles} {
		data, err := fs.ReadFile(fsys, dir+"/"+file)
		if err != nil {
			return nil, fmt.Errorf("loading %s: %w", file, err)
		}
		for _, w := range dataLines(data) {
			set[Fold(w)] = true
		}
	}
	for w := range n.filler {
		if w != "" {
			n.fillers = append(n.fillers, w)
		}
	}
	sort.Slice(n.fillers, func(i, j int) bool {
		a, b := n.fillers[i], n.fillers[j]
		return len(a) > len(b) || len(a) == len(b) && a < b
	})
	return n, nil
}

func dataLines(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// namePair is one row of a given-name table: variant is a kind of root.
type namePair struct {
	root, variant string
	kind          Kind
}

func parseGiven(file string, data []byte) ([]namePair, error) {
	var out []namePair
	for i, line := range dataLines(data) {
		f := strings.Split(line, ",")
		if len(f) != 3 {
			return nil, fmt.Errorf("%s line %d: want name,variant,kind", file, i+1)
		}
		if f[0] == "name" {
			continue
		}
		root, variant := Fold(f[0]), Fold(f[1])
		var k Kind
		switch strings.TrimSpace(f[2]) {
		case "diminutive":
			k = KindDiminutive
		case "spelling":
			k = KindSpelling
		case "form":
			k = KindForm
		default:
			return nil, fmt.Errorf("%s line %d: unknown kind %q", file, i+1, f[2])
		}
		if root == "" || variant == "" || root == variant {
			return nil, fmt.Errorf("%s line %d: bad pair", file, i+1)
		}
		out = append(out, namePair{root, variant, k})
	}
	return out, nil
}

// build makes the classes (spellings of one another, joined) and links
// each diminutive and other-language form to its name's class.
func (n *Names) build(pairs []namePair) {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok {
			parent[x] = x
			return x
		}
		if p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, p := range pairs {
		a, b := find(p.root), find(p.variant)
		if p.kind == KindSpelling && a != b {
			// The first-seen name stays the representative.
			if a < b {
				parent[b] = a
			} else {
				parent[a] = b
			}
		}
	}
	classOf := map[string]int32{}
	class := func(name string) int32 {
		r := find(name)
		id, ok := classOf[r]
		if !ok {
			id = int32(len(n.rootNames))
			classOf[r] = id
			n.rootNames = append(n.rootNames, r)
		}
		return id
	}
	// Every name in a table is in its own class as KindSame.
	for _, p := range pairs {
		for _, name := range []string{p.root, p.variant} {
			c := class(name)
			if _, ok := n.roots[name]; !ok {
				n.addLink(name, link{c, KindSame})
				n.variants[c] = append(n.variants[c], name)
			}
		}
	}
	for _, p := range pairs {
		rc, vc := class(p.root), class(p.variant)
		switch p.kind {
		case KindDiminutive:
			n.addLink(p.variant, link{rc, KindDiminutive})
			n.variants[rc] = append(n.variants[rc], p.variant)
		case KindForm:
			// Forms go both ways: Ian is John's, John is Ian's.
			n.addLink(p.variant, link{rc, KindForm})
			n.addLink(p.root, link{vc, KindForm})
		}
		n.pairs++
	}
	n.initMask = make(map[string]uint32, len(n.roots))
	for name, ls := range n.roots {
		sort.Slice(ls, func(i, j int) bool { return ls[i].root < ls[j].root })
		n.roots[name] = ls
		m := initialBit(name)
		for _, l := range ls {
			if l.kind == KindForm {
				continue
			}
			m |= initialBit(n.rootNames[l.root])
			for _, v := range n.variants[l.root] {
				m |= initialBit(v)
			}
		}
		n.initMask[name] = m
	}
}

func (n *Names) addLink(name string, l link) {
	ls := n.roots[name]
	for i := range ls {
		if ls[i].root == l.root {
			if l.kind > ls[i].kind {
				ls[i].kind = l.kind
			}
			return
		}
	}
	n.roots[name] = append(ls, l)
}

// Pairs is how many name/variant pairs the table holds.
func (n *Names) Pairs() int { return n.pairs }

// Known reports whether name (folded) is in the given-name tables.
func (n *Names) Known(name string) bool { return n.recs[name].known() }

// known reports whether the tables relate the name to others.
func (r *nameRec) known() bool { return r != nil && len(r.links) > 0 }

// Relation says how two folded given names are related: the same name, a
// spelling, a nickname or another-language form, through a shared root.
func (n *Names) Relation(a, b string) Kind {
	if a == b {
		return KindSame
	}
	return relation(n.recs[a], n.recs[b])
}

// relation is Relation over two names' records (nil: not in the tables).
func relation(ra, rb *nameRec) Kind {
	if ra == nil || rb == nil || otherSex(ra, rb) {
		return KindNone
	}
	la, lb := ra.links, rb.links
	best := KindNone
	i, j := 0, 0
	for i < len(la) && j < len(lb) {
		switch {
		case la[i].root < lb[j].root:
			i++
		case la[i].root > lb[j].root:
			j++
		default:
			k := min(la[i].kind, lb[j].kind)
			if k == KindSame {
				// Two spellings of one class are spellings of each other.
				k = KindSpelling
			}
			best = max(best, k)
			i++
			j++
		}
	}
	return best
}

// OtherSex reports whether two names are each borne by one sex only, and
// not the same one: Louis and Louise, Frederick and Frederica.
func (n *Names) OtherSex(a, b string) bool { return otherSex(n.recs[a], n.recs[b]) }

func otherSex(ra, rb *nameRec) bool {
	return ra != nil && rb != nil && ra.sex != 0 && rb.sex != 0 && ra.sex != rb.sex
}

// Noise reports whether a folded word is decoration (a title, "official").
func (n *Names) Noise(w string) bool { return n.noise[w] }

// Particle reports whether a folded word is a surname particle (van, de).
func (n *Names) Particle(w string) bool { return n.particles[w] }

// initialBit maps a word's first letter to a bit, folding letters that
// start the same sound (C/K/Q, and Ph- with F) together.
func initialBit(w string) uint32 {
	if w == "" {
		return 0
	}
	c := w[0]
	switch {
	case c == 'c' || c == 'q':
		c = 'k'
	case c == 'p' && len(w) > 1 && w[1] == 'h':
		c = 'f'
	}
	if c < 'a' || c > 'z' {
		return 1 << 26
	}
	return 1 << (c - 'a')
}

// givenKeys lists the blocking keys of a middle name on the watch-list,
// hashed (see keyHash): the name, its roots in the table, its sound key,
// its initial. A connection word finds the name when they share a key
// (see Matcher.wordGids).
func (n *Names) givenKeys(g string, out []uint64) []uint64 {
	if g == "" {
		return out
	}
	if len(g) == 1 {
		// The watch-list has only an initial: any word with that letter.
		return append(out, keyHash(kOnlyInitial, g))
	}
	out = append(out, keyHash(kName, g), keyHash(kSound, skeleton(g)), keyHash(kInitial, g[:1]))
	if len(g) >= 3 {
		out = append(out, keyHash(kTranslit, translitKey(g)))
	}
	for _, l := range n.roots[g] {
		out = append(out, keyHash(kName, n.rootNames[l.root]))
	}
	return out
}

// givenKeysWeak lists the keys only a first name needs, and only with a
// common surname: the ways it may be shortened, slipped or said in
// English.
func (n *Names) givenKeysWeak(g string, out []uint64) []uint64 {
	if len(g) < 2 {
		return out
	}
	// The beginnings and ends of a long name, which is how many names are
	// shortened (Jas for Jaswinder, Seun for Oluwaseun).
	for k := 3; k <= 6 && k+2 <= len(g); k++ {
		out = append(out, keyHash(kPrefix, g[:k]), keyHash(kSuffix, g[len(g)-k:]))
	}
	// The start of its sound, for an English name used for it (Neil for
	// Nilesh).
	if len(g) >= 5 {
		sk := skeleton(g)
		for k := 2; k <= 3 && k < len(sk); k++ {
			out = append(out, keyHash(kSoundStart, sk[:k]))
		}
	}
	// The inner parts of a long name (Funmi of Olufunmilayo).
	if len(g) >= 9 {
		for at := 2; at+4 < len(g); at++ {
			for k := 4; k <= 5 && at+k < len(g); k++ {
				if 10*k >= 4*len(g) {
					out = append(out, keyHash(kPart, g[at:at+k]))
				}
			}
		}
	}
	// The name and the name less each letter, so that a one-letter slip
	// shares a key with it (see Matcher.wordGids).
	if len(g) >= 3 {
		out = append(out, keyHash(kGivenDel, g))
	}
	if len(g) >= 4 && len(g) <= maxSlipLen {
		var buf [maxSlipLen]byte
		for k := range len(g) {
			if k > 0 && g[k] == g[k-1] {
				continue
			}
			b := append(append(buf[:0], g[:k]...), g[k+1:]...)
			out = append(out, keyHashBytes(kGivenDel, b))
		}
	}
	return out
}
