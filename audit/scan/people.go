package scan

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// CommonWordsFile is the list of common English words (lower case) the
// scanner uses to tell a name from a capitalised word.
const CommonWordsFile = "scan/common-words.txt.gz"

// maxCommonWords bounds the decompressed list.
const maxCommonWords = 8 << 20

func loadCommonWords(fsys fs.FS) (map[string]struct{}, error) {
	f, err := fsys.Open(CommonWordsFile)
	if err != nil {
		return nil, fmt.Errorf("reading common words: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("reading common words: %w", err)
	}
	out := map[string]struct{}{}
	sc := bufio.NewScanner(io.LimitReader(zr, maxCommonWords))
	for sc.Scan() {
		w := sc.Text()
		if w == "" || w[0] == '#' {
			continue
		}
		out[w] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading common words: %w", err)
	}
	if len(out) == 0 {
		return nil, errors.New("reading common words: the list is empty")
	}
	return out, nil
}

// streetSuffixes end a street's name ("Brunswick Terrace", "Wattle Gr").
var streetSuffixes = map[string]bool{
	"road": true, "rd": true, "street": true, "st": true, "lane": true, "ln": true,
	"avenue": true, "ave": true, "av": true, "drive": true, "dr": true, "close": true,
	"way": true, "crescent": true, "cres": true, "terrace": true, "tce": true,
	"grove": true, "gr": true, "gve": true, "place": true, "pl": true, "court": true,
	"ct": true, "gardens": true, "gdns": true, "square": true, "sq": true, "row": true,
	"mews": true, "walk": true, "parade": true, "pde": true, "boulevard": true,
	"blvd": true, "rise": true, "hill": true, "view": true, "green": true, "park": true,
	"circle": true, "cir": true, "highway": true, "hwy": true, "wynd": true, "brae": true,
}

// streetPrefixes start a street's name in Welsh, Irish and Scots Gaelic
// ("Heol y Nant", "Bóthar ...").
var streetPrefixes = map[string]bool{"heol": true, "ffordd": true, "stryd": true, "lon": true, "bóthar": true, "sràid": true, "rue": true, "calle": true}

// addresses flags a street address: a house number and a street ("31
// Heol y Nant", "12 Wattle Gr", "number 4 Mill Lane"), and, as a weaker
// flag the classifier weighs, a street named after "on" or "at" in a care
// post ("on Brunswick Terrace").
// orgAddressCues, just before a house number, say the address is an
// organisation's ("the practice is at 22 Quay Street", "Community Hall,
// 5 Church Road"): a public address, not a patient's home.
var orgAddressCues = map[string]bool{
	"clinic": true, "surgery": true, "practice": true, "centre": true, "center": true,
	"hall": true, "pharmacy": true, "hospital": true, "library": true, "office": true,
	"unit": true, "level": true, "room": true, "reception": true,
}

func (p *pass) addresses() {
	toks := p.d.toks
	if !p.d.digits && !p.clinical {
		return // no house number, and no care post to name a street in
	}
	for i := range toks {
		// A house number, or "on"/"at"/"off" in a care post: most tokens
		// are neither, and are passed over on their flags and length.
		fl := toks[i].flags
		if fl&(tDigits|tMixed) == 0 && (!p.clinical || toks[i].ne-toks[i].ns > 3) {
			continue
		}
		w := p.d.word(i)
		num := fl&tDigits != 0 && len(w) <= 4 && atoi(w) > 0 ||
			fl&tMixed != 0 && len(w) <= 5 && countDigits(w) == len(w)-1 && isASCIILetter(w[len(w)-1]) && isDigit(w[0])
		prep := !num && (w == "on" || w == "at" || w == "off") && p.clinical
		if !num && !prep {
			continue
		}
		// Up to four capitalised words, the last a street suffix, or a
		// Welsh or Irish street word first.
		j := i + 1
		end := -1
		for k := j; k < len(toks) && k <= j+4 && toks[k].sent == toks[i].sent; k++ {
			kw := p.d.word(k)
			capital := toks[k].flags&tCap != 0
			if k == j && streetPrefixes[kw] && capital && num {
				if k+1 < len(toks) && toks[k+1].sent == toks[i].sent {
					end = min(k+2, len(toks))
					for end < len(toks) && end < k+4 && toks[end].sent == toks[i].sent && (toks[end].flags&tCap != 0 || len(p.d.word(end)) <= 2) && p.d.text[toks[end-1].end:toks[end].start] == " " {
						end++
					}
				}
				break
			}
			if !capital && !(k > j && len(kw) <= 2) {
				break
			}
			if k > j && streetSuffixes[kw] {
				end = k + 1
				break
			}
		}
		if end < 0 {
			continue
		}
		if num && p.cueBeforeIn(orgAddressCues, i, 4) {
			continue
		}
		a, b := p.tokSpan(i, end)
		if prep {
			a = toks[i+1].start
		}
		rule := ruleAddress
		if prep {
			rule = ruleStreet
		}
		if p.overlaps(a, b) {
			continue
		}
		p.add(p.s.flag(rule, a, b))
		p.claim(a, b)
	}
}

// nameCand is a capitalised pair of words that reads as a person's name.
type nameCand struct {
	from, to int // tokens
	known    bool
}

// isNameWord reports whether token i may be part of a person's name:
// capitalised, letters only, not a common word (unless a listed
// forename), not a hospital, month or day.
func (p *pass) isNameWord(i int, allowCommon bool) bool {
	// The answer without allowCommon is asked of most tokens twice (as
	// the second word of one pair and the first of the next): keep it.
	if !allowCommon {
		if len(p.nameOK) != len(p.d.toks) {
			p.nameOK = p.nameOK[:0]
			for range p.d.toks {
				p.nameOK = append(p.nameOK, 0)
			}
		}
		if v := p.nameOK[i]; v != 0 {
			return v > 0
		}
		ok := p.isNameWordUncached(i, false)
		p.nameOK[i] = -1
		if ok {
			p.nameOK[i] = 1
		}
		return ok
	}
	return p.isNameWordUncached(i, true)
}

func (p *pass) isNameWordUncached(i int, allowCommon bool) bool {
	t := p.d.toks[i]
	if t.flags&tCap == 0 || t.flags&(tDigits|tMixed|tHashtag|tMention|tAllCaps) != 0 {
		return false
	}
	w := p.d.word(i)
	if len(w) < 2 || p.inSet(p.s.g.hospitalWords, i) || p.inSet(p.s.g.titles, i) {
		return false
	}
	if !allowCommon && !p.inSet(p.s.g.forenames, i) {
		if _, common := p.s.common[strings.TrimSuffix(w, "'s")]; common {
			return false
		}
	}
	return !notNames[w] && !strings.ContainsAny(w, "&*/")
}

// notNames are capitalised words that are never part of a person's name
// (see commonCapital, placeStop, streetSuffixes, months), merged so that
// a word is looked up once.
var notNames = func() map[string]bool {
	m := map[string]bool{}
	for _, src := range []map[string]bool{commonCapital, placeStop, streetSuffixes} {
		for w := range src {
			m[w] = true
		}
	}
	for w := range months {
		m[w] = true
	}
	return m
}()

// nameCandidates are the pairs of capitalised words in the text that
// read as a forename and a surname ("Sharon Mulgrew", "Geoff Tanner"):
// no list of names is needed, only one of common words. Worked out once
// per pass.
func (p *pass) nameCandidates() []nameCand {
	if p.namesDone {
		return p.nameCands
	}
	p.namesDone = true
	toks := p.d.toks
	const capOnly = tCap | tDigits | tMixed | tHashtag | tMention | tAllCaps
	for i := 0; i+1 < len(toks); i++ {
		// Two capitalised words in a row, first, before any lookup:
		// most capitals start a sentence and are followed by lower case.
		if toks[i].flags&capOnly != tCap || toks[i+1].flags&capOnly != tCap {
			continue
		}
		if toks[i+1].sent != toks[i].sent || p.d.text[toks[i].end:toks[i+1].start] != " " {
			continue
		}
		known := p.inSet(p.s.g.forenames, i)
		if !p.isNameWord(i, false) || !p.isNameWord(i+1, known) {
			continue
		}
		if i > 0 && toks[i-1].sent == toks[i].sent && colleagueTitle[p.d.word(i-1)] {
			continue
		}
		end := i + 2
		if end < len(toks) && toks[end].sent == toks[i].sent && p.d.text[toks[end-1].end:toks[end].start] == " " && p.isNameWord(end, false) {
			end++
		}
		p.nameCands = append(p.nameCands, nameCand{from: i, to: end, known: known})
		i = end - 1
	}
	return p.nameCands
}

// personNames flags a name found by shape (see nameCandidates) in a post
// about care: a weaker flag than a title and surname, which the
// classifier confirms or drops.
func (p *pass) personNames() {
	cands := p.nameCandidates()
	if len(cands) == 0 || !p.care() {
		return
	}
	for _, c := range cands {
		if p.hitInSentence(p.s.g.colleagueContext, p.d.toks[c.from].sent) {
			continue
		}
		a, b := p.tokSpan(c.from, c.to)
		if p.overlaps(a, b) {
			continue
		}
		p.add(p.s.flag(rulePersonName, a, b))
		p.claim(a, b)
	}
}
