package scan

import (
	"sort"
	"strings"
)

// derogatory flags slang that demeans patients ("frequent flyer",
// "heartsink") and insults aimed at a patient, colleague or department. A
// post that discusses the word itself ("let's retire 'heartsink'") is left
// alone, as is self-deprecation ("I'm such an idiot").
func (p *pass) derogatory() {
	g := p.s.g
	toks := p.d.toks
	for _, h := range p.hits[g.slang] {
		if p.hitInSentence(g.meta, toks[h.from].sent) || p.metaQuoted(h) {
			continue
		}
		if h.to < len(toks) && toks[h.to].sent == toks[h.from].sent && p.inSet(g.slangExcept, h.to) {
			continue
		}
		a, b := p.tokSpan(h.from, h.to)
		p.add(p.s.flag(ruleSlang, a, b))
		p.slangSpans = append(p.slangSpans, span{a, b})
	}
	for _, h := range p.hits[g.insult] {
		s := toks[h.from].sent
		if p.hitInSentence(g.meta, s) {
			continue
		}
		if _, ok := p.cueBefore(g.self, h.from, 3); ok {
			continue
		}
		if _, ok := p.cueBefore(g.negation, h.from, 2); ok {
			continue
		}
		// "always have a joke", "cracked a joke": a joke told, not a
		// person or service called one.
		if h.from > 0 && p.d.word(h.to-1) == "joke" && jokeVerbs[p.d.word(h.from-1)] {
			continue
		}
		if p.overlapsFlag(h) {
			continue
		}
		for _, t := range p.hitsInSentences(g.target, s, s) {
			if t.to > h.from && t.from < h.to {
				continue
			}
			if dist(t, h) <= 8 {
				a, b := p.tokSpan(min(t.from, h.from), max(t.to, h.to))
				p.add(p.s.flag(ruleInsult, a, b))
				break
			}
		}
	}
}

// jokeVerbs before "a joke" mean a joke was told.
var jokeVerbs = map[string]bool{
	"have": true, "has": true, "had": true, "having": true, "crack": true,
	"cracked": true, "cracking": true, "tell": true, "told": true,
	"telling": true, "share": true, "shared": true, "make": true,
	"made": true, "making": true, "for": true, "enjoy": true, "enjoyed": true,
}

// metaQuoted reports whether a slang hit is in quotation marks in a post
// that talks about words ("the term", "stop calling").
func (p *pass) metaQuoted(h hit) bool {
	if !p.any(p.s.g.meta) {
		return false
	}
	a, b := p.tokSpan(h.from, h.to)
	before := p.d.text[max(0, a-3):a]
	after := p.d.text[b:min(len(p.d.text), b+3)]
	return strings.ContainsAny(before, "'\"‘“") && strings.ContainsAny(after, "'\"’”")
}

// overlapsFlag reports whether h lies inside a derogatory flag already
// raised (an insult that is also listed as slang).
func (p *pass) overlapsFlag(h hit) bool {
	a, b := p.tokSpan(h.from, h.to)
	i := sort.Search(len(p.slangSpans), func(i int) bool { return p.slangSpans[i].end > a })
	return i < len(p.slangSpans) && p.slangSpans[i].start < b
}

func dist(a, b hit) int {
	if a.to <= b.from {
		return b.from - a.to
	}
	return a.from - b.to
}

// promotion flags a post that promotes a product, service or company with
// no declared interest: a clear sales cue (a discount code, "link in bio",
// "ambassador"), or an endorsement of something commercial.
func (p *pass) promotion() {
	g := p.s.g
	if p.any(g.disclosure) || p.adLabel() {
		return
	}
	strong := p.hits[g.promoStrong]
	weak := p.hits[g.promoWeak]
	if len(weak) == 0 {
		// "20% off": a discount sells a product when one is named (a
		// brand, a price); a shop's sale alone is not an interest.
		if i := percentOff(p.d.text); i >= 0 {
			t := p.tokAt(i)
			weak = []hit{{t, t + 1}}
		}
	}
	// "£" first: it is rare, and found faster than "from £".
	if len(strong) == 0 && len(weak) == 0 && !(strings.Contains(p.d.text, "£") && strings.Contains(p.d.text, "from £")) {
		return
	}
	commercial := p.any(g.commercial) || p.brand() || strings.Contains(p.d.text, "£")
	if i := strings.Index(p.d.text, "from £"); i >= 0 && len(strong) == 0 {
		// "Botox from £99": a price list is a sales cue.
		t := p.tokAt(i)
		strong = []hit{{t, t + 1}}
	}
	// Public-health messages ("book your flu jab") are not promotion unless
	// a price or a brand is named.
	health := p.any(g.publicHealth)
	priced := strings.Contains(p.d.text, "£") || p.brand()
	var first hit
	switch {
	case len(strong) > 0 && (!health || priced):
		first = strong[0]
	case len(weak) > 0 && commercial && !health:
		first = weak[0]
	default:
		return
	}
	a, b := p.tokSpan(first.from, first.to)
	// Extend to the product named, when it is in the same sentence.
	for _, h := range p.hits[g.commercial] {
		if p.d.toks[h.from].sent == p.d.toks[first.from].sent {
			x, y := p.tokSpan(h.from, h.to)
			a, b = min(a, x), max(b, y)
		}
	}
	p.add(p.s.flag(rulePromotion, a, b))
}

// percentOff returns the offset of a discount ("15% off", "20 % OFF"),
// or -1.
func percentOff(text string) int {
	if strings.IndexByte(text, '%') < 0 {
		return -1 // most posts: no need to walk the text
	}
	for i := 0; i+1 < len(text); i++ {
		if text[i] != '%' || i == 0 || !isDigit(text[i-1]) {
			continue
		}
		rest := strings.TrimLeft(text[i+1:], " ")
		if len(rest) >= 3 && strings.EqualFold(rest[:3], "off") && (len(rest) == 3 || !isWordByte(rest[3])) {
			k := i - 1
			for k > 0 && isDigit(text[k-1]) {
				k--
			}
			return k
		}
	}
	return -1
}

// adLabel reports an "AD" or "Ad:" label at the start of a post, the way
// platforms ask paid posts to be marked.
func (p *pass) adLabel() bool {
	if len(p.d.toks) == 0 {
		return false
	}
	t := p.d.toks[0]
	src := p.d.text[t.start:t.end]
	return src == "AD" || src == "Ad" && t.end < len(p.d.text) && p.d.text[t.end] == ':'
}

// brand reports a product or company name: a mention (@StethCo) or a
// word with a capital inside it (VitaBoost, NovaPharmaUK).
func (p *pass) brand() bool {
	for i, t := range p.d.toks {
		if t.flags&tMention != 0 {
			return true
		}
		if t.flags&tInnerCap != 0 && t.flags&tHashtag == 0 && len(p.d.word(i)) >= 5 && countDigits(p.d.word(i)) == 0 && !notBrands[p.d.word(i)] {
			return true
		}
	}
	return false
}

// unprofessional flags intoxication, explicit swearing, discriminatory and
// sexualised language, and photos for fun in clinical areas.
func (p *pass) unprofessional() {
	g := p.s.g
	toks := p.d.toks
	for _, h := range p.hits[g.intox] {
		if h.to < len(toks) && toks[h.to].sent == toks[h.from].sent && p.inSet(g.intoxExcept, h.to) {
			continue
		}
		// Someone else was drunk: a patient, not the writer.
		if _, ok := p.cueBefore(g.thirdPerson, h.from, 4); ok {
			continue
		}
		a, b := p.tokSpan(h.from, h.to)
		p.add(p.s.flag(ruleIntox, a, b))
	}
	for _, h := range p.hits[g.profanity] {
		a, b := p.tokSpan(h.from, h.to)
		p.add(p.s.flag(ruleProfanity, a, b))
	}
	for _, h := range p.hits[g.discriminatory] {
		if p.hitInSentence(g.meta, toks[h.from].sent) {
			continue
		}
		a, b := p.tokSpan(h.from, h.to)
		p.add(p.s.flag(ruleDiscriminatory, a, b))
	}
	for _, h := range p.hits[g.sexual] {
		a, b := p.tokSpan(h.from, h.to)
		p.add(p.s.flag(ruleSexual, a, b))
	}
	// A post about the craze itself ("staff were suspended for it") is a
	// warning, not a photo.
	warning := p.any(g.meta)
	// The craze named in plain words ("a lecture on the Lying Down Game")
	// is a photo only with a clinical area, a photo word or laughter.
	photo := p.any(g.clinicalArea) || p.any(g.funMarker) || laughing(p.d.text)
	for _, f := range p.hits[g.funPhoto] {
		// "lying down" inside "Lying Down Game" is the name, not a pose.
		inName := false
		for _, h := range p.hits[g.lyingDown] {
			inName = inName || f.from < h.to && h.from < f.to
		}
		photo = photo || !inName
	}
	for _, h := range p.hits[g.lyingDown] {
		if warning {
			break
		}
		if p.d.toks[h.from].flags&tHashtag == 0 && !photo {
			continue
		}
		a, b := p.tokSpan(h.from, h.to)
		p.add(p.s.flag(ruleAreaPhoto, a, b))
	}
	if len(p.hits[g.lyingDown]) == 0 && !warning && p.any(g.funPhoto) && p.any(g.clinicalArea) && (p.any(g.funMarker) || laughing(p.d.text)) {
		h := p.hits[g.clinicalArea][0]
		f := p.hits[g.funPhoto][0]
		a, b := p.tokSpan(min(h.from, f.from), max(h.to, f.to))
		p.add(p.s.flag(ruleAreaPhoto, a, b))
	}
}

// laughing reports a laughing or skull emoji: the photo was for fun.
func laughing(s string) bool {
	return strings.Contains(s, "😂") || strings.Contains(s, "🤣") || strings.Contains(s, "💀")
}

// notBrands are camel-cased names that do not promote anything.
var notBrands = map[string]bool{
	"youtube": true, "tiktok": true, "linkedin": true, "whatsapp": true,
	"facebook": true, "instagram": true, "facetime": true, "powerpoint": true,
	"mcdonald's": true, "mcdonalds": true, "foamed": true, "medtwitter": true,
	"jeopardy": true, "iphone": true, "ipad": true, "macbook": true,
}
