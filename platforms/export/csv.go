package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"chaperone/platforms/export/internal/jsonstream"
)

// csvReader streams the rows of an export CSV under limits: a field no
// longer than maxField bytes, a row of at most maxRow bytes. It accepts
// what LinkedIn writes (quoted fields with "" escapes, CRLF or LF, stray
// quotes inside unquoted fields) and refuses a quote that is never closed,
// naming the line it opened on: read leniently, such a quote would swallow
// the rest of the file into one field and lose every row after it.
type csvReader struct {
	r        *bufio.Reader
	line     int // current line, from 1
	maxField int
	maxRow   int
	field    []byte
}

func newCSVReader(r io.Reader, maxField, maxRow int) *csvReader {
	return &csvReader{r: bufio.NewReaderSize(r, 32<<10), line: 1, maxField: maxField, maxRow: maxRow}
}

// errCSVEnd is the end of the file.
var errCSVEnd = io.EOF

// read returns the next row and the line it starts on.
func (c *csvReader) read() ([]string, int, error) {
	start := c.line
	var row []string
	rowBytes := 0
	for {
		b, err := c.r.ReadByte()
		if errors.Is(err, io.EOF) {
			if len(row) == 0 {
				return nil, start, errCSVEnd
			}
			return append(row, ""), start, nil // "a," ends with an empty field
		}
		if err != nil {
			return nil, start, err
		}
		c.field = c.field[:0]
		if b == '"' {
			if err := c.quoted(); err != nil {
				return nil, start, err
			}
		} else {
			c.r.UnreadByte()
			if err := c.plain(); err != nil {
				return nil, start, err
			}
		}
		rowBytes += len(c.field) + 16
		if rowBytes > c.maxRow {
			return nil, start, &limitError{fmt.Sprintf("row %d is longer than %s", start, jsonstream.Bytes(int64(c.maxRow)))}
		}
		row = append(row, string(c.field))
		// What ends the field: a comma, the end of the line, or the end.
		b, err = c.r.ReadByte()
		switch {
		case errors.Is(err, io.EOF):
			return row, start, nil
		case err != nil:
			return nil, start, err
		case b == ',':
			continue
		case b == '\r':
			if n, err := c.r.ReadByte(); err == nil && n != '\n' {
				c.r.UnreadByte()
			}
			c.line++
			return row, start, nil
		case b == '\n':
			c.line++
			return row, start, nil
		}
	}
}

func (c *csvReader) add(b byte) error {
	if len(c.field) >= c.maxField {
		return &limitError{fmt.Sprintf("a field on line %d is longer than %s", c.line, jsonstream.Bytes(int64(c.maxField)))}
	}
	c.field = append(c.field, b)
	return nil
}

// plain reads an unquoted field up to the next comma or line end (LF or
// CRLF), which it leaves unread; quotes and lone CRs inside it are kept as
// they are, and a CR just before the end of the file is dropped, as
// encoding/csv does.
func (c *csvReader) plain() error {
	for {
		p, err := c.r.Peek(2)
		if len(p) == 0 {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		switch {
		case p[0] == ',' || p[0] == '\n':
			return nil
		case p[0] == '\r' && (len(p) == 1 || p[1] == '\n'):
			if len(p) == 1 {
				c.r.Discard(1)
			}
			return nil
		}
		c.r.Discard(1)
		if err := c.add(p[0]); err != nil {
			return err
		}
	}
}

// quoted reads a quoted field after its opening quote. "" is a quote; a
// quote followed by anything but a comma or a line end is kept as a
// quote, as exports with hand-typed quotes need.
func (c *csvReader) quoted() error {
	opened := c.line
	for {
		b, err := c.r.ReadByte()
		if errors.Is(err, io.EOF) {
			return &shapeError{fmt.Sprintf("a quote opened on line %d is never closed", opened)}
		}
		if err != nil {
			return err
		}
		switch b {
		case '"':
			n, err := c.r.ReadByte()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			switch n {
			case '"':
				if err := c.add('"'); err != nil {
					return err
				}
				continue
			case ',', '\n', '\r':
				c.r.UnreadByte()
				return nil
			}
			c.r.UnreadByte()
			if err := c.add('"'); err != nil {
				return err
			}
		case '\r':
			// CRLF inside a field reads as LF.
			if n, err := c.r.ReadByte(); err == nil {
				c.r.UnreadByte()
				if n == '\n' {
					continue
				}
			}
			if err := c.add(b); err != nil {
				return err
			}
		case '\n':
			c.line++
			if err := c.add(b); err != nil {
				return err
			}
		default:
			if err := c.add(b); err != nil {
				return err
			}
		}
	}
}
