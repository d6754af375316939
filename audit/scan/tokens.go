package scan

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token flags.
const (
	tCap       uint8 = 1 << iota // first letter upper case in the source
	tAllCaps                     // every letter upper case (and at least two)
	tHashtag                     // preceded by '#'
	tMention                     // preceded by '@'
	tDigits                      // only digits
	tSentStart                   // first token of a sentence
	tInnerCap                    // an upper-case letter after the first: "VitaBoost"
	tMixed                       // both letters and digits: "LS6", "K4458921"
)

// token is one word of a post: its byte span in the source and its
// lower-cased, normalised form (a slice of the document's norm string).
type token struct {
	start, end int // in the source text
	ns, ne     int // in doc.norm
	sent       int // sentence number
	hash       uint64
	flags      uint8
}

// doc is a post split into tokens in one pass.
type doc struct {
	text    string
	norm    string
	toks    []token
	normBuf []byte // the buffer norm was copied from, kept for reuse
	digits  bool   // the text holds an ASCII digit
	at      bool   // the text holds an '@'
}

func (d *doc) word(i int) string { return d.norm[d.toks[i].ns:d.toks[i].ne] }

func (d *doc) has(i int, f uint8) bool { return d.toks[i].flags&f != 0 }

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }

// tokenize splits text into word tokens. Letters and digits form words;
// an apostrophe, '&', '*' or '/' joins two word characters ("don't", "A&E",
// "f*ck", "y/o"); everything else (spaces, hyphens, punctuation, emoji)
// separates. Sentences end at . ! ? and line breaks, except for a '.'
// followed directly by a word character ("D.O.B", "3.5").
func tokenize(text string) doc { return tokenizeInto(text, nil, nil) }

// tokenizeInto is tokenize reusing the token and byte buffers given.
func tokenizeInto(text string, toks []token, buf []byte) doc {
	sent := 0
	newSent := true
	digits := false
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if isWordByte(c) {
				i = readWord(text, i, &buf, &toks, sent, &newSent)
				if toks[len(toks)-1].flags&(tDigits|tMixed) != 0 {
					digits = true
				}
				continue
			}
			switch c {
			case '.', '!', '?', '\n':
				if c != '.' || i+1 >= len(text) || !isWordByte(text[i+1]) {
					if !newSent {
						sent++
						newSent = true
					}
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			i = readWord(text, i, &buf, &toks, sent, &newSent)
			continue
		}
		i += n
	}
	return doc{text: text, norm: string(buf), toks: toks, normBuf: buf, digits: digits, at: strings.IndexByte(text, '@') >= 0}
}

func isWordByte(c byte) bool { return isASCIILetter(c) || isDigit(c) }

// wordAt reports whether a word character starts at text[i].
func wordAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	c := text[i]
	if c < utf8.RuneSelf {
		return isWordByte(c)
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// readWord reads one word starting at text[i] (a word character), appends
// its normal form to buf and its token to toks, and returns the index after
// it.
func readWord(text string, i int, buf *[]byte, toks *[]token, sent int, newSent *bool) int {
	t := token{start: i, ns: len(*buf), sent: sent}
	if i > 0 {
		switch text[i-1] {
		case '#':
			t.flags |= tHashtag
		case '@':
			t.flags |= tMention
		}
	}
	if *newSent {
		t.flags |= tSentStart
		*newSent = false
	}
	letters, uppers, digits := 0, 0, 0
	first := true
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case isASCIILetter(c):
				letters++
				if c <= 'Z' {
					uppers++
					if first {
						t.flags |= tCap
					} else {
						t.flags |= tInnerCap
					}
					c |= 0x20
				}
				*buf = append(*buf, c)
				i++
			case isDigit(c):
				digits++
				*buf = append(*buf, c)
				i++
			case c == '\'' || c == '&' || c == '*' || c == '/':
				// Joiners: only between word characters, or a run of '*'
				// inside a censored word ("f**k").
				j := i
				for c == '*' && j+1 < len(text) && text[j+1] == '*' {
					j++
				}
				if !first && wordAt(text, j+1) && (c != '/' || letters > 0) {
					*buf = append(*buf, text[i:j+1]...)
					i = j + 1
					continue
				}
				goto done
			default:
				goto done
			}
			first = false
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\u2019' || r == '\u2018': // typographic apostrophe
			if !first && wordAt(text, i+n) {
				*buf = append(*buf, '\'')
				i += n
				continue
			}
			goto done
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				uppers++
				if first {
					t.flags |= tCap
				} else {
					t.flags |= tInnerCap
				}
			}
			*buf = utf8.AppendRune(*buf, unicode.ToLower(r))
		case unicode.IsDigit(r):
			digits++
			*buf = utf8.AppendRune(*buf, r)
		default:
			goto done
		}
		first = false
		i += n
	}
done:
	t.end = i
	t.ne = len(*buf)
	t.hash = hashWord((*buf)[t.ns:t.ne])
	if letters == 0 && digits > 0 {
		t.flags |= tDigits
	}
	if letters > 0 && digits > 0 {
		t.flags |= tMixed
	}
	if uppers >= 2 && uppers == letters {
		t.flags |= tAllCaps
		t.flags &^= tInnerCap
	}
	*toks = append(*toks, t)
	return i
}

// hashWord is FNV-1a, used to look words up in the lexicon's table.
func hashWord(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}
