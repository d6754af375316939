package scan

import (
	"unicode"
	"unicode/utf8"

	"chaperone/audit/scan/learn"
)

// featureVersion changes whenever the features below change; it is part
// of the fingerprint a model is tied to.
const featureVersion = "features-4"

// Seeds keep the feature families apart in the hashed space.
const (
	seedWord uint32 = 0x1000193 + iota*0x3b9ac9f
	seedBigram
	seedChar
	seedHashtag
	seedShape
	seedSymbol
	seedRule
	seedRuleSev
	seedGroup
	seedGroupN
	seedCue
	seedLen
	seedName
)

func mix(a, b uint32) uint32 {
	h := a*0x9e3779b1 ^ b
	h ^= h >> 15
	h *= 0x85ebca77
	h ^= h >> 13
	h *= 0xc2b2ae3d
	return h ^ h>>16
}

// fold maps a byte of a word to what features see: digits are all '0',
// so that "34" and "71" are the same word shape.
func fold(c byte) byte {
	if c >= '0' && c <= '9' {
		return '0'
	}
	return c
}

// maxCharWord bounds the bytes of one word that character n-grams are
// taken from.
const maxCharWord = 24

// features sets ex to the post's hashed features: its words, word pairs,
// character 4-grams (with word boundaries), capitalisation shapes,
// emoji and symbols, and what the rules found (every rule fired, every
// word list matched, the story cues). The rules must have run. p.sents
// is left with where each sentence's text features are, so that a model
// flag can say which sentence weighed most.
func (p *pass) features(ex *learn.Example) {
	ex.Text, ex.Rule = ex.Text[:0], ex.Rule[:0]
	p.sents = p.sents[:0]
	var cur *sentFeatures
	d := &p.d
	prev := uint32(0)
	prevSent := -1
	prevCap := false
	for i := range d.toks {
		t := &d.toks[i]
		if t.sent != prevSent {
			if cur != nil {
				cur.to = int32(len(ex.Text))
			}
			p.sents = append(p.sents, sentFeatures{sent: t.sent, from: int32(len(ex.Text))})
			cur = &p.sents[len(p.sents)-1]
		}
		var h uint32
		ex.Text, h = appendWordFeatures(ex.Text, d.norm[t.ns:t.ne])
		if t.flags&tHashtag != 0 {
			ex.Text = append(ex.Text, mix(seedHashtag, h))
		}
		if t.sent == prevSent {
			ex.Text = append(ex.Text, mix(seedBigram^prev, h))
		} else {
			ex.Text = append(ex.Text, mix(seedBigram^1, h))
		}
		// A capitalised word inside a sentence, and two in a row: the
		// shape of a name or a place.
		capital := t.flags&(tCap|tSentStart|tAllCaps) == tCap && t.flags&(tHashtag|tMention) == 0
		if capital {
			ex.Text = append(ex.Text, mix(seedShape, 1))
			if prevCap && t.sent == prevSent {
				ex.Text = append(ex.Text, mix(seedShape, 2))
			}
		}
		if t.flags&tMention != 0 {
			ex.Text = append(ex.Text, mix(seedShape, 3))
		}
		if t.flags&tAllCaps != 0 {
			ex.Text = append(ex.Text, mix(seedShape, 4))
		}
		prev, prevSent, prevCap = h, t.sent, capital
	}
	if cur != nil {
		cur.to = int32(len(ex.Text))
	}
	// Emoji and symbols the tokens do not keep.
	text := d.text
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch c {
			case '!', '?', '%', '$', '#', '@', '*', '"', '(', '+':
				ex.Text = append(ex.Text, mix(seedSymbol, uint32(c)))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			ex.Text = append(ex.Text, mix(seedSymbol, uint32(r)))
		}
		i += size
	}
	p.ruleFeatures(ex)
}

// sentFeatures are where one sentence's text features are in ex.Text.
type sentFeatures struct {
	sent     int
	from, to int32
}

// appendWordFeatures appends the features of word w alone (its hash and
// the character 4-grams of "<w>") to dst, and returns the word's hash,
// which word pairs are made of.
func appendWordFeatures(dst []uint32, w string) ([]uint32, uint32) {
	// The last four bytes are kept in a shift register. Only 4-grams:
	// on held-out voices 3-grams added nothing, and 5-grams cost F1 (the
	// mean of the five categories' was .006 higher without them) and 40%
	// of the text features.
	h := uint32(2166136261)
	reg := uint32('<')
	n := min(len(w), maxCharWord)
	for k := 0; k <= n; k++ {
		c := byte('>')
		if k < n {
			c = fold(w[k])
			h = (h ^ uint32(c)) * 16777619
		}
		reg = reg<<8 | uint32(c)
		if k >= 2 {
			dst = append(dst, mix(seedChar+1, reg))
		}
	}
	return append(dst, mix(seedWord, h)), h
}

// ruleFeatures are what the explainable rules found, as features.
func (p *pass) ruleFeatures(ex *learn.Example) {
	for _, f := range p.flags {
		h := strHash(f.Rule)
		ex.Rule = append(ex.Rule, mix(seedRule, h), mix(seedRuleSev^h, strHash(string(f.Severity))))
	}
	for g := range p.hits {
		if n := len(p.hits[g]); n > 0 {
			ex.Rule = append(ex.Rule, mix(seedGroup, uint32(g)), mix(seedGroupN, uint32(g)<<2|uint32(min(n, 3))))
		}
	}
	for _, c := range p.nameCandidates() {
		ex.Rule = append(ex.Rule, mix(seedName, 1))
		if c.known {
			ex.Rule = append(ex.Rule, mix(seedName, 2))
		}
		if p.d.toks[c.from].flags&tSentStart != 0 {
			ex.Rule = append(ex.Rule, mix(seedName, 3))
		}
		if c.to < len(p.d.toks) && p.ageLen(c.to) > 0 {
			ex.Rule = append(ex.Rule, mix(seedName, 4))
		}
	}
	cues, count := p.cueSet()
	for k := 0; k < len(cueNames); k++ {
		if cues&(1<<k) != 0 {
			ex.Rule = append(ex.Rule, mix(seedCue, uint32(k)))
		}
	}
	ex.Rule = append(ex.Rule, mix(seedCue, uint32(100+count)))
	n := len(p.d.toks)
	b := uint32(0)
	for n > 8 {
		n >>= 1
		b++
	}
	ex.Rule = append(ex.Rule, mix(seedLen, b))
}

func strHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}
