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

// link is one root name a given name belongs to, and how.
type link struct {
	root int32
	kind Kind
}

// Names is the table of given names, their diminutives and variant
// spellings, plus the words that decorate display names. Two given names
// are related when they share a root: Liz and Beth through Elizabeth, but
// not Robert and Albert though both are "Bert".
type Names struct {
	ids       map[string]int32
	rootNames []string
	roots     map[string][]link // name -> roots it belongs to, sorted by root
	initMask  map[string]uint32
	variants  map[int32][]string
	noise     map[string]bool
	filler    map[string]bool
	particles map[string]bool
	pairs     int
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

// LoadNames reads given.csv, noise.txt, filler.txt and particles.txt from dir
// in fsys.
func LoadNames(fsys fs.FS, dir string) (*Names, error) {
	n := &Names{
		ids:       map[string]int32{},
		initMask:  map[string]uint32{},
		roots:     map[string][]link{},
		variants:  map[int32][]string{},
		noise:     map[string]bool{},
		filler:    map[string]bool{},
		particles: map[string]bool{},
	}
	given, err := fs.ReadFile(fsys, dir+"/given.csv")
	if err != nil {
		return nil, fmt.Errorf("loading given names: %w", err)
	}
	if err := n.parseGiven(given); err != nil {
		return nil, err
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

func (n *Names) id(name string) int32 {
	if id, ok := n.ids[name]; ok {
		return id
	}
	id := int32(len(n.ids))
	n.ids[name] = id
	n.rootNames = append(n.rootNames, name)
	return id
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

func (n *Names) parseGiven(data []byte) error {
	for i, line := range dataLines(data) {
		f := strings.Split(line, ",")
		if len(f) != 3 {
			return fmt.Errorf("given.csv line %d: want name,variant,kind", i+1)
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
			return fmt.Errorf("given.csv line %d: unknown kind %q", i+1, f[2])
		}
		if root == "" || variant == "" || root == variant {
			return fmt.Errorf("given.csv line %d: bad pair", i+1)
		}
		rid := n.id(root)
		n.addLink(root, link{rid, KindSame})
		n.addLink(variant, link{rid, k})
		n.variants[rid] = append(n.variants[rid], variant)
		n.pairs++
	}
	n.initMask = make(map[string]uint32, len(n.roots))
	for name, ls := range n.roots {
		sort.Slice(ls, func(i, j int) bool { return ls[i].root < ls[j].root })
		n.roots[name] = ls
		m := initialBit(name)
		for _, l := range ls {
			m |= initialBit(n.rootNames[l.root])
			for _, v := range n.variants[l.root] {
				m |= initialBit(v)
			}
		}
		n.initMask[name] = m
	}
	return nil
}

// Pairs is how many name/variant pairs the table holds.
func (n *Names) Pairs() int { return n.pairs }

// Known reports whether name (folded) is in the given-name table.
func (n *Names) Known(name string) bool { _, ok := n.roots[name]; return ok }

// Relation says how two folded given names are related: the same name, a
// spelling, a nickname or another-language form, through a shared root.
func (n *Names) Relation(a, b string) Kind {
	if a == b {
		return KindSame
	}
	la, lb := n.roots[a], n.roots[b]
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
				k = KindSpelling
			}
			best = max(best, k)
			i++
			j++
		}
	}
	// Two spellings of one root are spellings of each other; a nickname of
	// a spelling variant is still a nickname.
	return best
}

// Noise reports whether a folded word is decoration (a title, "official").
func (n *Names) Noise(w string) bool { return n.noise[w] }

// Particle reports whether a folded word is a surname particle (van, de).
func (n *Names) Particle(w string) bool { return n.particles[w] }

// initials is the set of initial classes under which a given name may
// appear: its own, its roots' and its roots' other variants'. Bob may
// appear as "R." (Robert), and Robert as "B." (Bob).
func (n *Names) initials(name string) uint32 {
	if m, ok := n.initMask[name]; ok {
		return m
	}
	return initialBit(name)
}

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

// givenKeys lists the blocking keys of a given name on the watch-list,
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
	for _, l := range n.roots[g] {
		out = append(out, keyHash(kName, n.rootNames[l.root]))
	}
	return out
}
