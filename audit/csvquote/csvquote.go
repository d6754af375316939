// Package csvquote finds a quoted CSV field that is never closed.
// encoding/csv with LazyQuotes (which Chaperone's importers use, so that a
// stray quote in a name is kept) reads such a field silently to the end of
// the file, turning every later row into one value; a Tracker placed
// between the file and the csv.Reader sees the same bytes and says where
// the quote was opened, so the file can be refused with the line number.
package csvquote

import (
	"errors"
	"fmt"
	"io"
)

// ErrUnterminated: a quoted field is never closed. Test with errors.Is.
var ErrUnterminated = errors.New("a quote opens a field that is never closed")

// UnterminatedError is ErrUnterminated with the line the quote is on.
type UnterminatedError struct{ Line int }

func (e *UnterminatedError) Error() string {
	return fmt.Sprintf("line %d: a quote (\") opens a field that is never closed; add the closing quote or remove it", e.Line)
}

// Is makes errors.Is(err, ErrUnterminated) true.
func (e *UnterminatedError) Is(target error) bool { return target == ErrUnterminated }

type state uint8

const (
	lineStart state = iota // start of a record
	fieldStart
	unquoted
	quoted
	quoteInQuoted // a quote inside a quoted field: closing, doubled or bare
	quoteCR       // `"` then '\r': "\r\n" ends the record
	comment
)

// Tracker is an io.Reader that follows the quoting of the CSV it passes
// on, the way encoding/csv reads it with LazyQuotes, no TrimLeadingSpace
// and one-byte Comma and Comment. Memory use is constant.
type Tracker struct {
	r              io.Reader
	comma, comment byte
	st             state
	line, openLine int
	eof            bool
}

// New tracks r, a CSV separated by comma with comment lines starting with
// comment (0 for none). Both must be ASCII, as Chaperone's readers use.
func New(r io.Reader, comma, comment rune) *Tracker {
	if comma <= 0 || comma > 0x7f || comment < 0 || comment > 0x7f {
		panic("csvquote: comma and comment must be ASCII")
	}
	return &Tracker{r: r, comma: byte(comma), comment: byte(comment), line: 1}
}

// Read passes r's bytes on, following their quoting.
func (t *Tracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	for _, c := range p[:n] {
		t.step(c)
	}
	if errors.Is(err, io.EOF) {
		t.eof = true
	}
	return n, err
}

func (t *Tracker) step(c byte) {
	if t.st == quoteCR {
		if c == '\n' {
			t.st = lineStart
			t.line++
			return
		}
		t.st = quoted // the quote was a bare one; c is read in the field
	}
	switch t.st {
	case lineStart:
		switch {
		case c == '\n':
		case t.comment != 0 && c == t.comment:
			t.st = comment
		default:
			t.st = fieldStart
			t.step(c)
			return
		}
	case fieldStart:
		switch c {
		case '"':
			t.st, t.openLine = quoted, t.line
		case t.comma:
		case '\n':
			t.st = lineStart
		default:
			t.st = unquoted
		}
	case unquoted:
		switch c {
		case t.comma:
			t.st = fieldStart
		case '\n':
			t.st = lineStart
		}
	case quoted:
		if c == '"' {
			t.st = quoteInQuoted
		}
	case quoteInQuoted:
		switch c {
		case '"':
			t.st = quoted // a doubled quote
		case t.comma:
			t.st = fieldStart
		case '\n':
			t.st = lineStart
		case '\r':
			t.st = quoteCR
		default:
			t.st = quoted // a bare quote, kept
		}
	case comment:
		if c == '\n' {
			t.st = lineStart
		}
	}
	if c == '\n' {
		t.line++
	}
}

// Err is an *UnterminatedError once the input has ended inside a quoted
// field, else nil. Before the end it is nil: call it again when the
// csv.Reader returns io.EOF.
func (t *Tracker) Err() error {
	if t.eof && t.st == quoted {
		return &UnterminatedError{Line: t.openLine}
	}
	return nil
}
