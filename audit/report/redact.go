package report

import (
	"strings"
	"unicode"

	"chaperone/audit"
)

// withheld replaces any free text that may name a third party.
const withheld = "Details withheld from this report because they may identify a person; see the app."

// redactor keeps third-party data (post texts, connection names, the
// watch-list) out of the report. Per-item findings never reach it (they are
// only counted); it screens the free text of account-wide findings, which
// checks write and which might quote a post or name a person.
type redactor struct {
	phrases map[string]bool // normalised, matched as whole-word sequences
	maxN    int             // words in the longest phrase
	// tokens are single words of names; they count only where the text
	// writes them capitalised, as a name, so a friend called "Will" does
	// not withhold every sentence with "will" in it.
	tokens map[string]bool
}

// shingle is how many consecutive words of a post count as quoting it.
const shingle = 4

// honorifics and short words are not distinctive on their own.
var notDistinctive = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true,
	"the": true, "and": true, "van": true, "von": true, "der": true, "de": true,
}

func newRedactor(s *audit.Snapshot, extra []string) *redactor {
	r := &redactor{phrases: map[string]bool{}, tokens: map[string]bool{}}
	addName := func(name string) {
		words := normWords(name)
		if len(words) == 0 {
			return
		}
		// Any run of two or more words of a name, in any case.
		for i := range words {
			for j := i + 2; j <= len(words); j++ {
				r.phrases[strings.Join(words[i:j], " ")] = true
			}
		}
		if len(words) == 1 && len([]rune(words[0])) >= 3 {
			r.phrases[words[0]] = true
		}
		for _, w := range words {
			if len([]rune(w)) >= 3 && !notDistinctive[w] {
				r.tokens[w] = true
			}
		}
	}
	addText := func(text string) {
		words := normWords(text)
		if len(words) == 0 {
			return
		}
		if len(words) <= shingle {
			r.phrases[strings.Join(words, " ")] = true
			return
		}
		for i := 0; i+shingle <= len(words); i++ {
			r.phrases[strings.Join(words[i:i+shingle], " ")] = true
		}
	}
	addID := func(s string) {
		if w := normWords(s); len(w) > 0 && len(s) >= 4 {
			r.phrases[strings.Join(w, " ")] = true
		}
	}
	if s != nil {
		for _, p := range s.Posts {
			addText(p.Text)
			addID(p.URL)
			for _, im := range p.Images {
				addText(im.Alt)
				addID(im.URL)
			}
		}
		for _, list := range [][]audit.Connection{s.Connections, s.PendingRequests} {
			for _, c := range list {
				addName(c.Name)
				addID(c.Handle)
				addID(c.URL)
			}
		}
	}
	for _, e := range extra {
		addName(e)
	}
	r.exemptOwn(s)
	for p := range r.phrases {
		if n := strings.Count(p, " ") + 1; n > r.maxN {
			r.maxN = n
		}
	}
	return r
}

// exemptOwn stops the account holder's own details from counting as a
// third party's: the name their public profiles show and the places their
// own sessions were seen. A relative among the friends ("Tom Bennett")
// would otherwise withhold every finding that names the doctor ("Sarah
// Bennett"), and a local club among the follows every session in that
// town. Only phrases made wholly of the holder's own words are freed: the
// relative's full name, and their forename alone, are still withheld.
func (r *redactor) exemptOwn(s *audit.Snapshot) {
	if s == nil {
		return
	}
	own := map[string]bool{}
	for id, f := range s.Facts {
		if strings.HasSuffix(id, ".public_view.name") {
			for _, w := range normWords(f.Value) {
				own[w] = true
			}
		}
	}
	for _, se := range s.Sessions {
		for _, w := range normWords(se.Location) {
			own[w] = true
		}
	}
	if len(own) == 0 {
		return
	}
	for w := range r.tokens {
		if own[w] {
			delete(r.tokens, w)
		}
	}
	for p := range r.phrases {
		all := true
		for _, w := range strings.Fields(p) {
			if !own[w] {
				all = false
				break
			}
		}
		if all {
			delete(r.phrases, p)
		}
	}
}

// normWords lower-cases s and splits it into words of letters and digits.
func normWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// leaks reports whether text contains any protected phrase.
func (r *redactor) leaks(text string) bool {
	words := normWords(text)
	if len(words) == 0 {
		return false
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if unicode.IsUpper([]rune(w)[0]) && r.tokens[strings.ToLower(w)] {
			return true
		}
	}
	// Look each n-gram of the text up in the set: linear in the text, not
	// in the number of phrases.
	for i := range words {
		for n := 1; n <= r.maxN && i+n <= len(words); n++ {
			if r.phrases[strings.Join(words[i:i+n], " ")] {
				return true
			}
		}
	}
	return false
}

// clean returns text, or the withheld notice if it may name someone.
func (r *redactor) clean(text string) string {
	if r.leaks(text) {
		return withheld
	}
	return text
}
