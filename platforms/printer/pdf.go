package printer

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Chromium's printToPDF names itself as the PDF's Creator and Producer
// and offers no way to say otherwise. The report's document information
// is set afterwards by an incremental update (PDF 32000-1, 7.5.6): a new
// information dictionary, a cross-reference section for it and a trailer
// pointing at it are appended, and Chromium's bytes are left exactly as
// they were. Only the file's trailer is read, by the small bounded parser
// below; anything it does not recognise is refused, never guessed at.

// Info is the document information a report's PDF carries.
type Info struct {
	Title, Author, Subject string
	// Creator and Producer name the program ("Chaperone 0.1.0").
	Creator, Producer string
	Created           time.Time
}

// Limits of the parser: a trailer is a few hundred bytes.
const (
	maxPDF       = 1 << 30 // a report is well under a megabyte
	maxDepth     = 16
	tailWindow   = 2048 // where "startxref" is looked for
	maxTrailer   = 64 << 10
	maxStringLen = 64 << 10
)

var errNotPDF = errors.New("not a PDF this printer wrote")

// SetInfo returns pdf with info as its document information. The result
// starts with pdf unchanged.
func SetInfo(pdf []byte, info Info) ([]byte, error) {
	if len(pdf) > maxPDF {
		return nil, fmt.Errorf("setting the PDF's information: %d bytes is more than a report", len(pdf))
	}
	tr, err := readTrailer(pdf)
	if err != nil {
		return nil, fmt.Errorf("setting the PDF's information: %w", err)
	}
	if _, enc := tr.dict["Encrypt"]; enc {
		return nil, errors.New("setting the PDF's information: the PDF is encrypted")
	}
	size, ok := tr.dict["Size"].(int64)
	if !ok || size < 1 || size > 1<<23 {
		return nil, fmt.Errorf("setting the PDF's information: %w: no valid /Size in the trailer", errNotPDF)
	}
	root, ok := tr.dict["Root"].(ref)
	if !ok {
		return nil, fmt.Errorf("setting the PDF's information: %w: no /Root in the trailer", errNotPDF)
	}

	var out bytes.Buffer
	out.Grow(len(pdf) + 1024)
	out.Write(pdf)
	if pdf[len(pdf)-1] != '\n' && pdf[len(pdf)-1] != '\r' {
		out.WriteByte('\n')
	}
	num := int(size) // the new information dictionary
	infoAt := out.Len()
	fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", num, infoDict(info))
	tail := fmt.Sprintf("/Root %d %d R\n/Info %d 0 R\n/Prev %d", root.num, root.gen, num, tr.xrefAt)
	if id, ok := tr.dict["ID"].([]any); ok && len(id) == 2 {
		tail += "\n/ID [" + pdfString(id[0]) + " " + pdfString(id[1]) + "]"
	}
	if !tr.stream {
		xrefAt := out.Len()
		fmt.Fprintf(&out, "xref\n%d 1\n%010d 00000 n \ntrailer\n<</Size %d\n%s>>\nstartxref\n%d\n%%%%EOF\n", num, infoAt, num+1, tail, xrefAt)
		return out.Bytes(), nil
	}
	// A file indexed by cross-reference streams is updated with one: an
	// uncompressed stream of two entries, the new dictionary and itself.
	xrefAt := out.Len()
	var entries []byte
	for _, off := range []int{infoAt, xrefAt} {
		entries = append(entries, 1, byte(off>>24), byte(off>>16), byte(off>>8), byte(off))
	}
	fmt.Fprintf(&out, "%d 0 obj\n<</Type /XRef\n/Size %d\n/Index [%d 2]\n/W [1 4 0]\n/Length %d\n%s>>\nstream\n", num+1, num+2, num, len(entries), tail)
	out.Write(entries)
	fmt.Fprintf(&out, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefAt)
	return out.Bytes(), nil
}

func infoDict(info Info) string {
	var b strings.Builder
	b.WriteString("<<")
	field := func(k, v string) {
		if v != "" {
			b.WriteString("/" + k + " " + textString(v) + "\n")
		}
	}
	field("Title", info.Title)
	field("Author", info.Author)
	field("Subject", info.Subject)
	field("Creator", info.Creator)
	field("Producer", info.Producer)
	if !info.Created.IsZero() {
		d := pdfDate(info.Created)
		b.WriteString("/CreationDate " + d + "\n/ModDate " + d + "\n")
	}
	b.WriteString(">>")
	return b.String()
}

// textString writes s as a PDF text string: literal when it is printable
// ASCII, else UTF-16BE with a byte-order mark, in hex.
func textString(s string) string {
	plain := true
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			plain = false
			break
		}
	}
	if plain {
		r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
		return "(" + r.Replace(s) + ")"
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

func pdfDate(t time.Time) string {
	t = t.UTC()
	return "(D:" + t.Format("20060102150405") + "+00'00')"
}

// pdfString writes back a string object read from the file, in hex.
func pdfString(v any) string {
	s, _ := v.(pdfStr)
	return fmt.Sprintf("<%X>", []byte(s))
}

// trailer is the last trailer of a file and where its cross-reference
// section starts.
type trailer struct {
	dict   map[string]any
	xrefAt int64
	stream bool // a cross-reference stream rather than a table
}

func readTrailer(pdf []byte) (trailer, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return trailer{}, fmt.Errorf("%w: no %%PDF header", errNotPDF)
	}
	tail := pdf[max(0, len(pdf)-tailWindow):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return trailer{}, fmt.Errorf("%w: no startxref", errNotPDF)
	}
	lx := &lexer{b: tail[i+len("startxref"):]}
	v, err := lx.object(0)
	off, ok := v.(int64)
	if err != nil || !ok || off <= 0 || off >= int64(len(pdf)) {
		return trailer{}, fmt.Errorf("%w: bad startxref", errNotPDF)
	}
	sec := pdf[off:]
	if bytes.HasPrefix(sec, []byte("xref")) {
		j := bytes.Index(sec[:min(len(sec), maxTrailer<<4)], []byte("trailer"))
		if j < 0 {
			return trailer{}, fmt.Errorf("%w: no trailer after the cross-reference table", errNotPDF)
		}
		lx := &lexer{b: sec[j+len("trailer"):]}
		d, err := lx.object(0)
		dict, ok := d.(map[string]any)
		if err != nil || !ok {
			return trailer{}, fmt.Errorf("%w: unreadable trailer", errNotPDF)
		}
		return trailer{dict: dict, xrefAt: off}, nil
	}
	// "N G obj <<...>> stream": a cross-reference stream, whose dictionary
	// is the trailer.
	lx = &lexer{b: sec[:min(len(sec), maxTrailer)]}
	for range 2 {
		if _, ok := mustInt(lx); !ok {
			return trailer{}, fmt.Errorf("%w: startxref points at neither a table nor a stream", errNotPDF)
		}
	}
	if lx.keyword() != "obj" {
		return trailer{}, fmt.Errorf("%w: startxref points at neither a table nor a stream", errNotPDF)
	}
	d, err := lx.object(0)
	dict, ok := d.(map[string]any)
	if err != nil || !ok || dict["Type"] != pdfName("XRef") {
		return trailer{}, fmt.Errorf("%w: startxref points at neither a table nor a stream", errNotPDF)
	}
	return trailer{dict: dict, xrefAt: off, stream: true}, nil
}

func mustInt(lx *lexer) (int64, bool) {
	lx.space()
	v, err := lx.number()
	n, ok := v.(int64)
	return n, err == nil && ok
}

// The PDF objects the lexer returns: int64, float64, bool, nil, pdfName,
// pdfStr, ref, []any and map[string]any.
type (
	pdfName string
	pdfStr  string
	ref     struct{ num, gen int }
)

// lexer reads PDF objects from b, bounded in depth and string length.
type lexer struct {
	b   []byte
	pos int
}

var errSyntax = errors.New("PDF syntax")

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool { return strings.IndexByte("()<>[]{}/%", c) >= 0 }

func (l *lexer) space() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		switch {
		case isSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

// keyword reads a bare word (obj, R, true, stream).
func (l *lexer) keyword() string {
	l.space()
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	return string(l.b[start:l.pos])
}

func (l *lexer) object(depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: nested too deep", errSyntax)
	}
	l.space()
	if l.pos >= len(l.b) {
		return nil, fmt.Errorf("%w: unexpected end", errSyntax)
	}
	switch c := l.b[l.pos]; {
	case c == '/':
		l.pos++
		return pdfName(l.keyword()), nil
	case c == '(':
		return l.literal()
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<':
		return l.dict(depth)
	case c == '<':
		return l.hex()
	case c == '[':
		l.pos++
		var arr []any
		for {
			l.space()
			if l.pos >= len(l.b) {
				return nil, fmt.Errorf("%w: unterminated array", errSyntax)
			}
			if l.b[l.pos] == ']' {
				l.pos++
				return arr, nil
			}
			v, err := l.object(depth + 1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
			if len(arr) > 1<<16 {
				return nil, fmt.Errorf("%w: array too long", errSyntax)
			}
		}
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		return l.numberOrRef()
	}
	switch k := l.keyword(); k {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	default:
		return nil, fmt.Errorf("%w: unexpected %q", errSyntax, k)
	}
}

func (l *lexer) dict(depth int) (any, error) {
	l.pos += 2
	d := map[string]any{}
	for {
		l.space()
		if l.pos+1 < len(l.b) && l.b[l.pos] == '>' && l.b[l.pos+1] == '>' {
			l.pos += 2
			return d, nil
		}
		if l.pos >= len(l.b) || l.b[l.pos] != '/' {
			return nil, fmt.Errorf("%w: dictionary key is not a name", errSyntax)
		}
		l.pos++
		k := l.keyword()
		v, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		d[k] = v
		if len(d) > 4096 {
			return nil, fmt.Errorf("%w: dictionary too large", errSyntax)
		}
	}
}

func (l *lexer) number() (any, error) {
	start := l.pos
	for l.pos < len(l.b) && strings.IndexByte("+-.0123456789", l.b[l.pos]) >= 0 {
		l.pos++
	}
	s := string(l.b[start:l.pos])
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: bad number %q", errSyntax, s)
	}
	return f, nil
}

// numberOrRef reads a number, or "N G R".
func (l *lexer) numberOrRef() (any, error) {
	v, err := l.number()
	if err != nil {
		return nil, err
	}
	n, ok := v.(int64)
	if !ok || n < 0 {
		return v, nil
	}
	save := l.pos
	l.space()
	if l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '9' {
		g, err := l.number()
		if gen, ok := g.(int64); err == nil && ok && gen >= 0 && gen < 1<<16 && n < 1<<31 {
			if l.keyword() == "R" {
				return ref{int(n), int(gen)}, nil
			}
		}
	}
	l.pos = save
	return n, nil
}

func (l *lexer) literal() (any, error) {
	l.pos++
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return pdfStr(out), nil
			}
		case '\\':
			if l.pos >= len(l.b) {
				return nil, fmt.Errorf("%w: unterminated string", errSyntax)
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				if e == '\r' && l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue // a line continuation
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
		if len(out) > maxStringLen {
			return nil, fmt.Errorf("%w: string too long", errSyntax)
		}
	}
	return nil, fmt.Errorf("%w: unterminated string", errSyntax)
}

func (l *lexer) hex() (any, error) {
	l.pos++
	var digits []byte
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch {
		case c == '>':
			if len(digits)%2 == 1 {
				digits = append(digits, '0')
			}
			out := make([]byte, len(digits)/2)
			for i := range out {
				v, _ := strconv.ParseUint(string(digits[2*i:2*i+2]), 16, 8)
				out[i] = byte(v)
			}
			return pdfStr(out), nil
		case isSpace(c):
		case strings.IndexByte("0123456789abcdefABCDEF", c) >= 0:
			digits = append(digits, c)
			if len(digits) > 2*maxStringLen {
				return nil, fmt.Errorf("%w: string too long", errSyntax)
			}
		default:
			return nil, fmt.Errorf("%w: bad hex string", errSyntax)
		}
	}
	return nil, fmt.Errorf("%w: unterminated hex string", errSyntax)
}

// text decodes a PDF text string: UTF-16BE with a byte-order mark, else
// PDFDocEncoding, read as Latin-1 (the same for the text we write).
func (s pdfStr) text() string {
	b := []byte(s)
	if len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff {
		u := make([]uint16, 0, len(b)/2)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
