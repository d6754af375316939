package match

import (
	"fmt"
	"strings"
)

// Weights of the evidence. A match's score is the given-name evidence
// times the surname evidence, then nudged by place and year of birth.
const (
	wSame       = 1.0
	wSpelling   = 0.95
	wNickname   = 0.92
	wMiddle     = 0.85 // goes by their middle name
	wFuzzyGiven = 0.8
	wForm       = 0.58 // another language's form (Ian for John): needs support
	wInitial    = 0.62
	wLooseInit  = 0.5 // the initial of a nickname: "B. Smith" for Robert

	wSurnamePart   = 0.95
	wSurnameMaiden = 0.95
	wFuzzySurname  = 0.78

	wHandle       = 0.97 // a handle's segmentation is a guess
	wHandleDenied = 0.8  // the display name names someone else
	wOtherPart    = 0.6  // "Taylor-Jones" for "Taylor-Wood"
	bonusBoth     = 0.03 // name and handle agree
	bonusMiddle   = 0.03
	bonusPlace    = 0.1
	penaltyPlace  = 0.1
	bonusYear     = 0.08
	bonusTwoNames = 0.03 // both married and maiden surname present
)

// why is one reason for a score, formatted only for reported matches.
type why struct {
	code uint8
	a, b string
}

const (
	whyFirstExact uint8 = iota + 1
	whyInitial
	whyLooseInitial
	whySpelling
	whyNickname
	whyForm
	whyFuzzyGiven
	whyByMiddle
	whyMiddleName
	whyMiddleInitial
	whySurnameExact
	whySurnamePart
	whyMaiden
	whySurnameFuzzy
	whyOtherPart
	whyBothSurnames
	whySwapped
	whyFromHandle
	whyHandleAgrees
	whyAccents
	whySameTown
	whyElsewhere
	whyYear
)

func (w why) String() string {
	a, b := title(w.a), title(w.b)
	switch w.code {
	case whyFirstExact:
		return "first name exact"
	case whyInitial:
		return "initial " + a
	case whyLooseInitial:
		return fmt.Sprintf("initial %s (of a form of %s)", a, b)
	case whySpelling:
		return fmt.Sprintf("spelling %s=%s", a, b)
	case whyNickname:
		return fmt.Sprintf("nickname %s=%s", a, b)
	case whyForm:
		return fmt.Sprintf("other form %s=%s", a, b)
	case whyFuzzyGiven:
		return fmt.Sprintf("spelling %s~%s", a, b)
	case whyByMiddle:
		return "goes by middle name " + a
	case whyMiddleName:
		return "middle name " + a
	case whyMiddleInitial:
		return "middle initial " + a
	case whySurnameExact:
		return "surname exact"
	case whySurnamePart:
		return fmt.Sprintf("surname %s, part of %s", a, b)
	case whyMaiden:
		return "maiden name " + a
	case whySurnameFuzzy:
		return fmt.Sprintf("surname spelling %s~%s", a, b)
	case whyOtherPart:
		return "other part of the surname differs"
	case whyBothSurnames:
		return "both surnames present"
	case whySwapped:
		return "first and last name swapped"
	case whyFromHandle:
		return "from the handle"
	case whyHandleAgrees:
		return "handle agrees"
	case whyAccents:
		return "accents and script ignored"
	case whySameTown:
		return "same town"
	case whyElsewhere:
		return "lives elsewhere"
	case whyYear:
		return fmt.Sprintf("number %s matches year of birth", w.a)
	}
	return ""
}

// whys is a short list of reasons kept by value, so that scoring the many
// candidates that fail allocates nothing.
type whys struct {
	n int
	w [10]why
}

func (ws *whys) add(w why) {
	if ws.n < len(ws.w) {
		ws.w[ws.n] = w
		ws.n++
	}
}

func (ws *whys) addAll(o whys) {
	for _, w := range o.w[:o.n] {
		ws.add(w)
	}
}

func (ws whys) strings() []string {
	out := make([]string, 0, ws.n)
	for _, w := range ws.w[:ws.n] {
		out = append(out, w.String())
	}
	return out
}

// evidence is one way a connection's words fit a person.
type evidence struct {
	score float64
	why   whys
	pos   int // the word that gave the first name
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// givenSim scores one connection word against one watch-list given name.
func (n *Names) givenSim(w, g string) (float64, why) {
	switch {
	case w == g:
		if len(w) == 1 {
			return wInitial, why{code: whyInitial, a: w}
		}
		return wSame, why{code: whyFirstExact}
	case len(w) == 1:
		if w[0] == g[0] {
			return wInitial, why{code: whyInitial, a: w}
		}
		if initialBit(w)&n.initials(g) != 0 {
			return wLooseInit, why{code: whyLooseInitial, a: w, b: g}
		}
		return 0, why{}
	case len(g) == 1:
		// The watch-list only has an initial.
		if w[0] == g[0] {
			return wInitial, why{code: whyInitial, a: g}
		}
		return 0, why{}
	}
	switch n.Relation(w, g) {
	case KindSpelling:
		return wSpelling, why{whySpelling, w, g}
	case KindDiminutive:
		return wNickname, why{whyNickname, w, g}
	case KindForm:
		return wForm, why{whyForm, w, g}
	}
	// Two different known names are two different people (Robert and
	// Roberta, Francis and Frances); otherwise allow a typo or a spelling
	// the table does not know.
	if n.Known(w) && n.Known(g) {
		return 0, why{}
	}
	if fuzzyEqual(w, g, "", "", 3) && !inflected(w, g) {
		return wFuzzyGiven, why{whyFuzzyGiven, w, g}
	}
	return 0, why{}
}

// fuzzyEqual: at most one edit (two for long names) and, for short
// names, the same sound key. ka and kb are the skeletons when known.
func fuzzyEqual(a, b, ka, kb string, minLen int) bool {
	if len(a) < minLen || len(b) < minLen || a[0] != b[0] && initialBit(a) != initialBit(b) {
		return false
	}
	limit := 1
	if len(a) >= 7 && len(b) >= 7 {
		limit = 2
	}
	d := osa(a, b, limit)
	if d > limit {
		return false
	}
	// One edit in a long name (Thomson, Thompson) is a spelling; in a
	// short one it must also sound the same (Smith, Smyth; not Hart, Hunt).
	if d == 1 && min(len(a), len(b)) >= 6 {
		return true
	}
	if ka == "" {
		ka = skeleton(a)
	}
	if kb == "" {
		kb = skeleton(b)
	}
	return ka == kb
}

// inflected reports whether one name is the other with an ending that
// makes a different (usually the other sex's) name: Albert and Alberta,
// Julia and Julian, Martin and Martina. Such pairs are not misspellings.
func inflected(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return strings.HasPrefix(b, a) && b[len(a):] != "h"
}

// surnameSim scores one connection word against one surname form.
func surnameSim(w, wskel string, s *sform) (float64, why) {
	if w == s.text {
		switch s.kind {
		case sPart:
			return wSurnamePart, why{whySurnamePart, s.text, s.of}
		case sMaiden:
			return wSurnameMaiden, why{code: whyMaiden, a: s.text}
		}
		return wSame, why{code: whySurnameExact}
	}
	if len(w) >= 5 && len(s.text) >= 5 && len(w)-len(s.text) <= 2 && len(s.text)-len(w) <= 2 &&
		fuzzyEqual(w, s.text, wskel, s.skel, 5) {
		v := wFuzzySurname
		if s.kind != sPrimary {
			// A misspelt half of a double-barrelled name is thin evidence.
			v *= 0.8
		}
		return v, why{whySurnameFuzzy, w, s.text}
	}
	return 0, why{}
}

// scoreWords fits a list of words (a display name, or a handle's
// segments) to person e: the best surname word, then the best given name
// among the other words. skels are the words' sound keys.
func (n *Names) scoreWords(words []word, skels []string, alts []string, e *entry, fromHandle bool) evidence {
	var best evidence
	try := func(idx int, sv float64, sw why, s *sform) {
		var used uint64
		if idx >= 0 {
			used |= 1 << idx
		}
		var ws whys
		ws.add(sw)
		// Other words that are parts of the same surname, or the other
		// surname, are explained too: "Emma Taylor Wood", "Sarah Green Brown".
		sawOther := false
		for i, w := range words {
			if used&(1<<i) != 0 {
				continue
			}
			for k := range e.surnames {
				f := &e.surnames[k]
				if w.text != f.text {
					continue
				}
				if f.of == s.of && f.kind == sPart && s.kind == sPart {
					used |= 1 << i
					sv, ws = wSame, whys{}
					ws.add(why{code: whySurnameExact})
				} else if f.of != s.of && len(w.text) > 1 {
					used |= 1 << i
					sawOther = true
				}
			}
		}
		if idx < 0 {
			used |= markJoined(words, s.of)
		}
		// "Taylor-Jones" is not "Taylor-Wood": a part that matched beside
		// a part that does not is a different double-barrelled name.
		if idx >= 0 && s.kind == sPart && sv < wSame {
			for i, w := range words {
				if i != idx && used&(1<<i) == 0 && w.group == words[idx].group {
					sv *= wOtherPart
					ws.add(why{code: whyOtherPart})
					break
				}
			}
		}
		g := n.bestGiven(words, used, e)
		if g.score == 0 {
			return
		}
		score := g.score * sv
		if score+bonusTwoNames <= best.score {
			return
		}
		out := evidence{score: score, pos: g.pos}
		out.why.addAll(g.why)
		out.why.addAll(ws)
		if sawOther {
			out.score += bonusTwoNames
			out.why.add(why{code: whyBothSurnames})
		}
		if !fromHandle && idx >= 0 && g.pos > idx && !words[idx].paren && !words[g.pos].paren {
			out.why.add(why{code: whySwapped})
		}
		if out.score > best.score {
			best = out
		}
	}
	for i, w := range words {
		if i >= 64 {
			break
		}
		for k := range e.surnames {
			s := &e.surnames[k]
			if v, sw := surnameSim(w.text, skels[i], s); v > 0 {
				try(i, v, sw, s)
			}
		}
	}
	for _, a := range alts {
		for k := range e.surnames {
			s := &e.surnames[k]
			if a != s.text {
				continue
			}
			if s.kind == sMaiden {
				try(-1, wSurnameMaiden, why{code: whyMaiden, a: s.text}, s)
			} else {
				try(-1, wSame, why{code: whySurnameExact}, s)
			}
		}
	}
	return best
}

// markJoined returns the run of consecutive words that spell the joined
// surname text ("taylor", "wood" for "taylorwood") as a bit set.
func markJoined(words []word, text string) uint64 {
	for i := range words {
		rest := text
		j := i
		for j < len(words) && j < 64 && rest != "" && strings.HasPrefix(rest, words[j].text) {
			rest = rest[len(words[j].text):]
			j++
		}
		if rest == "" && j > i+1 {
			var m uint64
			for k := i; k < j; k++ {
				m |= 1 << k
			}
			return m
		}
	}
	return 0
}

// bestGiven finds the connection word that best fits the person's first
// name, or failing that a middle name, among the words not used as surname.
func (n *Names) bestGiven(words []word, used uint64, e *entry) evidence {
	var best evidence
	if len(e.given) == 0 {
		return best
	}
	for i, w := range words {
		if i >= 64 || used&(1<<i) != 0 {
			continue
		}
		v, wy := n.givenSim(w.text, e.given[0])
		if e.joined != "" && w.text == e.joined {
			v, wy = wSame, why{code: whyFirstExact}
		}
		if v < wNickname && len(w.text) > 1 {
			for _, mid := range e.given[1:] {
				if mv, _ := n.givenSim(w.text, mid); mv >= wNickname && mv*wMiddle > v {
					v, wy = mv*wMiddle, why{code: whyByMiddle, a: mid}
				}
			}
		}
		if v > best.score {
			best = evidence{score: v, pos: i}
			best.why = whys{}
			best.why.add(wy)
		}
	}
	if best.score == 0 || len(e.given) < 2 {
		return best
	}
	// A middle name or initial that agrees adds a little.
	for i, w := range words {
		if i >= 64 || used&(1<<i) != 0 || i == best.pos {
			continue
		}
		for _, mid := range e.given[1:] {
			if w.text == mid || len(w.text) == 1 && w.text[0] == mid[0] {
				best.score += bonusMiddle
				best.why.add(why{code: whyMiddleName, a: mid})
				return best
			}
		}
	}
	return best
}

// scoreBlob fits a handle glued together ("jsmith", "bobsmith", "smithr")
// to person e: a surname inside it, and a first name or initial in what
// remains once filler ("the", "real", "official") is stripped.
func (n *Names) scoreBlob(b string, e *entry) evidence {
	var best evidence
	for k := range e.surnames {
		s := &e.surnames[k]
		if len(s.text) < 3 {
			continue
		}
		at := strings.Index(b, s.text)
		if at < 0 {
			continue
		}
		var g evidence
		// Try the remainder as it is, then without filler ("the_real_").
		for _, strip := range []bool{false, true} {
			left, right := b[:at], b[at+len(s.text):]
			if strip {
				left, right = n.stripNoise(left, true), n.stripNoise(right, false)
			}
			var rest string
			switch {
			case left != "" && right == "":
				rest = left
			case right != "" && left == "":
				rest = right
			default:
				continue
			}
			if g = n.restGiven(rest, e); g.score > 0 {
				break
			}
		}
		if g.score == 0 {
			continue
		}
		sv, sw := wSame, why{code: whySurnameExact}
		switch s.kind {
		case sPart:
			sv, sw = wSurnamePart, why{whySurnamePart, s.text, s.of}
		case sMaiden:
			sv, sw = wSurnameMaiden, why{code: whyMaiden, a: s.text}
		}
		if v := g.score * sv; v > best.score {
			best = g
			best.score = v
			best.why.add(sw)
		}
	}
	return best
}

// restGiven reads the given-name part of a glued handle: a name, a
// nickname, an initial or two, or a name followed by a middle initial.
func (n *Names) restGiven(rest string, e *entry) evidence {
	var g evidence
	if len(e.given) == 0 {
		return g
	}
	first := e.given[0]
	one := func(v float64, w why) evidence {
		var ev evidence
		ev.score = v
		ev.why.add(w)
		return ev
	}
	switch len(rest) {
	case 1:
		v, w := n.givenSim(rest, first)
		return one(v, w)
	case 2:
		if n.Known(rest) {
			break
		}
		v, w := n.givenSim(rest[:1], first)
		if v == 0 {
			return g
		}
		g = one(v, w)
		if len(e.given) > 1 && rest[1] == e.given[1][0] {
			g.score += bonusMiddle
			g.why.add(why{code: whyMiddleInitial, a: rest[1:]})
		}
		return g
	}
	if v, w := n.givenSim(rest, first); v > 0 {
		return one(v, w)
	}
	if e.joined != "" && rest == e.joined {
		return one(wSame, why{code: whyFirstExact})
	}
	for _, mid := range e.given[1:] {
		if len(mid) > 1 && rest == mid {
			return one(wMiddle, why{code: whyByMiddle, a: mid})
		}
	}
	// A name with the middle initial glued on: "bobj" for Robert James.
	if len(e.given) > 1 && rest[len(rest)-1] == e.given[1][0] {
		if v, w := n.givenSim(rest[:len(rest)-1], first); v >= wNickname {
			g = one(v+bonusMiddle, w)
			g.why.add(why{code: whyMiddleInitial, a: e.given[1][:1]})
			return g
		}
	}
	return g
}

// score is the overall evidence that probe p is person e.
func (m *Matcher) score(p *probe, e *entry) (float64, whys) {
	n := m.names
	name := n.scoreWords(p.name.words, p.nameSkels, p.name.alts, e, false)
	if len(p.name.words) == 1 && len(p.name.words[0].text) >= 4 {
		if b := n.scoreBlob(p.name.words[0].text, e); b.score > name.score {
			name = b
		}
	}
	hd := n.scoreWords(p.handleWords, p.handleSkels, nil, e, true)
	for _, b := range p.handle.blobs {
		if ev := n.scoreBlob(b, e); ev.score > hd.score {
			hd = ev
		}
	}
	hd.score *= wHandle
	if name.score == 0 && len(p.name.words) >= 2 {
		// The display name says who they are and it is someone else; a
		// handle that fits is weaker evidence then ("csmith" of Chris).
		hd.score *= wHandleDenied
	}
	var score float64
	var ws whys
	switch {
	case name.score > 0 && hd.score > 0:
		if hd.score > name.score {
			score, ws = hd.score, hd.why
			ws.add(why{code: whyFromHandle})
		} else {
			score, ws = name.score, name.why
		}
		score += bonusBoth
		ws.add(why{code: whyHandleAgrees})
	case name.score > 0:
		score, ws = name.score, name.why
	case hd.score > 0:
		score, ws = hd.score, hd.why
		ws.add(why{code: whyFromHandle})
	default:
		return 0, ws
	}
	if p.name.nonASCII && name.score > 0 {
		ws.add(why{code: whyAccents})
	}
	if p.hasPlace && !e.place.empty() {
		switch e.place.compare(p.place) {
		case placeSame:
			score += bonusPlace
			ws.add(why{code: whySameTown})
		case placeDifferent:
			score -= penaltyPlace
			ws.add(why{code: whyElsewhere})
		}
	}
	if e.year > 0 {
		for _, y := range p.years {
			if y == e.year {
				score += bonusYear
				ws.add(why{code: whyYear, a: fmt.Sprintf("%02d", y%100)})
				break
			}
		}
	}
	return min(score, 1), ws
}
