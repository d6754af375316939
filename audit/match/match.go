// Package match looks for current and former patients among a doctor's
// connections: it matches names, handles and places against the doctor's
// watch-list, robust to how people write their names on social media, and,
// without a watch-list, ranks connections that are worth a look.
//
// Candidates carry names and reasons for the doctor to review on their own
// computer; the audit findings built from them name no one.
package match

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"chaperone/audit"
	"chaperone/audit/watchlist"
)

// DefaultThreshold is the score from which a connection is a candidate.
// It is set so that a full first name (or a known nickname) with the exact
// surname passes, and so does an initial with the exact surname, since
// "J. Smith" and "jsmith_84" are how many people appear; a different first
// name with the same surname does not.
const DefaultThreshold = 0.6

// Candidate is a connection that may be a person on the watch-list.
type Candidate struct {
	// Conn is the index of the connection in the list that was matched.
	Conn   int
	Person watchlist.Person
	// Index is the person's position in the watch-list.
	Index   int
	Score   float64
	Reasons []string
}

// Options tune a Matcher.
type Options struct {
	// Threshold is the lowest score reported; 0 means DefaultThreshold.
	Threshold float64
	// Now dates years of birth read from handles; zero means time.Now().
	Now time.Time
}

// Matcher matches connections against one watch-list. It is safe for
// concurrent use.
type Matcher struct {
	names   *Names
	people  []watchlist.Person
	entries []entry
	// keys maps a surname, its sound key ("~smt") and its one-letter
	// deletions ("-smth") to distinct surname IDs; post lists, per
	// surname ID, the people with that surname and their initials.
	keys map[string][]int32
	// pairs maps (surname ID, given-name key ID) to the people who have
	// both; gkeys interns the given-name keys.
	pairs     map[uint64][]int32
	gkeys     map[string]uint32
	threshold float64
	thisYear  int
	scratch   sync.Pool
}

// surname forms of a watch-list person.
type sKind uint8

const (
	sPrimary sKind = iota // the surname as written, joined: "taylorwood"
	sPart                 // one part of a double-barrelled surname
	sMaiden               // a second surname the person was known by
)

type sform struct {
	text string
	kind sKind
	skel string
	of   string // the whole surname a part belongs to
}

type entry struct {
	given    []string // first name, then middle names
	joined   string   // the given names run together: "maryanne"
	surnames []sform
	initMask uint32
	place    place
	year     int
}

// New builds a Matcher over the watch-list people. Names are indexed by
// surname (exact and by sound) with a mask of possible initials, so that
// matching costs a few look-ups per connection, not a comparison with
// every name on the list.
func New(people []watchlist.Person, opts Options) (*Matcher, error) {
	names, err := DefaultNames()
	if err != nil {
		return nil, err
	}
	m := &Matcher{
		names:     names,
		people:    append([]watchlist.Person(nil), people...),
		entries:   make([]entry, len(people)),
		threshold: opts.Threshold,
		thisYear:  opts.Now.Year(),
	}
	if m.threshold <= 0 {
		m.threshold = DefaultThreshold
	}
	if opts.Now.IsZero() {
		m.thisYear = time.Now().Year()
	}
	surID := map[string]int32{}
	m.pairs = make(map[uint64][]int32, len(people)*4)
	m.gkeys = map[string]uint32{}
	var gk []string
	var sids []int32
	for i, p := range people {
		e := names.prepare(p)
		m.entries[i] = e
		sids = sids[:0]
		for _, f := range e.surnames {
			if len(f.text) < 2 {
				continue
			}
			sid, ok := surID[f.text]
			if !ok {
				sid = int32(len(surID))
				surID[f.text] = sid
			}
			sids = append(sids, sid)
		}
		gk = gk[:0]
		for _, g := range e.given {
			gk = names.givenKeys(g, gk)
		}
		if e.joined != "" {
			gk = names.givenKeys(e.joined, gk)
		}
		for _, k := range gk {
			kid, ok := m.gkeys[k]
			if !ok {
				kid = uint32(len(m.gkeys))
				m.gkeys[k] = kid
			}
			for _, sid := range sids {
				pk := uint64(sid)<<32 | uint64(kid)
				ids := m.pairs[pk]
				if len(ids) > 0 && ids[len(ids)-1] == int32(i) {
					continue
				}
				m.pairs[pk] = append(ids, int32(i))
			}
		}
	}
	// Keys are built once per distinct surname, not per person.
	m.keys = make(map[string][]int32, len(surID)*4)
	addKey := func(k string, sid int32) {
		ids := m.keys[k]
		if len(ids) > 0 && ids[len(ids)-1] == sid {
			return
		}
		m.keys[k] = append(ids, sid)
	}
	for text, sid := range surID {
		addKey(text, sid)
		if len(text) >= 5 {
			addKey("~"+skeleton(text), sid)
		}
		// One-letter deletions catch a one-letter slip in a long surname
		// (Thomson for Thompson) without comparing pairs.
		if len(text) >= 6 {
			for k := range len(text) {
				addKey("-"+text[:k]+text[k+1:], sid)
			}
		}
	}
	n := len(people)
	m.scratch.New = func() any { return &scratch{seen: make([]uint32, n)} }
	return m, nil
}

// Len is the number of people on the watch-list.
func (m *Matcher) Len() int { return len(m.entries) }

// Threshold is the score from which a match is reported.
func (m *Matcher) Threshold() float64 { return m.threshold }

// prepare splits a watch-list person's name into given names and surname
// forms: "Mary-Anne Taylor-Wood (née Brown)" has given [mary anne],
// surnames taylorwood, taylor, wood, and maiden brown.
func (n *Names) prepare(p watchlist.Person) entry {
	var e entry
	e.year = p.BirthYear
	e.place = parsePlace(p.Place)
	name := strings.TrimSpace(p.Name)
	// "Smith, John" is surname first.
	swapped := false
	if i := strings.IndexByte(name, ','); i > 0 && len(strings.Fields(name[:i])) == 1 && strings.TrimSpace(name[i+1:]) != "" {
		name = strings.TrimSpace(name[i+1:]) + " " + name[:i]
		swapped = true
	}
	_ = swapped
	pn := n.parseName(name)
	var main, second []word
	for _, w := range pn.words {
		if w.paren {
			second = append(second, w)
		} else {
			main = append(main, w)
		}
	}
	if len(main) == 0 {
		main, second = second, nil
	}
	if len(main) == 0 {
		return e
	}
	// The surname is the last hyphen group, with any particles before it.
	last := len(main) - 1
	start := last
	for start > 0 && main[start-1].group == main[last].group {
		start--
	}
	for start > 1 && n.particles[main[start-1].text] {
		start--
	}
	if start == 0 && len(main) > 1 {
		start = last
	}
	sur := main[start:]
	for _, w := range main[:start] {
		e.given = append(e.given, w.text)
	}
	e.addSurname(sur, sPrimary, n)
	// Bracketed words are a nickname when they are a known given name,
	// otherwise a second surname.
	var maiden []word
	for _, w := range second {
		if n.Known(w.text) && len(e.given) > 0 && !w.maiden {
			e.given = append(e.given, w.text)
		} else {
			maiden = append(maiden, w)
		}
	}
	if p.Maiden != "" {
		maiden = append(maiden, n.parseName(p.Maiden).words...)
	}
	if len(maiden) > 0 {
		e.addSurname(maiden, sMaiden, n)
	}
	if len(e.given) > 1 {
		e.joined = strings.Join(e.given, "")
	}
	for _, g := range e.given {
		e.initMask |= n.initials(g)
	}
	return e
}

func (e *entry) addSurname(ws []word, kind sKind, n *Names) {
	var whole strings.Builder
	for _, w := range ws {
		whole.WriteString(w.text)
	}
	full := whole.String()
	e.surnames = append(e.surnames, sform{text: full, kind: kind, skel: skeleton(full), of: full})
	if len(ws) > 1 {
		for _, w := range ws {
			if len(w.text) < 2 || n.particles[w.text] {
				continue
			}
			k := sPart
			if kind == sMaiden {
				k = sMaiden
			}
			e.surnames = append(e.surnames, sform{text: w.text, kind: k, skel: skeleton(w.text), of: full})
		}
	}
}

type scratch struct {
	seen  []uint32
	stamp uint32
	ids   []int32
	buf   []byte
	kbuf  []byte
	gids  []uint32
}

// probe is a connection prepared for matching.
type probe struct {
	name        parsed
	nameSkels   []string
	handle      handle
	handleWords []word
	handleSkels []string
	years       []int
	place       place
	hasPlace    bool
}

func (m *Matcher) probe(c audit.Connection) probe {
	var p probe
	p.name = m.names.parseName(c.Name)
	p.handle = m.names.parseHandle(handleFrom(c.Handle, c.URL))
	p.years = years(append(append([]string(nil), p.name.nums...), p.handle.nums...), m.thisYear)
	p.place = parsePlace(c.Location)
	p.hasPlace = !p.place.empty()
	for _, w := range p.name.words {
		p.nameSkels = append(p.nameSkels, skeleton(w.text))
	}
	for i, w := range p.handle.words {
		p.handleWords = append(p.handleWords, word{text: w, group: i, pos: i})
		p.handleSkels = append(p.handleSkels, skeleton(w))
	}
	return p
}

// Match returns the watch-list people that connection c may be, best first.
func (m *Matcher) Match(c audit.Connection) []Candidate {
	sc := m.scratch.Get().(*scratch)
	defer m.scratch.Put(sc)
	return m.match(c, 0, sc)
}

// MatchAll matches every connection, in order; ctx can stop it early.
func (m *Matcher) MatchAll(ctx context.Context, conns []audit.Connection) ([]Candidate, error) {
	sc := m.scratch.Get().(*scratch)
	defer m.scratch.Put(sc)
	var out []Candidate
	for i, c := range conns {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("matching connections: %w", err)
			}
		}
		out = append(out, m.match(c, i, sc)...)
	}
	return out, nil
}

func (m *Matcher) match(c audit.Connection, connIdx int, sc *scratch) []Candidate {
	if len(m.entries) == 0 {
		return nil
	}
	p := m.probe(c)
	sc.stamp++
	if sc.stamp == 0 {
		clear(sc.seen)
		sc.stamp = 1
	}
	sc.ids = sc.ids[:0]
	add := func(sids []int32, given []uint32) {
		for _, sid := range sids {
			for _, g := range given {
				for _, id := range m.pairs[uint64(sid)<<32|uint64(g)] {
					if sc.seen[id] != sc.stamp {
						sc.seen[id] = sc.stamp
						sc.ids = append(sc.ids, id)
					}
				}
			}
		}
	}
	// lookup finds people whose surname is w, or failing that sounds or is
	// spelt like it, and who have a given name one of the other words
	// could be.
	lookup := func(w, skel string, given []uint32) {
		if len(w) < 2 || len(given) == 0 {
			return
		}
		if sids, ok := m.keys[w]; ok {
			add(sids, given)
			return
		}
		if len(w) < 5 || len(w) >= 40 {
			return
		}
		sc.buf = append(append(sc.buf[:0], '~'), skel...)
		add(m.keys[string(sc.buf)], given)
		sc.buf = append(append(sc.buf[:0], '-'), w...)
		add(m.keys[string(sc.buf)], given)
		for k := range len(w) {
			sc.buf = append(append(sc.buf[:1], w[:k]...), w[k+1:]...)
			add(m.keys[string(sc.buf)], given)
			add(m.keys[string(sc.buf[1:])], given)
		}
	}
	// Given-name key IDs of each word, computed once.
	wordG := func(words []word) [][]uint32 {
		out := make([][]uint32, len(words))
		for i, w := range words {
			out[i] = m.wordGids(w.text, sc, nil)
		}
		return out
	}
	others := func(g [][]uint32, skip int) []uint32 {
		sc.gids = sc.gids[:0]
		for i, ids := range g {
			if i != skip {
				sc.gids = append(sc.gids, ids...)
			}
		}
		return sc.gids
	}
	nameG := wordG(p.name.words)
	handleG := wordG(p.handleWords)
	for i, w := range p.name.words {
		lookup(w.text, p.nameSkels[i], others(nameG, i))
	}
	if len(p.name.alts) > 0 {
		all := others(nameG, -1)
		for _, w := range p.name.alts {
			lookup(w, skeleton(w), all)
		}
	}
	for i, w := range p.handleWords {
		lookup(w.text, p.handleSkels[i], others(handleG, i))
	}
	blobs := p.handle.blobs
	if len(p.name.words) == 1 && len(p.name.words[0].text) >= 4 {
		blobs = append(blobs[:len(blobs):len(blobs)], p.name.words[0].text)
	}
	for _, b := range blobs {
		if len(b) > 40 {
			continue
		}
		for i := 0; i+2 < len(b); i++ {
			for j := i + 2; j <= len(b); j++ {
				sids, ok := m.keys[b[i:j]]
				if !ok {
					continue
				}
				g := sc.gids[:0]
				for _, rest := range []string{b[:i], b[j:], m.names.stripNoise(b[:i], true), m.names.stripNoise(b[j:], false)} {
					if rest == "" {
						continue
					}
					if len(rest) <= 2 {
						g = m.wordGids(rest[:1], sc, g)
						continue
					}
					g = m.wordGids(rest, sc, g)
					// A middle initial glued on: "bobj".
					g = m.wordGids(rest[:len(rest)-1], sc, g)
				}
				sc.gids = g
				add(sids, g)
			}
		}
	}
	var out []Candidate
	for _, id := range sc.ids {
		score, ws := m.score(&p, &m.entries[id])
		if score >= m.threshold {
			out = append(out, Candidate{Conn: connIdx, Person: m.people[id], Index: int(id), Score: score, Reasons: ws.strings()})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Index < out[j].Index
	})
	return out
}

// wordGids appends the IDs of the given-name keys a connection word may
// stand for (see Names.wordKeys), building each key in a scratch buffer so
// that looking them up allocates nothing.
func (m *Matcher) wordGids(w string, sc *scratch, out []uint32) []uint32 {
	if w == "" {
		return out
	}
	look := func(prefix byte, s string) {
		sc.kbuf = append(append(append(sc.kbuf[:0], prefix), ':'), s...)
		if id, ok := m.gkeys[string(sc.kbuf)]; ok {
			out = append(out, id)
		}
	}
	if len(w) == 1 {
		look('i', w)
		look('w', w)
		return out
	}
	look('n', w)
	look('k', skeleton(w))
	look('w', w[:1])
	for _, l := range m.names.roots[w] {
		look('n', m.names.rootNames[l.root])
	}
	return out
}
