package match

import (
	"net/url"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// translit spells letters that have no ASCII decomposition the way English
// speakers write them: ß as ss, Cyrillic and Greek letters in Latin.
var translit = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ŋ': "n", 'ħ': "h", 'ŧ': "t", 'ĸ': "k", 'ſ': "s",
	'ɑ': "a", 'ɡ': "g",
	// Cyrillic (BGN/PCGN-like, as British passports spell it).
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g",
	// Greek.
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
	'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y",
	'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
	// Small capitals, a favourite of "fancy text" display names; the
	// mathematical and full-width letters decompose under NFKD already.
	'ᴀ': "a", 'ʙ': "b", 'ᴄ': "c", 'ᴅ': "d", 'ᴇ': "e", 'ꜰ': "f", 'ɢ': "g",
	'ʜ': "h", 'ɪ': "i", 'ᴊ': "j", 'ᴋ': "k", 'ʟ': "l", 'ᴍ': "m", 'ɴ': "n",
	'ᴏ': "o", 'ᴘ': "p", 'ǫ': "q", 'ʀ': "r", 'ꜱ': "s", 'ᴛ': "t", 'ᴜ': "u",
	'ᴠ': "v", 'ᴡ': "w", 'ʏ': "y", 'ᴢ': "z",
}

// cleanASCII is clean for one ASCII byte; 0 drops it.
var cleanASCII = func() (t [utf8.RuneSelf]byte) {
	for c := range utf8.RuneSelf {
		r := byte(c)
		switch {
		case r >= 'A' && r <= 'Z':
			t[c] = r + 'a' - 'A'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			t[c] = r
		case r == '\'' || r == '`':
		case r == '-' || r == '.' || r == ',' || r == '_':
			t[c] = r
		case r == '(' || r == '[' || r == '{':
			t[c] = '('
		case r == ')' || r == ']' || r == '}':
			t[c] = ')'
		case r == '|' || r == '/' || r == '\\' || r == ':' || r == ';' || r == '@' || r == '~' || r == '#':
			t[c] = '|'
		default:
			t[c] = ' '
		}
	}
	return t
}()

// clean folds s to lower-case ASCII letters and digits, keeping only the
// punctuation that carries structure in a name: '-' (hyphenated parts),
// '(' ')' (a second name), '|' (a tagline follows), '.' and ','. Accents,
// emoji and other decoration go; apostrophes vanish (O'Brien = OBrien).
func clean(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii && len(s) <= 128 {
		// Most names: one table look-up a byte, one allocation.
		var buf [128]byte
		n := 0
		for i := 0; i < len(s); i++ {
			if c := cleanASCII[s[i]]; c != 0 {
				buf[n] = c
				n++
			}
		}
		return string(buf[:n])
	}
	if !ascii {
		if c, ok := cleanByRune(s); ok {
			return c
		}
	}
	return cleanSlow(s, ascii)
}

// runeTables are what cleanSlow makes of each rune alone, for the runes
// most names use outside ASCII: Latin letters with accents, Greek and
// Cyrillic, punctuation, symbols, emoji. Each rune's result does not
// depend on its neighbours (combining marks are dropped), so a name made
// only of these is cleaned rune by rune without decomposing the string.
var (
	runeTablesOnce     sync.Once
	runeLow, runeEmoji []string
)

const (
	runeLowEnd = 0x3000  // Latin, Greek, Cyrillic, punctuation, symbols
	selectors  = 0xfe00  // variation selectors, dropped,
	selectorsZ = 0xfe0f  // up to this one
	emojiStart = 0x1f000 // emoji and pictographs
	emojiEnd   = 0x1fb00
)

func cleanByRune(s string) (string, bool) {
	runeTablesOnce.Do(func() {
		runeLow = make([]string, runeLowEnd)
		for r := rune(utf8.RuneSelf); r < runeLowEnd; r++ {
			if r >= 0xd800 && r < 0xe000 {
				continue
			}
			runeLow[r] = cleanSlow(string(r), false)
		}
		runeEmoji = make([]string, emojiEnd-emojiStart)
		for r := rune(emojiStart); r < emojiEnd; r++ {
			runeEmoji[r-emojiStart] = cleanSlow(string(r), false)
		}
	})
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if c := cleanASCII[r]; c != 0 {
				b.WriteByte(c)
			}
		case r == utf8.RuneError:
			return "", false
		case r < runeLowEnd:
			b.WriteString(runeLow[r])
		case r >= selectors && r <= selectorsZ:
			// Variation selectors: dropped.
		case r >= emojiStart && r < emojiEnd:
			b.WriteString(runeEmoji[r-emojiStart])
		default:
			return "", false
		}
	}
	return b.String(), true
}

// cleanSlow is clean for any text: decomposed first (NFKD), so that
// mathematical and full-width letters become plain ones.
func cleanSlow(s string, ascii bool) string {
	var b strings.Builder
	b.Grow(len(s))
	if !ascii {
		s = norm.NFKD.String(s)
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			switch {
			case r >= 'A' && r <= 'Z':
				b.WriteByte(byte(r) + 'a' - 'A')
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				b.WriteByte(byte(r))
			case r == '\'' || r == '`':
			case r == '-' || r == '.' || r == ',' || r == '_':
				b.WriteByte(byte(r))
			case r == '(' || r == '[' || r == '{':
				b.WriteByte('(')
			case r == ')' || r == ']' || r == '}':
				b.WriteByte(')')
			case r == '|' || r == '/' || r == '\\' || r == ':' || r == ';' || r == '@' || r == '~' || r == '#':
				b.WriteByte('|')
			default:
				b.WriteByte(' ')
			}
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == '\u200d' || r == '\ufe0f':
			// Combining accents, emoji joiners and variation selectors.
		case r == '’' || r == 'ʼ' || r == '‘' || r == '´':
		case r == '‐' || r == '‑':
			b.WriteByte('-')
		case r == '–' || r == '—' || r == '•' || r == '·' || r == '｜' || r == '★' || r == '☆':
			b.WriteByte('|')
		default:
			lr := unicode.ToLower(r)
			if t, ok := translit[lr]; ok {
				b.WriteString(t)
			} else if unicode.IsLetter(lr) || unicode.IsDigit(lr) {
				b.WriteRune(lr)
			} else {
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

// Fold reduces a name or word to lower-case ASCII letters and digits only:
// "Zoë" and "ZOE" both fold to "zoe", "O'Brien" to "obrien".
func Fold(s string) string {
	c := clean(s)
	var b strings.Builder
	for i := 0; i < len(c); i++ {
		ch := c[i]
		if ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch >= utf8.RuneSelf {
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// word is one token of a name.
type word struct {
	text   string
	group  int  // words from one hyphenated word share a group
	paren  bool // inside brackets, or after "née": a second name
	maiden bool // after "née", "formerly": certainly a surname
	pos    int  // position in the name
	// Set by the matcher for a connection's words: what the index and
	// the given-name tables say of it.
	tok *token
}

// parsed is a display name or watch-list name broken into words.
type parsed struct {
	words []word
	alts  []string // joined forms: "taylorwood", "vanderberg"
	nums  []string // digit runs, for years of birth
	// nonASCII is set when the raw text had accented or non-Latin letters,
	// so a match can say that it looked past them.
	nonASCII bool
}

// isMaidenMarker reports a word that introduces a second surname in a
// name (a switch: it runs for every word of every name).
func isMaidenMarker(w string) bool {
	switch w {
	case "nee", "formerly", "born", "aka":
		return true
	}
	return false
}

func hasNonASCIILetter(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// parseName splits a display name (or a watch-list name) into words. It
// keeps the name before any tagline ("Bob Smith | Personal trainer"),
// drops titles and decorations, and records hyphen groups and bracketed
// second names.
func (n *Names) parseName(raw string) parsed {
	return n.parseNameBuf(raw, make([]word, 0, 4))
}

// parseNameBuf is parseName with the words appended to buf[:0], for a
// caller that parses many names and keeps none of the words.
func (n *Names) parseNameBuf(raw string, buf []word) parsed {
	p := parsed{nonASCII: hasNonASCIILetter(raw)}
	c := clean(raw)
	// Keep the first segment before a '|' that has letters in it.
	for rest := c; ; {
		seg, after, more := strings.Cut(rest, "|")
		if strings.IndexFunc(seg, unicode.IsLetter) >= 0 {
			c = seg
			break
		}
		if !more {
			break
		}
		rest = after
	}
	// " - " separates a tagline; a hyphen inside a word joins parts.
	c = strings.ReplaceAll(c, " - ", " | ")
	if i := strings.Index(c, " | "); i > 0 && strings.IndexFunc(c[:i], unicode.IsLetter) >= 0 {
		c = c[:i]
	}
	depth, group, maiden := 0, 0, false
	// Words are slices of c, which is already a fresh string: the current
	// word is c[start:i].
	start := 0
	words := buf[:0]
	flushWord := func(end int) {
		w := c[start:end]
		start = end + 1
		if w == "" {
			return
		}
		if isMaidenMarker(w) {
			maiden = true
			return
		}
		g := group
		group++
		for rest, more := w, true; more; {
			var part string
			part, rest, more = strings.Cut(rest, "-")
			if part == "" {
				continue
			}
			if isDigits(part) {
				p.nums = append(p.nums, part)
				continue
			}
			words = append(words, word{text: part, group: g, paren: depth > 0 || maiden, maiden: maiden})
		}
	}
	for i := 0; i < len(c); i++ {
		switch c[i] {
		case '(':
			flushWord(i)
			depth++
		case ')':
			flushWord(i)
			if depth > 0 {
				depth--
			}
		case ' ', '.', ',', '_', '|':
			flushWord(i)
		}
	}
	flushWord(len(c))
	// Drop titles and filler while at least two words would remain; the
	// filter works in place, so it first counts what it would keep.
	nkeep, nnoise := 0, 0
	for _, w := range words {
		switch {
		case isMaidenMarker(w.text):
		case n.noise[w.text]:
			nnoise++
		default:
			nkeep++
		}
	}
	if nkeep < 2 {
		nnoise = 0 // keep the titles after all
	}
	kept := words[:0]
	for _, w := range words {
		if !isMaidenMarker(w.text) && (nnoise == 0 || !n.noise[w.text]) {
			kept = append(kept, w)
		}
	}
	// Split digits glued to letters ("smith84") off as numbers.
	for i := range kept {
		kept[i].pos = i
		if j := strings.IndexFunc(kept[i].text, unicode.IsDigit); j > 0 {
			p.nums = append(p.nums, strings.TrimLeftFunc(kept[i].text[j:], func(r rune) bool { return !unicode.IsDigit(r) }))
			kept[i].text = strings.TrimRightFunc(kept[i].text[:j], unicode.IsDigit)
		}
	}
	p.words = kept
	p.alts = n.joins(kept)
	return p
}

// joins builds the joined spellings of hyphen groups and particle runs:
// "Taylor-Wood" -> "taylorwood", "van der Berg" -> "vanderberg".
func (n *Names) joins(ws []word) []string {
	var out []string
	for i := 0; i < len(ws); {
		j := i + 1
		for j < len(ws) && ws[j].group == ws[i].group {
			j++
		}
		if j-i > 1 {
			var b strings.Builder
			for _, w := range ws[i:j] {
				b.WriteString(w.text)
			}
			out = append(out, b.String())
		}
		i = j
	}
	for i := 0; i < len(ws); i++ {
		// Irish O' written with a space: "O Reilly" -> "oreilly".
		if ws[i].text == "o" && i+1 < len(ws) && i > 0 {
			out = append(out, "o"+ws[i+1].text)
			continue
		}
		if !n.particles[ws[i].text] {
			continue
		}
		j := i
		for j < len(ws) && n.particles[ws[j].text] {
			j++
		}
		if j < len(ws) && j > i {
			var b strings.Builder
			for _, w := range ws[i : j+1] {
				b.WriteString(w.text)
			}
			out = append(out, b.String())
		}
		i = j
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// handle is a user name broken into letter segments and numbers:
// "the_real_BobSmith84" -> words [bob smith], blobs [bobsmith], nums [84].
type handle struct {
	words []string // segments, filler removed
	blobs []string // segments long enough to hold a glued name
	nums  []string
}

// handleFrom picks the user name of a connection: its Handle, else the last
// part of its profile URL when that is a name rather than a number.
func handleFrom(h, rawURL string) string {
	h = strings.TrimSpace(h)
	if h == "" && rawURL != "" {
		if u, err := url.Parse(rawURL); err == nil {
			if id := u.Query().Get("id"); id != "" {
				return ""
			}
			segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
			for k := len(segs) - 1; k >= 0; k-- {
				s := segs[k]
				if s == "friends" || s == "about" || s == "profile.php" || isDigits(s) {
					continue
				}
				h = s
				break
			}
			if len(segs) > 0 && (segs[0] == "in" || segs[0] == "people") && len(segs) > 1 {
				h = segs[1]
			}
		}
	}
	if strings.Contains(h, "/") {
		if i := strings.LastIndex(strings.TrimRight(h, "/"), "/"); i >= 0 {
			h = strings.TrimRight(h, "/")[i+1:]
		}
	}
	return strings.TrimLeft(h, "@")
}

func (n *Names) parseHandle(h string) handle {
	var out handle
	if h == "" {
		return out
	}
	// Split camelCase and letter/digit boundaries before case is folded.
	var c string
	if ascii := isASCII(h); ascii && len(h) <= 128 {
		var buf [256]byte
		b := buf[:0]
		for i := 0; i < len(h); i++ {
			r := h[i]
			if i > 0 {
				p := h[i-1]
				if isUpperByte(r) && isLowerByte(p) || isDigit(r) != isDigit(p) && isLetterByte(r) != isLetterByte(p) {
					b = append(b, ' ')
				}
			}
			b = append(b, r)
		}
		c = clean(string(b))
	} else {
		var b strings.Builder
		var prev rune
		for i, r := range h {
			if i > 0 && (unicode.IsUpper(r) && unicode.IsLower(prev) ||
				unicode.IsDigit(r) != unicode.IsDigit(prev) && unicode.IsLetter(r) != unicode.IsLetter(prev)) {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			prev = r
		}
		c = clean(b.String())
	}
	// Segments are slices of c: runs of letters and digits.
	var letters []string
	var nletters int
	for i := 0; i < len(c); {
		for i < len(c) && !isSegByte(c[i]) {
			i++
		}
		j := i
		for j < len(c) && isSegByte(c[j]) {
			j++
		}
		if j > i {
			seg := c[i:j]
			if isDigits(seg) {
				out.nums = append(out.nums, seg)
			} else {
				letters = append(letters, seg)
				nletters++
			}
		}
		i = j
	}
	// The unsplit letters, for glued names whose case gave no hint.
	joined := ""
	switch nletters {
	case 0:
	case 1:
		joined = letters[0]
	default:
		joined = strings.Join(letters, "")
	}
	for _, s := range letters {
		if !n.noise[s] {
			out.words = append(out.words, s)
		}
	}
	if len(joined) >= 4 {
		out.blobs = append(out.blobs, joined)
	}
	for _, s := range letters {
		if len(s) >= 4 && s != joined {
			out.blobs = append(out.blobs, s)
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isUpperByte(c byte) bool  { return c >= 'A' && c <= 'Z' }
func isLowerByte(c byte) bool  { return c >= 'a' && c <= 'z' }
func isLetterByte(c byte) bool { return isUpperByte(c) || isLowerByte(c) }

// isSegByte is a byte of a handle segment, after clean: a letter, a
// digit, or part of a letter outside ASCII.
func isSegByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

// stripNoise removes filler from the ends of a handle remainder:
// "thereal" + "bob" -> "bob".
func (n *Names) stripNoise(s string, fromLeft bool) string {
	for changed := true; changed && s != "" && !n.Known(s); {
		changed = false
		// The longest filler first; the list is short, so scanning it is
		// cheaper than looking up every prefix.
		for _, w := range n.fillers {
			if fromLeft && strings.HasPrefix(s, w) {
				s, changed = s[len(w):], true
				break
			}
			if !fromLeft && strings.HasSuffix(s, w) {
				s, changed = s[:len(s)-len(w)], true
				break
			}
		}
	}
	return s
}

// skeleton is a rough sound key: the first letter, then consonants with
// similar-sounding spellings merged and repeats collapsed. Smith and Smyth
// share one, as do Catherine and Kathryn.
func skeleton(s string) string {
	if s == "" {
		return ""
	}
	// A stack buffer: the only allocation is the result.
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		next := byte(0)
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch {
		case c == 'p' && next == 'h':
			b = skelAdd(b, 'f')
			i++
			continue
		case c == 's' && next == 'c' && i+2 < len(s) && s[i+2] == 'h':
			b = skelAdd(b, 's')
			b = skelAdd(b, 'k')
			i += 2
			continue
		case c == 'c' && next == 'k':
			b = skelAdd(b, 'k')
			i++
			continue
		case c == 't' && next == 'h':
			b = skelAdd(b, 't')
			i++
			continue
		case c == 'c':
			if next == 'e' || next == 'i' || next == 'y' {
				c = 's'
			} else {
				c = 'k'
			}
		case c == 'q':
			c = 'k'
		case c == 'x':
			b = skelAdd(b, 'k')
			c = 's'
		case c == 'z':
			c = 's'
		case c == 'v':
			c = 'f'
		case c == 'h' && i > 0:
			continue
		case c == 'w' && i > 0:
			continue
		case c == 'y':
			c = 'a'
		}
		if i > 0 && (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
			if len(b) > 0 && b[len(b)-1] != '*' {
				b = append(b, '*')
			}
			continue
		}
		b = skelAdd(b, c)
	}
	// Vowels only mark a break between repeated consonants.
	out := b[:0]
	for i, c := range b {
		if c == '*' {
			continue
		}
		if len(out) > 0 && out[len(out)-1] == c && (i == 0 || b[i-1] != '*') {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

// skelAdd appends c unless it repeats the last letter.
func skelAdd(b []byte, c byte) []byte {
	if len(b) > 0 && b[len(b)-1] == c {
		return b
	}
	return append(b, c)
}

// osa is the optimal-string-alignment edit distance (Levenshtein plus
// adjacent transposition), giving up once it exceeds limit. It is only
// run on the few pairs blocking has already put together.
func osa(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) > 32 || len(b) > 32 {
		if a == b {
			return 0
		}
		return limit + 1
	}
	var rows [3][33]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// form is a name with what the tables say of it and its sound keys,
// worked out once rather than for each comparison.
type form struct {
	text   string
	rec    *nameRec
	skel   string // skeleton
	trans  string // translitKey, once keyed is set
	vowels string // vowelShape, once keyed is set
	keyed  bool
}

func (n *Names) newForm(s string) form {
	return form{text: s, rec: n.recs[s], skel: skeleton(s)}
}

// key works out the keys few comparisons need, on first use.
func (f *form) key() {
	if !f.keyed {
		f.trans, f.vowels, f.keyed = translitKey(f.text), vowelShape(f.text), true
	}
}

// wordForm is a word as a form: the matcher's token, or worked out.
func (n *Names) wordForm(w *word) *form {
	if w.tok == nil {
		f := n.newForm(w.text)
		return &f
	}
	return &w.tok.form
}

// translitKey is a looser sound key for names romanised in more than one
// way: on top of the skeleton it takes any first vowel for any other
// (Uthman, Osman), th for s (the Arabic letter written both ways), v and
// w for b (Chakravarty, Chakraborty), and j for y (Yusuf, Jusuf). It is
// only ever a fallback, and evidence from it counts as a guess.
func translitKey(s string) string {
	if s == "" {
		return ""
	}
	var buf [64]byte
	b := buf[:0]
	for i := 0; i < len(s) && len(b) < len(buf)-2; i++ {
		c := s[i]
		next := byte(0)
		if i+1 < len(s) {
			next = s[i+1]
		}
		if i == 0 && isVowel(c) {
			b = append(b, 'a')
			continue
		}
		switch {
		case c == 't' && next == 'h':
			c = 's'
			i++
		case c == 'p' && next == 'h':
			c = 'f'
			i++
		case c == 'c' && next == 'k':
			c = 'k'
			i++
		case c == 'c':
			if next == 'e' || next == 'i' || next == 'y' {
				c = 's'
			} else {
				c = 'k'
			}
		case c == 'q':
			c = 'k'
		case c == 'z':
			c = 's'
		case c == 'v' || c == 'w':
			c = 'b'
		case c == 'j':
			c = 'y'
		case c == 'h' && i > 0:
			continue
		}
		if i > 0 && isVowel(c) {
			if len(b) > 0 && b[len(b)-1] != '*' {
				b = append(b, '*')
			}
			continue
		}
		b = skelAdd(b, c)
	}
	out := b[:0]
	for i, c := range b {
		if c == '*' {
			continue
		}
		if len(out) > 0 && out[len(out)-1] == c && (i == 0 || b[i-1] != '*') {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// keyRows is a UK keyboard's letter rows, for slips of a finger.
var keyRows = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// nextKeys reports whether two letters sit side by side on a keyboard,
// in a row or diagonally between rows.
func nextKeys(a, b byte) bool {
	ra, ca, rb, cb := -1, -1, -1, -1
	for r, row := range keyRows {
		if i := strings.IndexByte(row, a); i >= 0 {
			ra, ca = r, i
		}
		if i := strings.IndexByte(row, b); i >= 0 {
			rb, cb = r, i
		}
	}
	if ra < 0 || rb < 0 || a == b {
		return false
	}
	switch ra - rb {
	case 0:
		return ca-cb == 1 || cb-ca == 1
	case 1: // a is on the row below b
		return ca == cb || ca+1 == cb
	case -1:
		return cb == ca || cb+1 == ca
	}
	return false
}

// keySlip reports whether a and b, of one length, differ in one letter
// that is a neighbouring key.
func keySlip(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	diff := -1
	for i := range len(a) {
		if a[i] != b[i] {
			if diff >= 0 {
				return false
			}
			diff = i
		}
	}
	return diff >= 0 && nextKeys(a[diff], b[diff])
}
