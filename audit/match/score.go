package match

import (
	"fmt"
	"strconv"
	"strings"
)

// Weights of the evidence. A match's score is the given-name evidence
// times the surname evidence, then nudged by place and year of birth.
const (
	wSame       = 1.0
	wSpelling   = 0.95
	wNickname   = 0.92
	wMiddle     = 0.85 // goes by their middle name
	wTypoGiven  = 0.82 // one letter off in a given name of five letters or more
	wTypoShort  = 0.72 // a swap or sound-alike in a short name, two slips in a long one
	wShortFor   = 0.85 // Jas for Jaswinder, Seun for Oluwaseun
	wPetForm    = 0.82 // Sukhi for Sukhwinder, Mingming for Xiaoming
	wPartOf     = 0.75 // Funmi for Olufunmilayo
	wForm       = 0.58 // another language's form (Ian for John): needs support
	wSoundsLike = 0.8  // the same sound spelt otherwise: Sana, Sanaa
	// A first name alone that no one else on the list has: a candidate
	// only with both the town and the year of birth.
	wFirstOnly = 0.45
	// An English name for a longer name that begins with its sound.
	wEnglishFor = 0.7
	wRomanised  = 0.78 // another romanisation: Uthman, Osman
	wInitial    = 0.62
	wLooseInit  = 0.5 // the initial of a nickname: "B. Smith" for Robert

	wSurnamePart   = 0.95
	wSurnameMaiden = 0.95
	wFuzzySurname  = 0.78 // one letter off in a surname of five or six letters
	// One letter off in a long surname (Thompsen for Thompson) is nearly
	// always a slip; two letters off even from nine letters less so; a
	// swap in a four-letter one may be another family's name.
	wSurnameTypoLong  = 0.85
	wSurnameTypo2     = 0.72
	wSurnameTypoShort = 0.7

	wHandle       = 0.97 // a handle's segmentation is a guess
	wHandleDenied = 0.8  // the display name names someone else
	wOtherPart    = 0.6  // "Taylor-Jones" for "Taylor-Wood"
	// A middle name that is not the person's: "Chi Kwong" for Chi Keung.
	wMiddleDiffers = 0.65
	bonusBoth      = 0.03 // name and handle agree
	bonusMiddle    = 0.03
	bonusPlace     = 0.1
	penaltyPlace   = 0.1
	bonusYear      = 0.08
	penaltyYear    = 0.1  // a number that reads as another year of birth
	bonusTwoNames  = 0.03 // both married and maiden surname present
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
	whyGivenTypo
	whyGivenTypo2
	whyShortFor
	whyTwoWords
	whyByMiddle
	whyMiddleName
	whyMiddleInitial
	whySurnameExact
	whySurnamePart
	whyMaiden
	whySurnameTypo
	whySurnameTypo2
	whyOtherPart
	whyBothSurnames
	whySwapped
	whyFromHandle
	whyHandleAgrees
	whyAccents
	whySameTown
	whyElsewhere
	whyYear
	whyOtherYear
	whySoundsLike
	whyMiddleDiffers
	whyFirstOnly
	whyEnglishFor
)

func (w why) String() string {
	a, b := title(w.a), title(w.b)
	switch w.code {
	case whyFirstExact:
		return "first name exact"
	case whyInitial:
		return "initial " + a
	case whyLooseInitial:
		return "initial " + a + " (of a form of " + b + ")"
	case whySpelling:
		return "spelling " + a + "=" + b
	case whyNickname:
		return "nickname " + a + "=" + b
	case whyForm:
		return "other form " + a + "=" + b
	case whyGivenTypo:
		return "first name one letter off: " + a + "/" + b
	case whyGivenTypo2:
		return "first name two letters off: " + a + "/" + b
	case whyShortFor:
		return a + " short for " + b
	case whyTwoWords:
		return fmt.Sprintf("first name written as two words: %s/%s", title(w.a), b)
	case whyByMiddle:
		return "goes by middle name " + a
	case whyMiddleName:
		return "middle name " + a
	case whyMiddleInitial:
		return "middle initial " + a
	case whySurnameExact:
		return "surname exact"
	case whySurnamePart:
		return "surname " + a + ", part of " + b
	case whyMaiden:
		return "maiden name " + a
	case whySurnameTypo:
		return "surname one letter off: " + a + "/" + b
	case whySurnameTypo2:
		return "surname two letters off: " + a + "/" + b
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
	case whyOtherYear:
		return "number " + w.a + " is not the year of birth"
	case whySoundsLike:
		return "spelling " + a + "~" + b
	case whyEnglishFor:
		return a + " may be the English name of " + b
	case whyFirstOnly:
		return "first name " + a + " only, no one else on the watch-list has it"
	case whyMiddleDiffers:
		return "middle name differs: " + a + "/" + b
	case whyYear:
		return "number " + w.a + " matches year of birth"
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

// has reports whether any of the codes is among the reasons.
func (ws *whys) has(codes ...uint8) bool {
	for _, w := range ws.w[:ws.n] {
		for _, c := range codes {
			if w.code == c {
				return true
			}
		}
	}
	return false
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
	if c := s[0]; c >= 'a' && c <= 'z' {
		return string(c-'a'+'A') + s[1:]
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// givenSimForm scores one connection word against one watch-list given
// name, both worked out as forms.
func givenSimForm(fw, fg *form) (float64, why) {
	w, g := fw.text, fg.text
	wr, gr := fw.rec, fg.rec
	switch {
	case w == "" || g == "":
		return 0, why{}
	case w == g:
		if len(w) == 1 {
			return wInitial, why{code: whyInitial, a: w}
		}
		return wSame, why{code: whyFirstExact}
	case len(w) == 1:
		if w[0] == g[0] {
			return wInitial, why{code: whyInitial, a: w}
		}
		init := initialBit(g)
		if gr != nil {
			init = gr.init
		}
		if initialBit(w)&init != 0 {
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
	if otherSex(wr, gr) {
		return 0, why{}
	}
	switch relation(wr, gr) {
	case KindSpelling:
		return wSpelling, why{whySpelling, w, g}
	case KindDiminutive:
		return wNickname, why{whyNickname, w, g}
	case KindForm:
		return wForm, why{whyForm, w, g}
	}
	// Two different names from the tables are two different people
	// (Robert and Roberta, Ian and Brian), unless one is a one-letter slip
	// of the other in a long name, or they sound the same.
	known := wr.known() && gr.known()
	// Two names of the same sex that differ by an ending are spellings
	// (Sana, Sanaa), not a man's and a woman's name.
	sameSex := wr != nil && gr != nil && wr.sex != 0 && wr.sex == gr.sex
	if v, wy := typoGiven(fw, fg, known, sameSex); v > 0 {
		return v, wy
	}
	if v, wy := soundsLike(fw, fg, known); v > 0 {
		return v, wy
	}
	if v, wy := englishFor(fw, fg); v > 0 {
		return v, wy
	}
	if known {
		return 0, why{}
	}
	if v, wy := shortFor(w, g); v > 0 {
		return v, wy
	}
	return 0, why{}
}

// soundsLike scores two spellings of a name that sound the same or are
// two romanisations of it: Sana and Sanaa, Uthman and Osman. Evidence
// from it is a guess (see Matcher.score).
func soundsLike(fw, fg *form, known bool) (float64, why) {
	w, g := fw.text, fg.text
	if len(w) < 3 || len(g) < 3 || known && (len(w) < 4 || len(g) < 4) ||
		len(w)-len(g) > 2 || len(g)-len(w) > 2 || initialBit(w) != initialBit(g) && !(isVowel(w[0]) && isVowel(g[0])) {
		return 0, why{}
	}
	fw.key()
	fg.key()
	// The vowels may differ in one place only (Muhammad, Mohammed), and
	// not at all for two names the tables hold apart (Sana, Sanaa), or
	// Hassan would be Hussain.
	if d := osa(fw.vowels, fg.vowels, 1); d > 1 || known && d > 0 {
		return 0, why{}
	}
	if w[0] == g[0] && fw.skel == fg.skel {
		return wSoundsLike, why{whySoundsLike, w, g}
	}
	if fw.trans == fg.trans {
		return wRomanised, why{whySoundsLike, w, g}
	}
	return 0, why{}
}

// englishFor scores an English name used for a longer name of another
// tradition that begins with its sound: Harry for Harjinder, Neil for
// Nilesh, Sunny for Sundeep. Evidence from it is a guess.
func englishFor(fw, fg *form) (float64, why) {
	w, g := fw.text, fg.text
	wr, gr := fw.rec, fg.rec
	if wr == nil || !wr.english || gr != nil && gr.english || len(w) < 3 || len(g) < 5 || w[0] != g[0] {
		return 0, why{}
	}
	ws, gs := fw.skel, fg.skel
	if len(ws) < 2 || len(gs) <= len(ws) || !strings.HasPrefix(gs, ws) {
		return 0, why{}
	}
	return wEnglishFor, why{whyEnglishFor, w, g}
}

// vowelShape is a name's vowels, a, e or i, o or u, repeats run together:
// "sanaa" -> "a", "uthman" -> "ua", "hussain" -> "uai".
func vowelShape(s string) string {
	var buf [32]byte
	b := buf[:0]
	for i := 0; i < len(s) && len(b) < len(buf); i++ {
		var c byte
		switch s[i] {
		case 'a':
			c = 'a'
		case 'e', 'i', 'y':
			c = 'i'
		case 'o', 'u':
			c = 'u'
		default:
			continue
		}
		if len(b) == 0 || b[len(b)-1] != c {
			b = append(b, c)
		}
	}
	return string(b)
}

// typoGiven scores a given name written with a slip: one letter off in a
// name of six letters or more (or five, when neither spelling is a name of
// its own), two letters swapped or a sound-alike spelling in a shorter
// one, two slips in a long one.
func typoGiven(fw, fg *form, known, sameSex bool) (float64, why) {
	w, g := fw.text, fg.text
	if len(w) < 3 || len(g) < 3 || !sameSex && inflected(w, g) || w[0] != g[0] && initialBit(w) != initialBit(g) {
		return 0, why{}
	}
	long := max(len(w), len(g))
	limit := 1
	if min(len(w), len(g)) >= 8 && !known {
		limit = 2
	}
	d := osa(w, g, limit)
	switch {
	case d == 1 && long >= 6, d == 1 && long == 5 && !known:
		return wTypoGiven, why{whyGivenTypo, w, g}
	case d == 1 && !known && (transposed(w, g) || keySlip(w, g) || fw.skel == fg.skel):
		return wTypoShort, why{whyGivenTypo, w, g}
	case d == 2 && limit == 2 && fw.skel == fg.skel:
		return wTypoShort, why{whyGivenTypo2, w, g}
	}
	return 0, why{}
}

// transposed reports whether a and b differ by one swap of adjacent letters.
func transposed(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// hypocoristic endings: what is added to a shortened name to make a pet
// name (Danny, Sukhi, Debbie, Jonno).
var petEndings = []string{"ie", "ee", "ey", "y", "i", "o", "s", "a"}

// shortFor scores a connection word that is a shortened form of the
// watch-list name the tables do not list: its beginning (Jas for
// Jaswinder, Chris for Christina), its end (Seun for Oluwaseun, Emeka for
// Chukwuemeka, Preet for Harpreet), a part of it (Funmi for
// Olufunmilayo), a beginning with a pet ending (Sukhi for Sukhwinder) or
// a part said twice (Mingming for Xiaoming).
func shortFor(w, g string) (float64, why) {
	if h := len(w) / 2; len(w)%2 == 0 && h >= 2 && h+2 <= len(g) && w[:h] == w[h:] && (strings.HasPrefix(g, w[:h]) || strings.HasSuffix(g, w[:h])) {
		return wPetForm, why{whyShortFor, w, g}
	}
	if len(w) < 3 || len(g) < len(w)+2 {
		return 0, why{}
	}
	if strings.HasPrefix(g, w) {
		return wShortFor, why{whyShortFor, w, g}
	}
	// What is short must still be a good part of the name.
	long := 10*len(w) >= 4*len(g)
	if long && strings.HasSuffix(g, w) {
		return wShortFor, why{whyShortFor, w, g}
	}
	for _, e := range petEndings {
		stem, ok := strings.CutSuffix(w, e)
		if !ok || len(stem) < 3 {
			continue
		}
		if strings.HasPrefix(g, stem) && len(g) > len(stem)+1 {
			return wPetForm, why{whyShortFor, w, g}
		}
		// Danny, Tommy: the last letter of the stem is doubled.
		if k := len(stem); k >= 4 && stem[k-1] == stem[k-2] && strings.HasPrefix(g, stem[:k-1]) {
			return wPetForm, why{whyShortFor, w, g}
		}
	}
	if long && len(w) >= 4 && strings.Contains(g[2:], w) {
		return wPartOf, why{whyShortFor, w, g}
	}
	return 0, why{}
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
func surnameSim(cw *word, s *sform) (float64, why) {
	w := cw.text
	wskel := ""
	if cw.tok != nil {
		// The index already knows which surnames are a slip away.
		if w != s.text && (s.sid < 0 || !cw.tok.nearTo(s.sid)) {
			return 0, why{}
		}
		wskel = cw.tok.skel
	}
	if w == s.text {
		switch s.kind {
		case sPart:
			return wSurnamePart, why{whySurnamePart, s.text, s.of}
		case sMaiden:
			return wSurnameMaiden, why{code: whyMaiden, a: s.text}
		}
		return wSame, why{code: whySurnameExact}
	}
	v, wy := typoSurname(w, wskel, s.text, s.skel)
	if v == 0 {
		v, wy = romanisedSurname(w, s.text)
	}
	if v == 0 {
		return 0, why{}
	}
	if s.kind != sPrimary {
		// A misspelt half of a double-barrelled name is thin evidence.
		v *= 0.8
	}
	return v, wy
}

// typoSurname scores a surname written with a slip. One letter off counts
// for more in a long name than in a short one, where it is as likely to
// be another family's name (Shaw for Shah): in a surname of six letters or
// more one letter may be missing, added or changed; in one of five it
// must also sound the same or be two letters swapped; in one of four only
// a swap counts; two slips are allowed from nine letters.
func typoSurname(w, wskel, t, tskel string) (float64, why) {
	if len(w) < 4 || len(t) < 4 || len(w)-len(t) > 2 || len(t)-len(w) > 2 ||
		w[0] != t[0] && initialBit(w) != initialBit(t) {
		return 0, why{}
	}
	long := max(len(w), len(t))
	limit := 1
	if min(len(w), len(t)) >= 9 {
		limit = 2
	}
	d := osa(w, t, limit)
	if d == 0 || d > limit {
		return 0, why{}
	}
	if wskel == "" {
		wskel = skeleton(w)
	}
	if tskel == "" {
		tskel = skeleton(t)
	}
	switch {
	case d == 2:
		return wSurnameTypo2, why{whySurnameTypo2, w, t}
	case long >= 7:
		return wSurnameTypoLong, why{whySurnameTypo, w, t}
	case long == 6 || transposed(w, t) || keySlip(w, t) || long == 5 && wskel == tskel:
		return wFuzzySurname, why{whySurnameTypo, w, t}
	}
	return 0, why{}
}

// romanisedSurname scores two romanisations of a surname (Chakravarty,
// Chakraborty; Uthman, Osman).
func romanisedSurname(w, t string) (float64, why) {
	if len(w) < 4 || len(t) < 4 || len(w)-len(t) > 2 || len(t)-len(w) > 2 || translitKey(w) != translitKey(t) ||
		osa(vowelShape(w), vowelShape(t), 1) > 1 {
		return 0, why{}
	}
	return wRomanised, why{whySoundsLike, w, t}
}

// scoreWords fits a list of words (a display name, or a handle's
// segments) to person e: the best surname word, then the best given name
// among the other words. skels are the words' sound keys.
func (n *Names) scoreWords(words []word, alts []string, e *entry, fromHandle bool) evidence {
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
					if sw.code == whySurnamePart {
						sv, ws = wSame, whys{}
						ws.add(why{code: whySurnameExact})
					} else {
						// The other part was a slip: the whole surname is
						// one slip off.
						sv /= 0.8
					}
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
		// "Mendez Aguilera" is not "Mendez Aguilar" either: a part of a
		// compound surname with another surname beside it, not the first
		// name.
		if idx >= 0 && s.kind == sPart && sv < wSame && !ws.has(whyOtherPart) {
			for _, i := range []int{idx + 1, idx - 1} {
				if i >= 0 && i < len(words) && i < 64 && i != g.pos && used&(1<<i) == 0 && len(words[i].text) >= 3 && !words[i].paren {
					sv *= wOtherPart
					ws.add(why{code: whyOtherPart})
					break
				}
			}
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
	for i := range words {
		if i >= 64 {
			break
		}
		for k := range e.surnames {
			s := &e.surnames[k]
			if v, sw := surnameSim(&words[i], s); v > 0 {
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
		wf := n.wordForm(&words[i])
		v, wy := givenSimForm(wf, &e.gforms[0])
		if w.paren && (wy.code == whySoundsLike || wy.code == whyEnglishFor) {
			// A guess on a word in brackets, often a tagline, is too far.
			v = 0
		}
		if e.joined != "" && w.text == e.joined {
			v, wy = wSame, why{code: whyFirstExact}
		}
		if v < wNickname && len(w.text) > 1 {
			for k, mid := range e.given[1:] {
				if mv, _ := givenSimForm(wf, &e.gforms[k+1]); mv >= wNickname && mv*wMiddle > v {
					v, wy = mv*wMiddle, why{code: whyByMiddle, a: mid}
				}
			}
		}
		if v > best.score {
			best = evidence{score: v, pos: i}
			best.why = whys{}
			best.why.add(wy)
		}
		// A given name written as two words: "Mary Ann" for Maryann,
		// "Xiao Hong" for Xiaohong.
		if j := i + 1; best.score < wSame && j < len(words) && j < 64 && used&(1<<j) == 0 &&
			len(w.text) >= 2 && len(words[j].text) >= 2 && len(w.text)+len(words[j].text) == len(e.given[0]) &&
			strings.HasPrefix(e.given[0], w.text) && strings.HasSuffix(e.given[0], words[j].text) {
			best = evidence{score: wSame, pos: i}
			best.why = whys{}
			best.why.add(why{code: whyTwoWords, a: w.text + " " + words[j].text, b: e.given[0]})
		}
	}
	if best.score == 0 || len(e.given) < 2 {
		return best
	}
	// A middle name or initial that agrees adds a little; a middle name
	// beside the first name that is none of the person's is another
	// person (Chi Kwong, not Chi Keung).
	other := -1
	for i, w := range words {
		if i >= 64 || used&(1<<i) != 0 || i == best.pos {
			continue
		}
		for k, mid := range e.given[1:] {
			if w.text == mid || len(w.text) == 1 && w.text[0] == mid[0] {
				best.score += bonusMiddle
				best.why.add(why{code: whyMiddleName, a: mid})
				return best
			}
			// A sound-alike is not enough: Kwong is not Keung.
			if v, _ := givenSimForm(n.wordForm(&words[i]), &e.gforms[k+1]); v >= wTypoGiven {
				return best
			}
		}
		if other < 0 && len(w.text) >= 2 && !w.paren && (i == best.pos+1 || i == best.pos-1) && !strings.HasPrefix(e.joined, w.text) {
			other = i
		}
	}
	if other >= 0 && !words[best.pos].paren {
		best.score *= wMiddleDiffers
		best.why.add(why{code: whyMiddleDiffers, a: words[other].text, b: e.given[1]})
	}
	return best
}

// scoreBlob fits a handle glued together ("jsmith", "bobsmith", "smithr")
// to person e: a surname inside it, and a first name or initial in what
// remains once filler ("the", "real", "official") is stripped.
func (n *Names) scoreBlob(b string, e *entry, formOf func(string) *form) evidence {
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
			if g = n.restGiven(rest, e, formOf); g.score > 0 {
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
func (n *Names) restGiven(rest string, e *entry, formOf func(string) *form) evidence {
	var g evidence
	if len(e.given) == 0 || rest == "" {
		return g
	}
	first := &e.gforms[0]
	sim := func(s string) (float64, why) { return givenSimForm(formOf(s), first) }
	one := func(v float64, w why) evidence {
		var ev evidence
		ev.score = v
		ev.why.add(w)
		return ev
	}
	switch len(rest) {
	case 1:
		v, w := sim(rest)
		return one(v, w)
	case 2:
		if formOf(rest).rec.known() {
			break
		}
		v, w := sim(rest[:1])
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
	if v, w := sim(rest); v > 0 {
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
		if v, w := sim(rest[:len(rest)-1]); v >= wNickname {
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
	name := n.scoreWords(p.name.words, p.name.alts, e, false)
	if len(p.name.words) == 1 && len(p.name.words[0].text) >= 4 {
		if b := n.scoreBlob(p.name.words[0].text, e, p.formOf); b.score > name.score {
			name = b
		}
	}
	var hd evidence
	if p.handleEchoes && len(p.name.words) >= 2 {
		// The handle is the display name's words: it says the same.
		hd = name
		hd.why = whys{}
		hd.why.addAll(name.why)
	} else {
		hd = n.scoreWords(p.handleWords, nil, e, true)
		for _, b := range p.handle.blobs {
			if ev := n.scoreBlob(b, e, p.formOf); ev.score > hd.score {
				hd = ev
			}
		}
	}
	hd.score *= wHandle
	if name.why.has(whyMiddleDiffers, whyOtherPart) {
		// The display name spells out a middle name or surname part that
		// is not the person's; a handle cannot say otherwise.
		hd.score = min(hd.score, name.score)
	}
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
	case e.onlyFirst && len(p.name.words) <= 1 && firstNameOnly(p, e):
		// The first name alone, and no one else on the list has it: not
		// enough by itself, but with the town and the year of birth it is.
		score = wFirstOnly
		ws.add(why{code: whyFirstOnly, a: e.given[0]})
	default:
		return 0, ws
	}
	if p.name.nonASCII && name.score > 0 {
		ws.add(why{code: whyAccents})
	}
	// Evidence that rests on a slip or a sound-alike spelling is a guess
	// that another real person's name may also fit (Patil for Patel): a
	// different town or year of birth counts twice against it.
	penalty := 1.0
	if ws.has(whyGivenTypo, whyGivenTypo2, whySurnameTypo, whySurnameTypo2, whySoundsLike, whyEnglishFor) {
		penalty = 2
	}
	if !e.place.empty() && p.location != "" {
		switch e.place.compare(p.where()) {
		case placeSame:
			score += bonusPlace
			ws.add(why{code: whySameTown})
		case placeDifferent:
			score -= penaltyPlace * penalty
			ws.add(why{code: whyElsewhere})
		}
	}
	if e.year > 0 {
		switch v, num := yearVerdict(p, e.year, m.thisYear); v {
		case 1:
			score += bonusYear
			ws.add(why{code: whyYear, a: num})
		case -1:
			score -= penaltyYear * penalty
			ws.add(why{code: whyOtherYear, a: num})
		}
	}
	return min(score, 1), ws
}

// yearVerdict reads the numbers in a connection's name and handle against
// a year of birth: 1 when one of them is it (84 or 1984 for 1984), -1
// when one reads as another year of birth (a four-digit year, or two
// digits, for someone aged 11 to 105) and none is it, else 0. num is the
// number in question, as written.
func yearVerdict(p *probe, year, thisYear int) (int, string) {
	verdict, which := 0, ""
	for _, list := range [][]string{p.name.nums, p.handle.nums} {
		for _, s := range list {
			v, err := strconv.Atoi(s)
			if err != nil {
				continue
			}
			var ys []int
			switch len(s) {
			case 2:
				ys = []int{1900 + v, 2000 + v}
			case 4:
				ys = []int{v}
			}
			plausible := false
			for _, y := range ys {
				if y == year {
					return 1, s
				}
				if y >= thisYear-105 && y <= thisYear-11 {
					plausible = true
				}
			}
			if plausible && verdict == 0 {
				verdict, which = -1, s
			}
		}
	}
	return verdict, which
}

// firstNameOnly reports whether the connection's only name word, or one
// of its handle's words, is the person's first name.
func firstNameOnly(p *probe, e *entry) bool {
	for _, w := range p.name.words {
		if w.text == e.given[0] {
			return true
		}
	}
	for _, w := range p.handleWords {
		if w.text == e.given[0] {
			return true
		}
	}
	return false
}
