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
	wForm       = 0.7 // another language's form: Ian for John
	wInitial    = 0.62
	wLooseInit  = 0.5 // the initial of a nickname: "B. Smith" for Robert

	wSurnamePart   = 0.95
	wSurnameMaiden = 0.95
	wFuzzySurname  = 0.78

	wHandle       = 0.97 // a handle's segmentation is a guess
	bonusBoth     = 0.03 // name and handle agree
	bonusMiddle   = 0.03
	bonusPlace    = 0.1
	penaltyPlace  = 0.1
	bonusYear     = 0.08
	bonusTwoNames = 0.03 // both married and maiden surname present
)

// evidence is one way a connection's words fit a person.
type evidence struct {
	score   float64
	reasons []string
}

func title(s string) string {
	if s == "" {
		return s
	}
	if len(s) == 1 {
		return strings.ToUpper(s)
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// givenSim scores one connection word against one watch-list given name.
func (n *Names) givenSim(w, g string) (float64, string) {
	switch {
	case w == g:
		if len(w) == 1 {
			return wInitial, fmt.Sprintf("initial %s", title(w))
		}
		return wSame, "first name exact"
	case len(w) == 1:
		if w[0] == g[0] {
			return wInitial, fmt.Sprintf("initial %s", title(w))
		}
		if initialBit(w)&n.initials(g) != 0 {
			return wLooseInit, fmt.Sprintf("initial %s (of a form of %s)", title(w), title(g))
		}
		return 0, ""
	case len(g) == 1:
		// The watch-list only has an initial.
		if w[0] == g[0] {
			return wInitial, fmt.Sprintf("initial %s", title(g))
		}
		return 0, ""
	}
	switch n.Relation(w, g) {
	case KindSpelling:
		return wSpelling, fmt.Sprintf("spelling %s=%s", title(w), title(g))
	case KindDiminutive:
		return wNickname, fmt.Sprintf("nickname %s=%s", title(w), title(g))
	case KindForm:
		return wForm, fmt.Sprintf("other form %s=%s", title(w), title(g))
	}
	// Two different known names are two different people (Robert and
	// Roberta, Francis and Frances); otherwise allow a typo or a spelling
	// the table does not know.
	if n.Known(w) && n.Known(g) {
		return 0, ""
	}
	if fuzzyEqual(w, g, 3) {
		return wFuzzyGiven, fmt.Sprintf("spelling %s~%s", title(w), title(g))
	}
	return 0, ""
}

// fuzzyEqual: same sound key and at most one edit (two for long names).
func fuzzyEqual(a, b string, minLen int) bool {
	if len(a) < minLen || len(b) < minLen || a[0] != b[0] && initialBit(a) != initialBit(b) {
		return false
	}
	limit := 1
	if len(a) >= 7 && len(b) >= 7 {
		limit = 2
	}
	return osa(a, b, limit) <= limit && skeleton(a) == skeleton(b)
}

// surnameSim scores one connection word against one surname form.
func surnameSim(w string, s sform) (float64, string) {
	var base float64
	var why string
	switch {
	case w == s.text:
		base = wSame
		switch s.kind {
		case sPart:
			return wSurnamePart, fmt.Sprintf("surname %s, part of %s", title(s.text), title(s.of))
		case sMaiden:
			return wSurnameMaiden, fmt.Sprintf("maiden name %s", title(s.text))
		}
		return base, "surname exact"
	case len(w) >= 4 && len(s.text) >= 4 && fuzzyEqual(w, s.text, 4):
		base = wFuzzySurname
		why = fmt.Sprintf("surname spelling %s~%s", title(w), title(s.text))
		if s.kind != sPrimary {
			base *= wSurnamePart
		}
		return base, why
	}
	return 0, ""
}

// scoreWords fits a list of words (a display name, or a handle's
// segments) to person e: the best surname word, then the best given name
// among the other words.
func (n *Names) scoreWords(words []word, alts []string, e *entry, fromHandle bool) evidence {
	var best evidence
	type sur struct {
		score  float64
		why    string
		idx    int // word index, -1 for a joined form
		formOf string
		kind   sKind
	}
	var surs []sur
	for i, w := range words {
		for _, s := range e.surnames {
			if v, why := surnameSim(w.text, s); v > 0 {
				surs = append(surs, sur{v, why, i, s.of, s.kind})
			}
		}
	}
	for _, a := range alts {
		for _, s := range e.surnames {
			if a == s.text {
				why := "surname exact"
				v := wSame
				if s.kind == sMaiden {
					v, why = wSurnameMaiden, fmt.Sprintf("maiden name %s", title(s.text))
				}
				surs = append(surs, sur{v, why, -1, s.of, s.kind})
			}
		}
	}
	for _, s := range surs {
		used := map[int]bool{}
		if s.idx >= 0 {
			used[s.idx] = true
		}
		sv, reasons := s.score, []string{s.why}
		// Other words that are parts of the same surname, or the other
		// surname, are explained too: "Emma Taylor Wood", "Sarah Green Brown".
		sawOther := false
		for i, w := range words {
			if used[i] {
				continue
			}
			for _, f := range e.surnames {
				if w.text != f.text {
					continue
				}
				if f.of == s.formOf && f.kind == sPart && s.kind == sPart {
					used[i] = true
					sv, reasons = wSame, []string{"surname exact"}
				} else if f.of != s.formOf && len(w.text) > 1 {
					used[i] = true
					sawOther = true
				}
			}
			if s.idx < 0 && isPartOfAlt(words, i, e) {
				used[i] = true
			}
		}
		g := n.bestGiven(words, used, e)
		if g.score == 0 {
			continue
		}
		score := g.score * sv
		rs := append(g.reasons[:len(g.reasons):len(g.reasons)], reasons...)
		if sawOther {
			score += bonusTwoNames
			rs = append(rs, "both surnames present")
		}
		if !fromHandle && s.idx >= 0 && g.pos > s.idx && !words[s.idx].paren && !words[g.pos].paren {
			rs = append(rs, "first and last name swapped")
		}
		if score > best.score {
			best = evidence{score, rs}
		}
	}
	return best
}

// isPartOfAlt reports whether word i belongs to a joined form that matched.
func isPartOfAlt(words []word, i int, e *entry) bool {
	for _, s := range e.surnames {
		if s.kind != sPart && strings.Contains(s.text, words[i].text) && len(words[i].text) > 1 && s.text != words[i].text {
			return true
		}
	}
	return false
}

type givenFit struct {
	score   float64
	reasons []string
	pos     int
}

// bestGiven finds the connection word that best fits the person's first
// name, or failing that a middle name, among the words not used as surname.
func (n *Names) bestGiven(words []word, used map[int]bool, e *entry) givenFit {
	var best givenFit
	if len(e.given) == 0 {
		return best
	}
	for i, w := range words {
		if used[i] {
			continue
		}
		v, why := n.givenSim(w.text, e.given[0])
		if e.joined != "" && w.text == e.joined {
			v, why = wSame, "first name exact"
		}
		for _, mid := range e.given[1:] {
			if len(w.text) < 2 {
				break
			}
			if mv, mwhy := n.givenSim(w.text, mid); mv*wMiddle > v && mv >= wNickname {
				v = mv * wMiddle
				why = fmt.Sprintf("goes by middle name %s", title(mid))
				_ = mwhy
			}
		}
		if v > best.score {
			best = givenFit{v, []string{why}, i}
		}
	}
	if best.score == 0 || len(e.given) < 2 {
		return best
	}
	// A middle name or initial that agrees adds a little.
	for i, w := range words {
		if used[i] || i == best.pos {
			continue
		}
		for _, mid := range e.given[1:] {
			if w.text == mid || len(w.text) == 1 && w.text[0] == mid[0] {
				best.score += bonusMiddle
				best.reasons = append(best.reasons, fmt.Sprintf("middle name %s", title(mid)))
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
	for _, s := range e.surnames {
		if len(s.text) < 3 {
			continue
		}
		k := strings.Index(b, s.text)
		if k < 0 {
			continue
		}
		left := n.stripNoise(b[:k], true)
		right := n.stripNoise(b[k+len(s.text):], false)
		var rest string
		switch {
		case left != "" && right == "":
			rest = left
		case right != "" && left == "":
			rest = right
		default:
			continue
		}
		g := n.restGiven(rest, e)
		if g.score == 0 {
			continue
		}
		sv, why := wSame, "surname exact"
		switch s.kind {
		case sPart:
			sv, why = wSurnamePart, fmt.Sprintf("surname %s, part of %s", title(s.text), title(s.of))
		case sMaiden:
			sv, why = wSurnameMaiden, fmt.Sprintf("maiden name %s", title(s.text))
		}
		if v := g.score * sv; v > best.score {
			best = evidence{v, append(g.reasons, why)}
		}
	}
	return best
}

// restGiven reads the given-name part of a glued handle: a name, a
// nickname, an initial or two, or a name followed by a middle initial.
func (n *Names) restGiven(rest string, e *entry) givenFit {
	if len(e.given) == 0 {
		return givenFit{}
	}
	first := e.given[0]
	switch len(rest) {
	case 1:
		v, why := n.givenSim(rest, first)
		return givenFit{score: v, reasons: []string{why}}
	case 2:
		if n.Known(rest) {
			break
		}
		v, why := n.givenSim(rest[:1], first)
		if v == 0 {
			return givenFit{}
		}
		g := givenFit{score: v, reasons: []string{why}}
		if len(e.given) > 1 && rest[1] == e.given[1][0] {
			g.score += bonusMiddle
			g.reasons = append(g.reasons, fmt.Sprintf("middle initial %s", title(rest[1:])))
		}
		return g
	}
	if v, why := n.givenSim(rest, first); v > 0 {
		return givenFit{score: v, reasons: []string{why}}
	}
	if e.joined != "" && rest == e.joined {
		return givenFit{score: wSame, reasons: []string{"first name exact"}}
	}
	for _, mid := range e.given[1:] {
		if len(mid) > 1 && rest == mid {
			return givenFit{score: wMiddle, reasons: []string{fmt.Sprintf("goes by middle name %s", title(mid))}}
		}
	}
	// A name with a middle initial glued on: "bobj", "jbob".
	if v, why := n.givenSim(rest[:len(rest)-1], first); v >= wNickname {
		return givenFit{score: v, reasons: []string{why, "middle initial"}}
	}
	if v, why := n.givenSim(rest[1:], first); v >= wNickname {
		return givenFit{score: v, reasons: []string{why}}
	}
	return givenFit{}
}

// score is the overall evidence that probe p is person e.
func (m *Matcher) score(p *probe, e *entry) (float64, []string) {
	n := m.names
	name := n.scoreWords(p.name.words, p.name.alts, e, false)
	if len(p.name.words) == 1 && len(p.name.words[0].text) >= 4 {
		if b := n.scoreBlob(p.name.words[0].text, e); b.score > name.score {
			name = b
		}
	}
	var hw []word
	for i, w := range p.handle.words {
		hw = append(hw, word{text: w, group: i, pos: i})
	}
	hd := n.scoreWords(hw, nil, e, true)
	for _, b := range p.handle.blobs {
		if ev := n.scoreBlob(b, e); ev.score > hd.score {
			hd = ev
		}
	}
	hd.score *= wHandle
	var score float64
	var reasons []string
	switch {
	case name.score > 0 && hd.score > 0:
		score, reasons = max(name.score, hd.score), name.reasons
		if hd.score > name.score {
			reasons = append(hd.reasons[:len(hd.reasons):len(hd.reasons)], "from the handle")
		}
		score += bonusBoth
		reasons = append(reasons, "handle agrees")
	case name.score > 0:
		score, reasons = name.score, name.reasons
	case hd.score > 0:
		score, reasons = hd.score, append(hd.reasons, "from the handle")
	default:
		return 0, nil
	}
	if p.name.nonASCII && name.score > 0 {
		reasons = append(reasons, "accents and script ignored")
	}
	if p.hasPlace && !e.place.empty() {
		switch e.place.compare(p.place) {
		case placeSame:
			score += bonusPlace
			reasons = append(reasons, "same town")
		case placeDifferent:
			score -= penaltyPlace
			reasons = append(reasons, "lives elsewhere")
		}
	}
	if e.year > 0 {
		for _, y := range p.years {
			if y == e.year {
				score += bonusYear
				reasons = append(reasons, fmt.Sprintf("number %02d matches year of birth", y%100))
				break
			}
		}
	}
	return min(score, 1), reasons
}
