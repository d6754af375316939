// Package jsonstream reads JSON from a stream one value at a time, under
// limits checked while it reads: nesting depth, the length of any string or
// number, and (for the values it builds) how many values and bytes one
// value may hold. Nothing is buffered beyond the value being built, so a
// file of any size is read in bounded memory; a value that breaks a limit
// stops the read with a *LimitError as soon as the limit is passed.
//
// The API is recursive descent: Object and Array call back once per member
// with the decoder at the member's value, which the callback reads with
// Value, String or Skip, or descends into; a value the callback leaves
// unread is skipped.
package jsonstream

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits bound what one stream may hold.
type Limits struct {
	// MaxDepth is the deepest nesting of arrays and objects.
	MaxDepth int
	// MaxString is the most bytes one decoded string or key may hold.
	MaxString int
	// MaxNumber is the longest number literal, in bytes.
	MaxNumber int
}

// Budget bounds one value built by Value: how many values (scalars,
// arrays, objects and keys) and how many bytes of strings it may hold. It
// is spent as the value is built.
type Budget struct {
	Values int
	Bytes  int
}

// Kind is the type of the next value.
type Kind byte

// The kinds of JSON value.
const (
	Invalid Kind = iota
	Object
	Array
	String
	Number
	Bool
	Null
)

func (k Kind) String() string {
	return [...]string{"invalid", "an object", "a list", "a text", "a number", "true or false", "null"}[k]
}

// LimitError says which limit the input passed.
type LimitError struct {
	// What says it in words: "a text longer than 256 KB".
	What string
}

func (e *LimitError) Error() string { return e.What }

// ErrBudget is returned by Value when the value outgrows its Budget.
var ErrBudget = errors.New("value larger than its budget")

// SyntaxError is malformed JSON, at a byte offset.
type SyntaxError struct {
	Offset int64
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s (at byte %d)", e.Msg, e.Offset) }

// Decoder reads JSON values from a stream.
type Decoder struct {
	r     *bufio.Reader
	lim   Limits
	off   int64
	depth int
	nvals uint64 // values finished, to tell whether a callback read its value
	// Fix, when set, rewrites every decoded string and key (the Meta
	// exports' mojibake).
	Fix func(string) string
	sb  []byte
}

// NewDecoder reads from r under lim; zero limits get safe defaults.
func NewDecoder(r io.Reader, lim Limits) *Decoder {
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = 64
	}
	if lim.MaxString <= 0 {
		lim.MaxString = 1 << 20
	}
	if lim.MaxNumber <= 0 {
		lim.MaxNumber = 64
	}
	return &Decoder{r: bufio.NewReaderSize(r, 32<<10), lim: lim}
}

// Offset is how many bytes have been consumed.
func (d *Decoder) Offset() int64 { return d.off }

func (d *Decoder) syntax(msg string) error { return &SyntaxError{Offset: d.off, Msg: msg} }

// readErr turns a read error into what the caller should see: EOF in the
// middle of a value means the file was cut short.
func (d *Decoder) readErr(err error) error {
	if errors.Is(err, io.EOF) && d.depth == 0 && d.off <= 3 {
		return d.syntax("the file is empty")
	}
	if errors.Is(err, io.EOF) {
		return d.syntax("the file ends in the middle of a JSON value")
	}
	return err
}

// skipSpace consumes whitespace and returns the next byte without
// consuming it; io.EOF at the end.
func (d *Decoder) skipSpace() (byte, error) {
	for {
		if _, err := d.r.Peek(1); err != nil {
			return 0, err
		}
		buf, _ := d.r.Peek(d.r.Buffered())
		i := 0
		for i < len(buf) && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r') {
			i++
		}
		d.r.Discard(i)
		d.off += int64(i)
		if i < len(buf) {
			return buf[i], nil
		}
	}
}

// SkipBOM consumes a UTF-8 byte-order mark, if the stream starts with one.
func (d *Decoder) SkipBOM() {
	if b, err := d.r.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		d.r.Discard(3)
		d.off += 3
	}
}

// SkipPrefix consumes an assignment before the value ("window.YTD.x =")
// when the stream does not start with an object or a list: everything up
// to and including the first '=' within max bytes.
func (d *Decoder) SkipPrefix(max int) error {
	c, err := d.skipSpace()
	if err != nil {
		return d.readErr(err)
	}
	if c == '[' || c == '{' {
		return nil
	}
	for i := 0; i < max; i++ {
		c, err := d.r.ReadByte()
		if err != nil {
			return d.syntax(`no "window.YTD... =" assignment before the data`)
		}
		d.off++
		if c == '=' {
			return nil
		}
	}
	return d.syntax(`no "window.YTD... =" assignment before the data`)
}

// End checks that nothing but whitespace, and the bytes in allow (such as
// a closing ';'), follows the value.
func (d *Decoder) End(allow string) error {
	for {
		c, err := d.skipSpace()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if !strings.ContainsRune(allow, rune(c)) {
			return d.syntax("unexpected data after the JSON value")
		}
		d.r.Discard(1)
		d.off++
		allow = strings.Replace(allow, string(c), "", 1)
	}
}

// Peek returns the kind of the next value without consuming it.
func (d *Decoder) Peek() (Kind, error) {
	c, err := d.skipSpace()
	if err != nil {
		return Invalid, d.readErr(err)
	}
	switch {
	case c == '{':
		return Object, nil
	case c == '[':
		return Array, nil
	case c == '"':
		return String, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return Number, nil
	case c == 't' || c == 'f':
		return Bool, nil
	case c == 'n':
		return Null, nil
	}
	return Invalid, d.syntax(fmt.Sprintf("unexpected character %q", c))
}

func (d *Decoder) expect(c byte) error {
	got, err := d.skipSpace()
	if err != nil {
		return d.readErr(err)
	}
	if got != c {
		return d.syntax(fmt.Sprintf("expected %q, found %q", c, got))
	}
	d.r.Discard(1)
	d.off++
	return nil
}

func (d *Decoder) enter() error {
	d.depth++
	if d.depth > d.lim.MaxDepth {
		return &LimitError{What: fmt.Sprintf("nesting deeper than %d levels", d.lim.MaxDepth)}
	}
	return nil
}

// Object reads an object, calling fn with each key; fn reads the value (or
// leaves it to be skipped).
func (d *Decoder) Object(fn func(key string) error) error {
	if err := d.expect('{'); err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	c, err := d.skipSpace()
	if err != nil {
		return d.readErr(err)
	}
	if c == '}' {
		d.r.Discard(1)
		d.off++
		d.depth--
		d.nvals++
		return nil
	}
	for {
		if c != '"' {
			return d.syntax("expected a quoted key")
		}
		key, err := d.str(true)
		if err != nil {
			return err
		}
		if err := d.expect(':'); err != nil {
			return err
		}
		if err := d.member(func() error { return fn(key) }); err != nil {
			return err
		}
		if c, err = d.skipSpace(); err != nil {
			return d.readErr(err)
		}
		d.r.Discard(1)
		d.off++
		switch c {
		case '}':
			d.depth--
			d.nvals++
			return nil
		case ',':
			if c, err = d.skipSpace(); err != nil {
				return d.readErr(err)
			}
		default:
			return d.syntax(fmt.Sprintf("expected ',' or '}' after an object member, found %q", c))
		}
	}
}

// member runs fn for one value and skips the value if fn left it.
func (d *Decoder) member(fn func() error) error {
	before := d.nvals
	depth := d.depth
	if err := fn(); err != nil {
		return err
	}
	if d.depth != depth {
		return errors.New("jsonstream: a callback left a value half read")
	}
	if d.nvals == before {
		return d.Skip()
	}
	return nil
}

// Array reads a list, calling fn with each index; fn reads the element (or
// leaves it to be skipped).
func (d *Decoder) Array(fn func(i int) error) error {
	if err := d.expect('['); err != nil {
		return err
	}
	if err := d.enter(); err != nil {
		return err
	}
	c, err := d.skipSpace()
	if err != nil {
		return d.readErr(err)
	}
	if c == ']' {
		d.r.Discard(1)
		d.off++
		d.depth--
		d.nvals++
		return nil
	}
	for i := 0; ; i++ {
		if err := d.member(func() error { return fn(i) }); err != nil {
			return err
		}
		c, err := d.skipSpace()
		if err != nil {
			return d.readErr(err)
		}
		d.r.Discard(1)
		d.off++
		switch c {
		case ']':
			d.depth--
			d.nvals++
			return nil
		case ',':
		default:
			return d.syntax(fmt.Sprintf("expected ',' or ']' after a list element, found %q", c))
		}
	}
}

// String reads a string value.
func (d *Decoder) String() (string, error) {
	c, err := d.skipSpace()
	if err != nil {
		return "", d.readErr(err)
	}
	if c != '"' {
		return "", d.syntax("expected a text")
	}
	s, err := d.str(true)
	d.nvals++
	return s, err
}

// str reads a quoted string; with keep false it only checks and counts it.
func (d *Decoder) str(keep bool) (string, error) {
	d.r.Discard(1)
	d.off++
	d.sb = d.sb[:0]
	n := 0
	tooLong := func() error {
		return &LimitError{What: "a text longer than " + Bytes(int64(d.lim.MaxString))}
	}
	for {
		if _, err := d.r.Peek(1); err != nil {
			return "", d.readErr(err)
		}
		buf, _ := d.r.Peek(d.r.Buffered())
		i := 0
		for i < len(buf) && buf[i] != '"' && buf[i] != '\\' && buf[i] >= 0x20 {
			i++
		}
		if n+i > d.lim.MaxString {
			return "", tooLong()
		}
		if keep {
			d.sb = append(d.sb, buf[:i]...)
		}
		n += i
		d.r.Discard(i)
		d.off += int64(i)
		if i == len(buf) {
			continue
		}
		c := buf[i]
		d.r.Discard(1)
		d.off++
		switch {
		case c == '"':
			if !keep {
				return "", nil
			}
			s := validUTF8(d.sb)
			if d.Fix != nil {
				s = d.Fix(s)
			}
			return s, nil
		case c < 0x20:
			return "", d.syntax("a control character inside a text")
		}
		// An escape.
		e, err := d.r.ReadByte()
		if err != nil {
			return "", d.readErr(err)
		}
		d.off++
		var r rune
		switch e {
		case '"', '\\', '/':
			r = rune(e)
		case 'b':
			r = '\b'
		case 'f':
			r = '\f'
		case 'n':
			r = '\n'
		case 'r':
			r = '\r'
		case 't':
			r = '\t'
		case 'u':
			if r, err = d.hex4(); err != nil {
				return "", err
			}
			if utf16.IsSurrogate(r) {
				r = d.lowSurrogate(r)
			}
		default:
			return "", d.syntax(fmt.Sprintf("invalid escape \\%c in a text", e))
		}
		w := utf8.RuneLen(r)
		if w < 0 {
			r, w = utf8.RuneError, 3
		}
		if n+w > d.lim.MaxString {
			return "", tooLong()
		}
		n += w
		if keep {
			d.sb = utf8.AppendRune(d.sb, r)
		}
	}
}

// validUTF8 turns each byte that is not UTF-8 into U+FFFD, as
// encoding/json does.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return string(out)
}

func (d *Decoder) hex4() (rune, error) {
	b, err := d.r.Peek(4)
	if err != nil {
		return 0, d.readErr(err)
	}
	v, perr := strconv.ParseUint(string(b), 16, 32)
	if perr != nil {
		return 0, d.syntax("invalid \\u escape in a text")
	}
	d.r.Discard(4)
	d.off += 4
	return rune(v), nil
}

// lowSurrogate completes a UTF-16 pair, as encoding/json does: an unpaired
// half becomes U+FFFD.
func (d *Decoder) lowSurrogate(hi rune) rune {
	b, err := d.r.Peek(6)
	if err != nil || b[0] != '\\' || b[1] != 'u' {
		return utf8.RuneError
	}
	v, perr := strconv.ParseUint(string(b[2:]), 16, 32)
	if perr != nil {
		return utf8.RuneError
	}
	r := utf16.DecodeRune(hi, rune(v))
	if r == utf8.RuneError {
		return r // leave the second escape to be read on its own
	}
	d.r.Discard(6)
	d.off += 6
	return r
}

// number reads a number literal and checks its grammar.
func (d *Decoder) number() (string, error) {
	d.sb = d.sb[:0]
	for {
		c, err := d.r.ReadByte()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			d.r.UnreadByte()
			break
		}
		d.off++
		if len(d.sb) >= d.lim.MaxNumber {
			return "", &LimitError{What: fmt.Sprintf("a number longer than %d digits", d.lim.MaxNumber)}
		}
		d.sb = append(d.sb, c)
	}
	s := string(d.sb)
	if !validNumber(s) {
		return "", d.syntax("invalid number")
	}
	return s, nil
}

// validNumber follows the JSON number grammar.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(s)
}

func (d *Decoder) literal(word string) error {
	b, err := d.r.Peek(len(word))
	if err != nil && len(b) < len(word) {
		if errors.Is(err, io.EOF) {
			return d.syntax("the file ends in the middle of a JSON value")
		}
		return err
	}
	if string(b) != word {
		return d.syntax("invalid literal")
	}
	d.r.Discard(len(word))
	d.off += int64(len(word))
	return nil
}

// Scalar reads a string (string), number (json.Number), bool or null
// (nil); an object or list is an error.
func (d *Decoder) Scalar() (any, error) {
	k, err := d.Peek()
	if err != nil {
		return nil, err
	}
	return d.scalar(k, true)
}

func (d *Decoder) scalar(k Kind, keep bool) (any, error) {
	var v any
	switch k {
	case String:
		s, err := d.str(keep)
		if err != nil {
			return nil, err
		}
		v = s
	case Number:
		s, err := d.number()
		if err != nil {
			return nil, err
		}
		v = json.Number(s)
	case Bool:
		c, _ := d.r.Peek(1)
		word := "false"
		if c[0] == 't' {
			word = "true"
		}
		if err := d.literal(word); err != nil {
			return nil, err
		}
		v = word == "true"
	case Null:
		if err := d.literal("null"); err != nil {
			return nil, err
		}
	default:
		return nil, d.syntax("expected a text, number, true, false or null, found " + k.String())
	}
	d.nvals++
	return v, nil
}

// Skip reads and drops the next value, still under the limits.
func (d *Decoder) Skip() error {
	k, err := d.Peek()
	if err != nil {
		return err
	}
	switch k {
	case Object:
		return d.Object(func(string) error { return d.Skip() })
	case Array:
		return d.Array(func(int) error { return d.Skip() })
	}
	_, err = d.scalar(k, false)
	return err
}

// Value reads the next value into map[string]any, []any, string,
// json.Number, bool or nil, spending b; ErrBudget when it runs out.
func (d *Decoder) Value(b *Budget) (any, error) {
	k, err := d.Peek()
	if err != nil {
		return nil, err
	}
	if b.Values--; b.Values < 0 {
		return nil, ErrBudget
	}
	switch k {
	case Object:
		m := map[string]any{}
		err := d.Object(func(key string) error {
			if b.Values--; b.Values < 0 {
				return ErrBudget
			}
			if b.Bytes -= len(key); b.Bytes < 0 {
				return ErrBudget
			}
			v, err := d.Value(b)
			m[key] = v
			return err
		})
		return m, err
	case Array:
		l := []any{}
		err := d.Array(func(int) error {
			v, err := d.Value(b)
			l = append(l, v)
			return err
		})
		return l, err
	}
	v, err := d.scalar(k, true)
	if s, ok := v.(string); ok {
		if b.Bytes -= len(s); b.Bytes < 0 {
			return nil, ErrBudget
		}
	}
	return v, err
}

// Bytes writes a size in words: "512 MB", "256 KB", "1.5 GB".
func Bytes(n int64) string {
	units := []struct {
		suf  string
		size int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}}
	for _, u := range units {
		if n >= u.size {
			if n%u.size == 0 {
				return fmt.Sprintf("%d %s", n/u.size, u.suf)
			}
			return fmt.Sprintf("%.1f %s", float64(n)/float64(u.size), u.suf)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
