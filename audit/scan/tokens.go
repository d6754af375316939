package scan

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
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
	flags      uint8
	// entry is 1 + the index of the word's entry in the lexicon (see
	// lexicon.wordInfo), 0 when it is in no list or was not looked up. It
	// fits in the struct's padding, so the lookup result costs no store
	// of its own.
	entry uint16
}

// doc is a post split into tokens in one pass.
type doc struct {
	text    string
	norm    string
	toks    []token
	normBuf []byte // the buffer norm aliases, kept for reuse
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
func tokenize(text string) doc {
	d := tokenizeInto(text, nil, nil, nil)
	// The words may outlive the call (the lexicon keeps them as keys), so
	// norm gets its own copy rather than aliasing a buffer.
	d.norm = strings.Clone(d.norm)
	d.normBuf = nil
	return d
}

// tokenizeInto is tokenize reusing the token and byte buffers given. The
// returned doc's norm aliases buf (no copy per post): it is valid until
// the buffer is reused, so callers must not keep its words. With a
// lexicon, each word is also looked up as soon as it is read (while its
// bytes are in cache): see token.entry.
func tokenizeInto(text string, toks []token, buf []byte, lx *lexicon) doc {
	// Lower-casing keeps ASCII the same length, so this is usually the
	// only growth; append still handles the rare longer lower case.
	if cap(buf) < len(text) {
		// +8: room for pack8 to load a whole word at the end.
		buf = make([]byte, 0, len(text)+len(text)/8+8)
	}
	// A word takes at least one byte and a separator, so this is enough
	// room for every token of most texts.
	if n := len(text)/2 + 1; cap(toks) < n {
		toks = make([]token, 0, n)
	}
	sent := 0
	newSent := true
	digits := false
	i := 0
	for i < len(text) {
		c := text[i]
		if c|0x20-'a' < 26 {
			// Fast path for the commonest words: ASCII letters, lower case
			// but for the first, ended by a plain separator (not a joiner,
			// digit, capital or non-ASCII letter). Their normal form is
			// the text with the first letter folded, and their flags
			// follow from what precedes them and the first letter;
			// anything else goes through readWord.
			j := i + 1
			for j < len(text) && text[j]-'a' < 26 {
				j++
			}
			if j == len(text) || text[j] < utf8.RuneSelf && byteClass[text[j]]&(cLetter|cDigit|cJoiner) == 0 {
				var flags uint8
				if c <= 'Z' {
					flags = tCap
				}
				if i > 0 {
					switch text[i-1] {
					case '#':
						flags |= tHashtag
					case '@':
						flags |= tMention
					}
				}
				if newSent {
					flags |= tSentStart
					newSent = false
				}
				ns := len(buf)
				buf = append(buf, c|0x20)
				buf = append(buf, text[i+1:j]...)
				var e uint16
				if lx != nil {
					e = lx.find(buf[ns:])
				}
				toks = append(toks, token{start: i, end: j, ns: ns, ne: len(buf), sent: sent, flags: flags, entry: e})
				i = j
				continue
			}
		}
		if c < utf8.RuneSelf {
			k := byteClass[c]
			if k&(cLetter|cDigit) != 0 {
				start, ns := i, len(buf)
				var flags uint8
				buf, i, flags = readWord(text, i, buf, newSent)
				newSent = false
				if flags&(tDigits|tMixed) != 0 {
					digits = true
				}
				var e uint16
				if lx != nil {
					e = lx.find(buf[ns:])
				}
				toks = append(toks, token{start: start, end: i, ns: ns, ne: len(buf), sent: sent, flags: flags, entry: e})
				continue
			}
			if k&cSentEnd != 0 {
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
			start, ns := i, len(buf)
			var flags uint8
			buf, i, flags = readWord(text, i, buf, newSent)
			newSent = false
			if flags&(tDigits|tMixed) != 0 {
				// "é/943…": the ASCII digits of a word that starts with
				// another script still make the post one with digits.
				digits = true
			}
			var e uint16
			if lx != nil {
				e = lx.find(buf[ns:])
			}
			toks = append(toks, token{start: start, end: i, ns: ns, ne: len(buf), sent: sent, flags: flags, entry: e})
			continue
		}
		i += n
	}
	return doc{text: text, norm: unsafe.String(unsafe.SliceData(buf), len(buf)), toks: toks, normBuf: buf, digits: digits, at: strings.IndexByte(text, '@') >= 0}
}

// Byte classes of ASCII characters, looked up once per byte by the
// tokenizer instead of a chain of comparisons.
const (
	cLetter  uint8 = 1 << iota // a-z, A-Z
	cUpper                     // A-Z
	cDigit                     // 0-9
	cJoiner                    // ' & * /
	cSentEnd                   // . ! ? and line feed
)

var byteClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = cLetter
		t[c-'a'+'A'] = cLetter | cUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = cDigit
	}
	for _, c := range "'&*/" {
		t[c] = cJoiner
	}
	for _, c := range ".!?\n" {
		t[c] = cSentEnd
	}
	return t
}()

func isWordByte(c byte) bool { return byteClass[c]&(cLetter|cDigit) != 0 }

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
// its normal form to buf and returns the grown buffer, the index after the
// word and its token flags. Everything stays in locals (registers): the
// caller writes the token once, whole, rather than field by field through
// a pointer.
func readWord(text string, i int, buf []byte, newSent bool) ([]byte, int, uint8) {
	var flags uint8
	if i > 0 {
		switch text[i-1] {
		case '#':
			flags |= tHashtag
		case '@':
			flags |= tMention
		}
	}
	if newSent {
		flags |= tSentStart
	}
	letters, uppers, digits := 0, 0, 0
	first := true
	for i < len(text) {
		c := text[i]
		if c-'a' < 26 {
			// A run of lower-case ASCII letters, the bulk of any text, is
			// copied as it is in one go.
			j := i + 1
			for j < len(text) && text[j]-'a' < 26 {
				j++
			}
			buf = append(buf, text[i:j]...)
			letters += j - i
			i = j
			first = false
			continue
		}
		if c < utf8.RuneSelf {
			k := byteClass[c]
			switch {
			case k&cLetter != 0:
				letters++
				if k&cUpper != 0 {
					uppers++
					if first {
						flags |= tCap
					} else {
						flags |= tInnerCap
					}
					c |= 0x20
				}
				buf = append(buf, c)
				i++
			case k&cDigit != 0:
				digits++
				buf = append(buf, c)
				i++
			case k&cJoiner != 0:
				// Joiners: only between word characters, or a run of '*'
				// inside a censored word ("f**k").
				j := i
				for c == '*' && j+1 < len(text) && text[j+1] == '*' {
					j++
				}
				if !first && wordAt(text, j+1) && (c != '/' || letters > 0) {
					buf = append(buf, text[i:j+1]...)
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
				buf = append(buf, '\'')
				i += n
				continue
			}
			goto done
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				uppers++
				if first {
					flags |= tCap
				} else {
					flags |= tInnerCap
				}
			}
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case unicode.IsDigit(r):
			digits++
			buf = utf8.AppendRune(buf, r)
		default:
			goto done
		}
		first = false
		i += n
	}
done:
	if letters == 0 && digits > 0 {
		flags |= tDigits
	}
	if letters > 0 && digits > 0 {
		flags |= tMixed
	}
	if uppers >= 2 && uppers == letters {
		flags |= tAllCaps
		flags &^= tInnerCap
	}
	return buf, i, flags
}

// hashWord hashes a word for the lexicon's table: one multiply for a
// word of up to 8 bytes (most words), so the lookup waits little for it.
// The product's high bits are the best mixed: the table takes its slot
// from the top bits and its tag from the next ones.
func hashWord(b []byte) uint64 {
	const k = 0x9e3779b97f4a7c15
	h := uint64(len(b))
	for len(b) > 8 {
		h = bits.RotateLeft64((h^binary.LittleEndian.Uint64(b))*k, 29)
		b = b[8:]
	}
	return (h ^ pack8(b)) * k
}

// pack8 is the first 8 bytes of b (fewer when b is shorter) as a
// little-endian integer.
func pack8(b []byte) uint64 {
	if len(b) >= 8 {
		return binary.LittleEndian.Uint64(b)
	}
	if len(b) > 0 && cap(b) >= 8 {
		// One load and a mask rather than a loop whose length (and so
		// whose exit branch) changes with every word: the bytes past the
		// word are in b's capacity, and are masked off.
		return binary.LittleEndian.Uint64(b[:8]) & (^uint64(0) >> (64 - 8*len(b)))
	}
	var x uint64
	for i, c := range b {
		x |= uint64(c) << (8 * i)
	}
	return x
}
