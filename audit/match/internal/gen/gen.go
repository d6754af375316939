// Package gen builds the matcher's evaluation set: an invented watch-list,
// and connections that are realistic social-media renderings of the people
// on it (nicknames, initials, emoji, handles, maiden names, swapped order)
// mixed with near misses that are other people (same surname, different
// first name) and unrelated names. It is deterministic for a given seed.
package gen

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Splits names the disjoint name lists. "origins" also renders names in
// ways the other two do not (titles, pronouns, flags, spaced or dropped
// surname prefixes, hyphenated married names).
var Splits = []string{"tune", "heldout", "origins"}

// Person is one generated watch-list row.
type Person struct {
	Name      string
	Maiden    string
	BirthYear int
	Place     string
}

// Conn is one generated connection with the answer: Want is the 1-based
// watch-list row it renders, 0 for someone not on the list.
type Conn struct {
	Name     string `json:"name,omitempty"`
	Handle   string `json:"handle,omitempty"`
	Location string `json:"location,omitempty"`
	Want     int    `json:"want"`
	Variant  string `json:"variant"`
}

// Set is one split of the test set.
type Set struct {
	People []Person
	Conns  []Conn
}

// rng is splitmix64: tiny, and its stream never changes between Go
// releases, so the files are reproducible.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
func (r *rng) intn(n int) int        { return int(r.next() % uint64(n)) }
func (r *rng) chance(p float64) bool { return float64(r.next()%1000000) < p*1000000 }
func pick[T any](r *rng, xs []T) T   { return xs[r.intn(len(xs))] }

type given struct {
	name   string
	shorts []string
	other  string
}

func parseGiven(specs []string) []given {
	var out []given
	for _, s := range specs {
		var g given
		name, rest, _ := strings.Cut(s, ":")
		g.name = name
		rest, g.other, _ = strings.Cut(rest, ">")
		if rest != "" {
			g.shorts = strings.Split(rest, ",")
		}
		out = append(out, g)
	}
	return out
}

// related reports whether two given names may be one person's by the
// generator's own lists (so a near miss never reuses a short form).
func related(gs []given, a, b string) bool {
	fa, fb := fold(a), fold(b)
	if fa == fb {
		return true
	}
	for _, g := range gs {
		in := func(x string) bool {
			if fold(g.name) == x {
				return true
			}
			for _, s := range g.shorts {
				if fold(s) == x {
					return true
				}
			}
			return false
		}
		if in(fa) && in(fb) {
			return true
		}
	}
	return false
}

// plainLetters are how people type letters that have no accent to drop.
var plainLetters = map[rune]string{'ł': "l", 'ø': "o", 'ß': "ss", 'đ': "d", 'æ': "ae", 'œ': "oe"}

func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		if p, ok := plainLetters[r]; ok {
			b.WriteString(p)
		} else if r < utf8.RuneSelf && unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func cap1(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' })
	for i, p := range parts {
		hy := strings.Split(p, "-")
		for j, h := range hy {
			if strings.HasPrefix(h, "o'") && len(h) > 2 {
				hy[j] = "O'" + strings.ToUpper(h[2:3]) + h[3:]
				continue
			}
			if strings.HasPrefix(h, "mc") && len(h) > 2 {
				hy[j] = "Mc" + strings.ToUpper(h[2:3]) + h[3:]
				continue
			}
			if h == "van" || h == "der" || h == "de" || h == "la" {
				continue
			}
			r, n := utf8.DecodeRuneInString(h)
			hy[j] = string(unicode.ToUpper(r)) + h[n:]
		}
		parts[i] = strings.Join(hy, "-")
	}
	return strings.Join(parts, " ")
}

// Generate builds one split: people watch-list rows, each with four
// renderings among the connections, plus near misses and strangers.
func Generate(split string, seed uint64, people int) (*Set, error) {
	var l lists
	switch split {
	case "tune":
		l = tune
	case "heldout":
		l = heldout
	case "origins":
		l = origins
	default:
		return nil, fmt.Errorf("unknown split %q", split)
	}
	r := &rng{s: seed}
	gs := parseGiven(l.given)
	type person struct {
		Person
		first, middle, surname, maiden, town string
		g                                    given
	}
	var ps []person
	seen := map[string]bool{}
	for len(ps) < people {
		g := pick(r, gs)
		sur := pick(r, l.surnames)
		if r.chance(0.06) {
			other := pick(r, l.surnames)
			if !strings.ContainsAny(sur+other, " -") && other != sur {
				sur = sur + "-" + other
			}
		}
		key := fold(g.name) + "|" + fold(sur)
		if seen[key] {
			continue
		}
		seen[key] = true
		p := person{first: g.name, surname: sur, g: g}
		if r.chance(0.4) {
			if m := pick(r, gs); !related(gs, m.name, g.name) {
				p.middle = m.name
			}
		}
		if r.chance(0.18) {
			if m := pick(r, l.surnames); m != sur {
				p.maiden = m
			}
		}
		if r.chance(0.7) {
			p.BirthYear = 1940 + r.intn(66)
		}
		if r.chance(0.6) {
			p.town = pick(r, l.towns)
			p.Place = p.town
			if r.chance(0.2) {
				p.Place = fmt.Sprintf("%s%d %d%c%c", strings.ToUpper(fold(p.town)[:2]), 1+r.intn(9), r.intn(10), 'A'+rune(r.intn(26)), 'A'+rune(r.intn(26)))
			}
		}
		full := strings.TrimSpace(strings.Join([]string{cap1(p.first), cap1(p.middle), cap1(p.surname)}, " "))
		full = strings.Join(strings.Fields(full), " ")
		switch {
		case r.chance(0.1):
			p.Name = cap1(p.surname) + ", " + strings.TrimSpace(cap1(p.first)+" "+cap1(p.middle))
			if p.maiden != "" {
				p.Maiden = cap1(p.maiden)
			}
		case p.maiden != "" && r.chance(0.5):
			p.Name = full + " (née " + cap1(p.maiden) + ")"
		default:
			p.Name = full
			if p.maiden != "" {
				p.Maiden = cap1(p.maiden)
			}
		}
		ps = append(ps, p)
	}
	set := &Set{}
	for _, p := range ps {
		set.People = append(set.People, p.Person)
	}
	surnameTaken := func(given, sur string) bool {
		for _, p := range ps {
			if (fold(p.surname) == fold(sur) || fold(p.maiden) == fold(sur)) && related(gs, p.first, given) {
				return true
			}
		}
		return false
	}
	for i, p := range ps {
		want := i + 1
		vs := pickVariants(r, p.g, p.middle != "", p.maiden != "", strings.ContainsAny(p.surname, "- "), 4)
		if split == "origins" {
			vs = pickOrigins(r, vs, p.surname)
		}
		for _, v := range vs {
			c := render(r, v, p.first, p.middle, p.surname, p.maiden, p.BirthYear, p.g)
			if v == "married" {
				// A hyphenated married name: the birth surname, then a spouse's.
				c.Name = cap1(p.first) + " " + cap1(p.surname) + "-" + cap1(pick(r, l.surnames))
			}
			c.Want, c.Variant = want, v
			if p.town != "" && r.chance(0.5) {
				c.Location = location(r, p.town)
			} else if r.chance(0.15) {
				c.Location = location(r, pick(r, otherTowns))
			}
			set.Conns = append(set.Conns, c)
		}
		// Near misses: other people who share part of the name.
		for k := 0; k < 3; k++ {
			var first, sur, v string
			switch k {
			case 0:
				v, sur = "same surname", p.surname
				for first = pick(r, gs).name; related(gs, first, p.first) || (p.middle != "" && related(gs, first, p.middle)); first = pick(r, gs).name {
				}
			case 1:
				v, first = "same first name", p.first
				for sur = pick(r, l.surnames); fold(sur) == fold(p.surname) || fold(sur) == fold(p.maiden) || strings.Contains(fold(p.surname), fold(sur)); sur = pick(r, l.surnames) {
				}
			case 2:
				switch {
				case p.g.other != "" && r.chance(0.6):
					v, first, sur = "other sex", p.g.other, p.surname
				case strings.Contains(p.surname, "-"):
					parts := strings.Split(p.surname, "-")
					v, first, sur = "other double surname", p.first, parts[0]+"-"+pick(r, []string{"lloyd", "hart", "moss", "finch"})
				default:
					v, first, sur = "lookalike surname", p.first, lookalike(p.surname)
				}
			}
			if surnameTaken(first, sur) {
				continue
			}
			c := render(r, pick(r, []string{"full", "case", "deco", "nick", "fullhandle"}), first, "", sur, "", 1940+r.intn(66), findGiven(gs, first))
			c.Want, c.Variant = 0, "near miss: "+v
			if r.chance(0.4) {
				c.Location = location(r, pick(r, append(append([]string(nil), l.towns...), otherTowns...)))
			}
			set.Conns = append(set.Conns, c)
		}
		// Strangers.
		for k := 0; k < 2; k++ {
			g, sur := pick(r, gs), pick(r, l.surnames)
			if surnameTaken(g.name, sur) {
				continue
			}
			c := render(r, pick(r, []string{"full", "nick", "deco", "fullhandle", "initial"}), g.name, "", sur, "", 1940+r.intn(66), g)
			c.Variant = "stranger"
			set.Conns = append(set.Conns, c)
		}
	}
	// Shuffle so that neighbours in the file are unrelated.
	for i := len(set.Conns) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		set.Conns[i], set.Conns[j] = set.Conns[j], set.Conns[i]
	}
	return set, nil
}

// pickOrigins replaces some of a person's renderings with the ones the
// origins split adds.
func pickOrigins(r *rng, vs []string, sur string) []string {
	extra := []string{"title", "title", "married"}
	f := strings.ToLower(sur)
	if strings.HasPrefix(f, "al-") || strings.HasPrefix(f, "el-") || strings.HasPrefix(f, "o'") ||
		strings.HasPrefix(f, "ap ") || strings.HasPrefix(f, "ab ") || strings.HasPrefix(f, "bin ") {
		extra = append(extra, "prefix", "prefix")
	}
	if hasNonASCII(sur) {
		extra = append(extra, "plainsur")
	}
	if len(extra) > 3 {
		// A surname prefix is not one of two surnames: no "part" rendering.
		for i, v := range vs {
			if v == "part" && !slicesContains(vs, "prefix") {
				vs[i] = "prefix"
			}
		}
	}
	for k := 0; k < 2; k++ {
		v := pick(r, extra)
		if !slicesContains(vs, v) {
			vs[r.intn(len(vs))] = v
		}
	}
	return vs
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// prefixForms are how a surname with a prefix gets written: spaced,
// joined, or without the prefix.
func prefixForms(sur string) []string {
	f := strings.ToLower(sur)
	for _, p := range []string{"al-", "el-", "o'", "ap ", "ab ", "bin "} {
		if strings.HasPrefix(f, p) {
			pre, rest := cap1(strings.TrimRight(p, "-' ")), cap1(f[len(p):])
			forms := []string{pre + " " + rest, pre + strings.ToLower(rest)}
			if p != "o'" {
				forms = append(forms, rest)
			}
			return forms
		}
	}
	return []string{cap1(sur)}
}

func findGiven(gs []given, name string) given {
	for _, g := range gs {
		if g.name == name {
			return g
		}
	}
	return given{name: name}
}

func lookalike(s string) string {
	if strings.HasSuffix(s, "s") {
		return s[:len(s)-1] + "son"
	}
	if strings.HasSuffix(s, "son") {
		return strings.TrimSuffix(s, "son") + "s"
	}
	return s + "son"
}

func location(r *rng, town string) string {
	switch r.intn(4) {
	case 0:
		return "Lives in " + town + ", United Kingdom"
	case 1:
		return town
	case 2:
		return town + ", England"
	}
	return "From " + town
}

// pickVariants chooses n different renderings that apply to a person.
func pickVariants(r *rng, g given, hasMiddle, hasMaiden, barrelled bool, n int) []string {
	all := []string{"full", "case", "deco", "fancy", "initial", "swap", "handle", "handle", "typo"}
	if len(g.shorts) > 0 {
		all = append(all, "nick", "nick", "nick", "nickhandle", "nickdeco")
	}
	if hasMiddle {
		all = append(all, "middle", "bymiddle")
	}
	if hasMaiden {
		all = append(all, "maiden", "maiden")
	}
	if barrelled {
		all = append(all, "part", "part")
	}
	if fold(g.name) != strings.ToLower(g.name) || hasNonASCII(g.name) {
		all = append(all, "accent")
	}
	if cyrillic(g.name) != "" {
		all = append(all, "cyrillic")
	}
	var out []string
	used := map[string]bool{}
	for len(out) < n {
		v := pick(r, all)
		if used[v] {
			continue
		}
		used[v] = true
		out = append(out, v)
	}
	return out
}

func hasNonASCII(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

var toCyrillic = []struct{ lat, cyr string }{
	{"sh", "ш"}, {"ch", "ч"}, {"zh", "ж"}, {"kh", "х"}, {"ts", "ц"}, {"ya", "я"}, {"yu", "ю"},
	{"a", "а"}, {"b", "б"}, {"v", "в"}, {"g", "г"}, {"d", "д"}, {"e", "е"}, {"z", "з"},
	{"i", "и"}, {"y", "й"}, {"k", "к"}, {"l", "л"}, {"m", "м"}, {"n", "н"}, {"o", "о"},
	{"p", "п"}, {"r", "р"}, {"s", "с"}, {"t", "т"}, {"u", "у"}, {"f", "ф"},
}

// cyrillic writes a Latin name in Cyrillic letters, or "" when a letter
// has no single counterpart.
func cyrillic(s string) string {
	s = fold(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		ok := false
		for _, m := range toCyrillic {
			if strings.HasPrefix(s[i:], m.lat) {
				if i == 0 {
					b.WriteString(strings.ToUpper(m.cyr))
				} else {
					b.WriteString(m.cyr)
				}
				i += len(m.lat)
				ok = true
				break
			}
		}
		if !ok {
			return ""
		}
	}
	return b.String()
}

var bold = map[rune]rune{}

func init() {
	for c := 'A'; c <= 'Z'; c++ {
		bold[c] = 0x1D400 + (c - 'A')
	}
	for c := 'a'; c <= 'z'; c++ {
		bold[c] = 0x1D41A + (c - 'a')
	}
}

func fancy(s string, script bool) string {
	var b strings.Builder
	for _, r := range s {
		if m, ok := bold[r]; ok {
			if script {
				m += 0x1D4D0 - 0x1D400 // bold script
			}
			b.WriteRune(m)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func typo(r *rng, s string) string {
	if len(s) < 6 || strings.ContainsAny(s, " -'") || hasNonASCII(s) {
		return s
	}
	i := 1 + r.intn(len(s)-3)
	switch r.intn(3) {
	case 0:
		return s[:i] + s[i+1:i+2] + s[i:i+1] + s[i+2:]
	case 1:
		return s[:i] + s[i+1:]
	}
	return s[:i] + s[i:i+1] + s[i:]
}

// handleOf makes a user name from name parts the way people do.
func handleOf(r *rng, first, sur string, year int) string {
	f, s := fold(first), fold(sur)
	yy := strconv.Itoa(year % 100)
	if len(yy) == 1 {
		yy = "0" + yy
	}
	switch r.intn(9) {
	case 0:
		return f[:1] + s + "_" + yy
	case 1:
		return f + "." + s
	case 2:
		return f + s + strconv.Itoa(year)
	case 3:
		return s + "." + f
	case 4:
		return "the_real_" + f + s
	case 5:
		return f + "_" + s + "_x"
	case 6:
		return strings.ToUpper(f[:1]) + f[1:] + strings.ToUpper(s[:1]) + s[1:] + yy
	case 7:
		return f + s
	}
	return s + f[:1]
}

func render(r *rng, v, first, middle, sur, maiden string, year int, g given) Conn {
	F, M, S := cap1(first), cap1(middle), cap1(sur)
	nick := F
	if len(g.shorts) > 0 {
		nick = cap1(pick(r, g.shorts))
	}
	deco := func(name string) string {
		switch r.intn(4) {
		case 0:
			e := pick(r, emoji)
			return e + " " + name + " " + e
		case 1:
			return name + " " + pick(r, emoji) + pick(r, emoji)
		case 2:
			return name + " | " + pick(r, taglines)
		}
		return name + " (" + pick(r, taglines) + ")"
	}
	var c Conn
	switch v {
	case "full":
		c.Name = F + " " + S
	case "case":
		if r.chance(0.5) {
			c.Name = strings.ToUpper(F + " " + S)
		} else {
			c.Name = strings.ToLower(F + " " + S)
		}
	case "deco":
		c.Name = deco(F + " " + S)
	case "fancy":
		c.Name = fancy(F+" "+S, r.chance(0.5))
	case "initial":
		_, n := utf8.DecodeRuneInString(F)
		if r.chance(0.5) {
			c.Name = F[:n] + ". " + S
		} else {
			c.Name = F[:n] + " " + S
		}
	case "swap":
		switch r.intn(3) {
		case 0:
			c.Name = strings.ToUpper(S) + " " + F
		case 1:
			c.Name = S + ", " + F
		default:
			c.Name = S + " " + F
		}
	case "handle":
		c.Handle = handleOf(r, first, sur, year)
	case "fullhandle":
		c.Name = F + " " + S
		c.Handle = handleOf(r, first, sur, year)
	case "typo":
		c.Name = F + " " + cap1(typo(r, sur))
	case "nick":
		c.Name = nick + " " + S
	case "nickhandle":
		c.Handle = handleOf(r, nick, sur, year)
	case "nickdeco":
		c.Name = deco(nick + " " + S)
	case "middle":
		if r.chance(0.5) {
			c.Name = F + " " + M[:1] + ". " + S
		} else {
			c.Name = F + " " + M + " " + S
		}
	case "bymiddle":
		c.Name = M + " " + S
	case "maiden":
		switch r.intn(3) {
		case 0:
			c.Name = F + " " + cap1(maiden)
		case 1:
			c.Name = F + " " + cap1(maiden) + "-" + S
		default:
			c.Name = F + " " + S + " (" + cap1(maiden) + ")"
		}
	case "part":
		parts := strings.FieldsFunc(S, func(r rune) bool { return r == '-' || r == ' ' })
		c.Name = F + " " + parts[len(parts)-1]
		if r.chance(0.5) && !strings.Contains(S, " ") {
			c.Name = F + " " + parts[0]
		}
	case "title":
		c.Name = fmt.Sprintf(pick(r, titles), F+" "+S)
	case "prefix":
		c.Name = F + " " + pick(r, prefixForms(sur))
	case "plainsur":
		c.Name = cap1(fold(F)) + " " + cap1(fold(S))
	case "accent":
		if hasNonASCII(F) {
			c.Name = cap1(fold(F)) + " " + S
		} else {
			c.Name = F + " " + S
		}
	case "cyrillic":
		c.Name = cyrillic(first) + " " + func() string {
			if x := cyrillic(sur); x != "" {
				return x
			}
			return S
		}()
	default:
		c.Name = F + " " + S
	}
	if c.Handle == "" && v != "fullhandle" && r.chance(0.35) {
		c.Handle = handleOf(r, first, sur, year)
	}
	return c
}

// WatchlistCSV writes the watch-list as the doctor would keep it.
func (s *Set) WatchlistCSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"Name", "Maiden name", "Year of birth", "Town/postcode"})
	for _, p := range s.People {
		y := ""
		if p.BirthYear > 0 {
			y = strconv.Itoa(p.BirthYear)
		}
		w.Write([]string{p.Name, p.Maiden, y, p.Place})
	}
	w.Flush()
	return b.Bytes()
}

// ConnectionsJSONL writes one connection per line.
func (s *Set) ConnectionsJSONL() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, c := range s.Conns {
		enc.Encode(c)
	}
	return b.Bytes()
}

// Large builds a big watch-list and connection list from both splits'
// names, for benchmarks: names repeat, as on a real practice list. As in
// the UK, where the 200 commonest surnames cover about a third of people,
// four in ten surnames are drawn from the splits' common ones and the
// rest from a long tail of some 8,000 invented ones built like English
// surnames (Ashworth, Holbrook). Half the connections render someone on
// the list, half are strangers.
func Large(seed uint64, people, conns int) *Set {
	r := &rng{s: seed}
	gs := append(parseGiven(tune.given), parseGiven(heldout.given)...)
	common := append(append([]string(nil), tune.surnames...), heldout.surnames...)
	surnames := &surnamePool{common: common, tail: tailSurnames()}
	towns := append(append([]string(nil), tune.towns...), heldout.towns...)
	set := &Set{}
	type row struct {
		g           given
		middle, sur string
		year        int
	}
	rows := make([]row, people)
	for i := range rows {
		g := pick(r, gs)
		rw := row{g: g, sur: surnames.pick(r), year: 1940 + r.intn(66)}
		p := Person{BirthYear: rw.year}
		if r.chance(0.4) {
			rw.middle = pick(r, gs).name
		}
		p.Name = strings.Join(strings.Fields(cap1(g.name)+" "+cap1(rw.middle)+" "+cap1(rw.sur)), " ")
		if r.chance(0.6) {
			p.Place = pick(r, towns)
		}
		rows[i] = rw
		set.People = append(set.People, p)
	}
	variants := []string{"full", "case", "deco", "fancy", "initial", "swap", "handle", "nick", "nickhandle", "fullhandle"}
	for len(set.Conns) < conns {
		var c Conn
		if r.chance(0.5) {
			k := r.intn(people)
			rw := rows[k]
			c = render(r, pick(r, variants), rw.g.name, rw.middle, rw.sur, "", rw.year, rw.g)
			c.Want = k + 1
		} else {
			g := pick(r, gs)
			c = render(r, pick(r, variants), g.name, "", surnames.pick(r), "", 1940+r.intn(66), g)
		}
		if r.chance(0.4) {
			c.Location = location(r, pick(r, append(towns, otherTowns...)))
		}
		set.Conns = append(set.Conns, c)
	}
	return set
}

type surnamePool struct{ common, tail []string }

func (p *surnamePool) pick(r *rng) string {
	if r.chance(0.4) {
		return pick(r, p.common)
	}
	return pick(r, p.tail)
}

// tailSurnames builds invented surnames from the parts English surnames
// are made of: a first element and a place or trade ending.
func tailSurnames() []string {
	heads := []string{"ash", "black", "brad", "brook", "burn", "cald", "chad", "cod", "crom", "dal",
		"dun", "east", "fair", "fen", "gar", "glen", "hal", "hart", "hay", "hol", "horn", "kel",
		"kings", "lang", "lind", "mar", "mel", "mid", "mor", "nor", "ock", "pen", "red", "rod",
		"sal", "shel", "stan", "stock", "thorn", "wal", "wes", "whit", "wil", "wood", "yar",
		"bar", "bel", "bram", "car", "dar", "elm", "fox", "hen", "lock", "mil", "nut", "oak",
		"pick", "rams", "sand", "tam", "ux", "ver", "win"}
	tails := []string{"worth", "ton", "ley", "field", "by", "ham", "wood", "ford", "bury", "well",
		"combe", "dale", "brook", "more", "stead", "thwaite", "wick", "hurst", "den", "cott",
		"ridge", "man", "er", "smith", "ward", "shaw", "land", "croft", "gate", "holme", "bourne",
		"son", "ington", "low", "field", "wright", "ey", "berg", "lake", "mere", "tree", "side",
		"hill", "stone", "wall", "house", "way", "thorpe", "acre", "ditch", "wold", "moor",
		"leigh", "ings", "ey", "cliff", "marsh", "holt", "bank", "by", "cote", "ness", "fold",
		"mead", "ham", "sall", "ock", "lett", "ery", "ings", "well", "nell", "kin", "kins", "ell",
		"et", "ett", "ington", "ford", "an", "en", "ard", "art", "ott", "ow", "ings", "ton",
		"ly", "son", "ley", "by", "er", "ster", "ridge", "cock", "ling", "ridge", "ham", "ston",
		"ber", "bert", "bold", "well", "win", "ine", "ick", "ock", "ey", "ie", "ly", "ly", "on"}
	seen := map[string]bool{}
	var out []string
	for _, h := range heads {
		for _, t := range tails {
			s := h + t
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}
