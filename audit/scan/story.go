package scan

import (
	"strings"

	"chaperone/audit"
)

// Specificity cues of a patient story: each narrows down who the patient
// is. One alone is harmless; together they let friends, family or the
// patient recognise the case.
const (
	cueWhen = 1 << iota
	cueWhere
	cueWho
	cueUnusual
)

var cueNames = []string{"when", "where", "who", "unusual detail"}

// story flags a real clinical encounter with one patient told with two or
// more specificity cues. Teaching cases, consented or fictional stories,
// the doctor's own illness and the news are left alone. A post may also
// hold an identifier: the categories are reported side by side.
func (p *pass) story() {
	g := p.s.g
	if p.any(g.suppressStory) {
		return
	}
	if !(p.any(g.clinical) || p.any(g.workplace) || p.any(g.encounterVerbs)) {
		return
	}
	best, count := p.cueSet()
	if count < 2 {
		return
	}
	f := p.s.flag(ruleStory, p.cues.start, p.cues.end)
	if count >= 3 {
		f.Severity = audit.SeverityHigh
	}
	var named []string
	for i, n := range cueNames {
		if best&(1<<i) != 0 {
			named = append(named, n)
		}
	}
	f.Why += " It combines " + strings.Join(named, ", ") + "."
	p.add(f)
}

// cueState is the story cues found around the post's best-described
// subject, worked out once per pass (the story rule and the classifier's
// features both use them).
type cueState struct {
	done       bool
	best, n    int
	start, end int
}

// cueSet returns the set of specificity cues (cueWhen...) found within a
// sentence before and two after a mention of one patient, for the
// subject with the most, and how many that is.
func (p *pass) cueSet() (int, int) {
	if p.cues.done {
		return p.cues.best, p.cues.n
	}
	p.cues.done = true
	g := p.s.g
	subjects := p.subjects()
	if len(subjects) == 0 {
		return 0, 0
	}
	nSent := 0
	if n := len(p.d.toks); n > 0 {
		nSent = p.d.toks[n-1].sent + 1
	}
	// Cues per sentence, so that a story is judged on the sentences around
	// its subject, not on a whole long blog post.
	if cap(p.cueBuf) < 3*nSent {
		p.cueBuf = make([]int, 3*nSent)
	}
	buf := p.cueBuf[:3*nSent]
	clear(buf)
	cues, first, last := buf[:nSent], buf[nSent:2*nSent], buf[2*nSent:]
	for i := range first {
		first[i] = -1
	}
	mark := func(cue, from, to int) {
		s := p.d.toks[from].sent
		cues[s] |= cue
		a, b := p.tokSpan(from, to)
		if first[s] < 0 || a < first[s] {
			first[s] = a
		}
		if b > last[s] {
			last[s] = b
		}
	}
	for _, h := range p.hits[g.when] {
		mark(cueWhen, h.from, h.to)
	}
	for _, h := range p.hits[g.where] {
		mark(cueWhere, h.from, h.to)
	}
	for _, h := range p.hits[g.who] {
		mark(cueWho, h.from, h.to)
	}
	for _, h := range p.hits[g.unusual] {
		mark(cueUnusual, h.from, h.to)
	}
	for _, dt := range p.dates() {
		mark(cueWhen, dt.tok, p.tokAt(dt.end))
	}
	for i := range p.d.toks {
		if n := p.ageLen(i); n > 0 {
			mark(cueWho, i, i+n)
		}
		if n := p.placeAt(i); n > 0 {
			mark(cueWhere, i, i+n)
		}
		if p.timeAt(i) {
			mark(cueWhen, i, i+1)
		}
	}
	for _, sub := range subjects {
		s := p.d.toks[sub.from].sent
		set := 0
		a, b := p.tokSpan(sub.from, sub.to)
		for k := s - 1; k <= s+2; k++ {
			if k < 0 || k >= nSent || cues[k] == 0 {
				continue
			}
			set |= cues[k]
			a, b = min(a, first[k]), max(b, last[k])
		}
		if c := popcount(set); c > p.cues.n {
			p.cues.best, p.cues.n, p.cues.start, p.cues.end = set, c, a, b
		}
	}
	return p.cues.best, p.cues.n
}

func popcount(x int) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// subjects are the mentions of one patient: "my patient", "a lady",
// "a 34-year-old".
func (p *pass) subjects() []hit {
	// The pass's buffer: the subjects are used by cueSet alone, before
	// any other call.
	out := append(p.subjBuf[:0], p.hits[p.s.g.subject]...)
	// "a young farmer", "an Olympic rower": an article and a description
	// of who the person is.
	for _, h := range p.hits[p.s.g.who] {
		if staffRoles[p.d.word(h.from)] {
			continue
		}
		for k := h.from - 1; k >= 0 && k >= h.from-3 && p.d.toks[k].sent == p.d.toks[h.from].sent; k-- {
			if w := p.d.word(k); w == "a" || w == "an" || w == "this" {
				out = append(out, hit{k, h.to})
				break
			}
		}
	}
	for i := range p.d.toks {
		if n := p.ageLen(i); n > 0 {
			out = append(out, hit{i, i + n})
		}
	}
	p.subjBuf = out[:0]
	return out
}

// staffRoles describe colleagues more often than patients.
var staffRoles = map[string]bool{
	"nurse": true, "doctor": true, "consultant": true, "midwife": true,
	"medical": true, "student": true,
}

var ageUnits = map[string]int{
	"yo": 1, "y/o": 1, "yr": 1, "yrs": 1, "year": 1, "years": 1, "yr/o": 1,
}

// ageAt recognises an age starting at token i and returns its length in
// tokens: "84 y/o", "34-year-old", "52yo", "67M", "aged 91", "(47)",
// "she's 29", "in her 80s".
func (p *pass) ageAt(i int) int {
	toks := p.d.toks
	w := p.d.word(i)
	if toks[i].flags&(tDigits|tMixed) == 0 {
		// A word with no digit starts an age only as "late 40s", "in
		// her 80s" or "fifty-something": most words are none of these.
		switch {
		case w == "late" || w == "early" || w == "mid" || w == "in":
		case isDecadeWord(w):
		default:
			return 0
		}
	}
	next := func(k int) string {
		if i+k < len(toks) && toks[i+k].sent == toks[i].sent {
			return p.d.word(i + k)
		}
		return ""
	}
	if toks[i].flags&tDigits != 0 {
		n := atoi(w)
		if n < 1 || n > 115 || len(w) > 3 {
			return 0
		}
		if ageUnits[next(1)] > 0 {
			if next(2) == "old" {
				return 3
			}
			if next(1) == "yo" || next(1) == "y/o" || next(1) == "yr/o" {
				return 2
			}
			return 0
		}
		// "(47)" right after a word.
		s, e := toks[i].start, toks[i].end
		if s > 0 && e < len(p.d.text) && p.d.text[s-1] == '(' && p.d.text[e] == ')' && n >= 1 {
			return 1
		}
		if i > 0 && toks[i-1].sent == toks[i].sent {
			switch p.d.word(i - 1) {
			case "aged", "age", "she's", "he's":
				return 1
			}
			// "M, 63", "Woman, 71": the way handovers and case notes
			// write sex and age.
			if sexWords[p.d.word(i-1)] && n <= 110 && strings.Contains(p.d.text[toks[i-1].end:toks[i].start], ",") {
				return 1
			}
		}
		// "63, M", "71, female".
		if x := next(1); sexWords[x] && n <= 110 && strings.Contains(p.d.text[toks[i].end:toks[i+1].start], ",") {
			return 2
		}
		// "50-something", "40 something".
		if n >= 20 && n <= 90 && n%10 == 0 && next(1) == "something" && !p.selfAge(i) {
			return 2
		}
		return 0
	}
	// "fifty-something", "late 40s", "mid-seventies".
	if next(1) == "something" && isDecadeWord(w) && !p.selfAge(i) {
		return 2
	}
	if (w == "late" || w == "early" || w == "mid") && isDecade(next(1)) {
		return 2
	}
	// "52yo", "84f", "67m", "45yrs"
	d := 0
	for d < len(w) && isDigit(w[d]) {
		d++
	}
	if d > 0 && d <= 3 {
		n := atoi(w[:d])
		switch w[d:] {
		case "yo", "y/o", "yrs", "yr":
			if n >= 1 && n <= 115 {
				return 1
			}
		case "m", "f":
			if n >= 16 && n <= 110 && toks[i].flags&tInnerCap != 0 || n >= 16 && n <= 110 && p.d.text[toks[i].end-1] <= 'Z' {
				return 1
			}
		}
		return 0
	}
	if w == "in" && (next(1) == "her" || next(1) == "his") {
		if isDecade(next(2)) {
			return 3
		}
		// "in his late sixties", "in her early 80s".
		if x := next(2); (x == "late" || x == "early" || x == "mid") && isDecade(next(3)) {
			return 4
		}
	}
	return 0
}

// selfAge reports an age the writer gives themself: "feeling
// fifty-something", "I'm 40-something".
func (p *pass) selfAge(i int) bool {
	if i == 0 || p.d.toks[i-1].sent != p.d.toks[i].sent {
		return false
	}
	switch p.d.word(i - 1) {
	case "feeling", "feel", "feels", "i'm", "im", "am", "i", "me":
		return true
	}
	return false
}

// sexWords stand next to an age in "M, 63" or "71, female".
var sexWords = map[string]bool{
	"m": true, "f": true, "male": true, "female": true, "man": true,
	"woman": true, "lady": true, "gent": true, "boy": true, "girl": true,
}

// isDecadeWord reports a word that starts "fifty-something". A switch,
// not a map: it is asked of most words of every post.
func isDecadeWord(w string) bool {
	switch w {
	case "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety":
		return true
	}
	return false
}

// isDecade reports a decade of life: "forties", "80s", "teens".
func isDecade(x string) bool {
	switch x {
	case "teens", "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties":
		return true
	}
	return len(x) == 3 && x[2] == 's' && isDigit(x[0]) && x[0] != '0' && x[1] == '0'
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || n > 100000 {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// placePrepositions come before a named place.
var placePrepositions = map[string]bool{
	"in": true, "at": true, "from": true, "near": true, "outside": true,
	"of": true, "on": true, "up": true, "round": true, "around": true, "to": true,
}

// placeAt recognises a named place starting at token i: a hospital
// ("Furness General", "the RVI"), a ward, bed or bay number, a road
// ("A59", "M6", "Skipton Rd") or a capitalised place after a preposition
// ("from Kendal").
func (p *pass) placeAt(i int) int {
	toks := p.d.toks
	w := p.d.word(i)
	if i+1 < len(toks) && toks[i+1].sent == toks[i].sent {
		switch w {
		case "ward", "bed", "bay", "cubicle", "cubicles", "room", "side":
			// "ward 12", not "on the ward, 89".
			if toks[i+1].flags&tDigits != 0 && strings.TrimSpace(p.d.text[toks[i].end:toks[i+1].start]) == "" {
				return 2
			}
		}
	}
	// Roads: M6, A59.
	if len(w) >= 2 && len(w) <= 5 && (w[0] == 'm' || w[0] == 'a') && countDigits(w) == len(w)-1 && p.d.text[toks[i].start] <= 'Z' {
		return 1
	}
	if toks[i].flags&tCap == 0 || toks[i].flags&(tMention|tHashtag) != 0 || commonCapital[w] {
		return 0
	}
	// "Furness General", "Royal Infirmary": a capitalised word and a
	// hospital word.
	if i+1 < len(toks) && toks[i+1].sent == toks[i].sent && toks[i+1].flags&tCap != 0 && p.hitIn(p.s.g.hospitalWords, i+1, i+2) {
		return 2
	}
	if toks[i].flags&tAllCaps != 0 && p.hitIn(p.s.g.hospitalWords, i, i+1) {
		return 1
	}
	if i == 0 || toks[i].flags&tSentStart != 0 || toks[i-1].sent != toks[i].sent {
		return 0
	}
	prep := p.d.word(i - 1)
	if prep == "the" && i >= 2 && toks[i-2].sent == toks[i].sent {
		// "at the Royal", "to the Western": a hospital by its local name.
		prep = p.d.word(i - 2)
		if prep != "at" && prep != "to" {
			return 0
		}
	}
	if !placePrepositions[prep] || toks[i].flags&tAllCaps != 0 {
		return 0
	}
	if p.inSet(p.s.g.forenames, i) || placeStop[w] {
		return 0
	}
	return 1
}

// placeStop are capitalised words after a preposition that are not places.
var placeStop = map[string]bool{
	"a&e": true, "resus": true, "majors": true, "minors": true, "icu": true,
	"itu": true, "hdu": true, "ccu": true, "amu": true, "theatre": true,
	"twitter": true, "facebook": true, "instagram": true, "tiktok": true,
	"x": true, "linkedin": true, "youtube": true, "netflix": true,
	"january": true, "february": true, "march": true, "april": true,
	"may": true, "june": true, "july": true, "august": true,
	"september": true, "october": true, "november": true, "december": true,
	"gp": true, "nhs": true, "covid": true, "me": true, "us": true,
	"christmas": true, "easter": true, "monday": true, "tuesday": true,
	"wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true,
}

// timeAt recognises a clock time at token i: "3am", "10pm", "14:30".
func (p *pass) timeAt(i int) bool {
	w := p.d.word(i)
	d := 0
	for d < len(w) && isDigit(w[d]) {
		d++
	}
	if d == 0 || d > 2 {
		return false
	}
	switch w[d:] {
	case "am", "pm":
		return true
	case "":
		e := p.d.toks[i].end
		if i+1 < len(p.d.toks) && p.d.toks[i+1].start == e+1 && e < len(p.d.text) && p.d.text[e] == ':' {
			return true
		}
		if i+1 < len(p.d.toks) && p.d.toks[i+1].sent == p.d.toks[i].sent {
			n := p.d.word(i + 1)
			return n == "am" || n == "pm"
		}
	}
	return false
}
