package cookiedb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// This is a read-only reader of the SQLite file format, just enough to list
// the rows of one rowid table: the header, table b-trees (interior and leaf
// pages), overflow chains and the record format. It keeps the whole file in
// memory (callers cap its size) and visits every page at most once, so a
// damaged or hostile file costs at most one pass over its bytes.

// ErrMalformed means the file is not a SQLite database this reader can
// read, or is damaged.
var ErrMalformed = errors.New("not a readable SQLite database")

const (
	headerMagic = "SQLite format 3\x00"
	// maxDepth bounds the b-tree depth; SQLite's own limit is 20.
	maxDepth = 20
	// maxColumns bounds a record's header.
	maxColumns = 2000
)

func malformed(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, a...))
}

// sqliteFile is a database held in memory.
type sqliteFile struct {
	data     []byte
	pageSize int
	usable   int // page size less the reserved bytes at the end of each page
	pages    int
	// seen marks pages already visited, so a loop in the file ends.
	seen map[int]bool
}

func openSQLite(data []byte) (*sqliteFile, error) {
	if len(data) < 100 || string(data[:16]) != headerMagic {
		return nil, malformed("no SQLite header")
	}
	ps := int(binary.BigEndian.Uint16(data[16:18]))
	if ps == 1 {
		ps = 65536
	}
	if ps < 512 || ps > 65536 || ps&(ps-1) != 0 {
		return nil, malformed("page size %d", ps)
	}
	reserved := int(data[20])
	usable := ps - reserved
	if usable < 480 {
		return nil, malformed("usable page size %d", usable)
	}
	if enc := binary.BigEndian.Uint32(data[56:60]); enc != 0 && enc != 1 {
		return nil, malformed("text encoding %d is not UTF-8", enc)
	}
	if len(data)%ps != 0 {
		// A file cut short (or with bytes appended) is not trusted.
		return nil, malformed("file size %d is not a multiple of the page size %d", len(data), ps)
	}
	return &sqliteFile{data: data, pageSize: ps, usable: usable, pages: len(data) / ps}, nil
}

// page returns page n (1-based) and marks it visited.
func (f *sqliteFile) page(n int) ([]byte, error) {
	if n < 1 || n > f.pages {
		return nil, malformed("page %d out of range (1-%d)", n, f.pages)
	}
	if f.seen[n] {
		return nil, malformed("page %d is reached twice", n)
	}
	f.seen[n] = true
	off := (n - 1) * f.pageSize
	return f.data[off : off+f.pageSize], nil
}

// value is one column of a record.
type value struct {
	null  bool
	isInt bool
	i     int64
	// b holds text or blob bytes (a sub-slice of the file or of a payload).
	b []byte
}

// row is one row of a table: its rowid and its record.
type row struct {
	rowid int64
	cols  []value
}

// walkTable visits every row of the table b-tree rooted at page root, in
// rowid order.
func (f *sqliteFile) walkTable(root int, visit func(row) error) error {
	f.seen = map[int]bool{}
	return f.walkPage(root, 0, visit)
}

func (f *sqliteFile) walkPage(n, depth int, visit func(row) error) error {
	if depth > maxDepth {
		return malformed("b-tree deeper than %d", maxDepth)
	}
	p, err := f.page(n)
	if err != nil {
		return err
	}
	hdr := 0
	if n == 1 {
		hdr = 100
	}
	if len(p) < hdr+8 {
		return malformed("page %d too short", n)
	}
	kind := p[hdr]
	cells := int(binary.BigEndian.Uint16(p[hdr+3:]))
	switch kind {
	case 0x0d: // table leaf
		ptrs := hdr + 8
		if ptrs+2*cells > f.usable {
			return malformed("page %d: %d cells do not fit", n, cells)
		}
		for i := 0; i < cells; i++ {
			off := int(binary.BigEndian.Uint16(p[ptrs+2*i:]))
			r, err := f.leafCell(p, off)
			if err != nil {
				return fmt.Errorf("page %d cell %d: %w", n, i, err)
			}
			if err := visit(r); err != nil {
				return err
			}
		}
		return nil
	case 0x05: // table interior
		if len(p) < hdr+12 {
			return malformed("page %d too short", n)
		}
		ptrs := hdr + 12
		if ptrs+2*cells > f.usable {
			return malformed("page %d: %d cells do not fit", n, cells)
		}
		for i := 0; i < cells; i++ {
			off := int(binary.BigEndian.Uint16(p[ptrs+2*i:]))
			if off < ptrs || off+4 > f.usable {
				return malformed("page %d: cell %d at %d", n, i, off)
			}
			child := int(binary.BigEndian.Uint32(p[off:]))
			if err := f.walkPage(child, depth+1, visit); err != nil {
				return err
			}
		}
		right := int(binary.BigEndian.Uint32(p[hdr+8:]))
		return f.walkPage(right, depth+1, visit)
	default:
		return malformed("page %d has type %#x, not a table b-tree page", n, kind)
	}
}

// leafCell reads the table leaf cell at off of page p.
func (f *sqliteFile) leafCell(p []byte, off int) (row, error) {
	if off < 8 || off >= f.usable {
		return row{}, malformed("cell offset %d", off)
	}
	cell := p[off:f.usable]
	size, n1 := varint(cell)
	if n1 == 0 {
		return row{}, malformed("payload size")
	}
	rowid, n2 := varint(cell[n1:])
	if n2 == 0 {
		return row{}, malformed("rowid")
	}
	cell = cell[n1+n2:]
	total := int64(size)
	if size > uint64(len(f.data)) {
		// A record cannot hold more bytes than the file has.
		return row{}, malformed("payload of %d bytes in a file of %d", size, len(f.data))
	}
	local := f.localSize(total)
	if int64(len(cell)) < local {
		return row{}, malformed("payload runs off the page")
	}
	payload := cell[:local]
	if local < total {
		if len(cell) < int(local)+4 {
			return row{}, malformed("no overflow page number")
		}
		next := int(binary.BigEndian.Uint32(cell[local:]))
		buf := make([]byte, 0, total)
		buf = append(buf, payload...)
		for int64(len(buf)) < total {
			if next == 0 {
				return row{}, malformed("overflow chain ends %d bytes short", total-int64(len(buf)))
			}
			op, err := f.page(next)
			if err != nil {
				return row{}, fmt.Errorf("overflow: %w", err)
			}
			next = int(binary.BigEndian.Uint32(op))
			chunk := op[4:f.usable]
			if rest := total - int64(len(buf)); int64(len(chunk)) > rest {
				chunk = chunk[:rest]
			}
			buf = append(buf, chunk...)
		}
		payload = buf
	}
	cols, err := record(payload)
	if err != nil {
		return row{}, err
	}
	return row{rowid: int64(rowid), cols: cols}, nil
}

// localSize is how much of a table leaf payload of size p is stored on the
// page itself (the rest goes to overflow pages), as the file format defines.
func (f *sqliteFile) localSize(p int64) int64 {
	u := int64(f.usable)
	x := u - 35
	if p <= x {
		return p
	}
	m := ((u-12)*32)/255 - 23
	k := m + (p-m)%(u-4)
	if k <= x {
		return k
	}
	return m
}

// record decodes a record: a header of serial types, then the values.
func record(b []byte) ([]value, error) {
	hlen, n := varint(b)
	if n == 0 || hlen < uint64(n) || hlen > uint64(len(b)) {
		return nil, malformed("record header")
	}
	hdr := b[n:hlen]
	body := b[hlen:]
	var out []value
	for len(hdr) > 0 {
		if len(out) >= maxColumns {
			return nil, malformed("more than %d columns", maxColumns)
		}
		st, k := varint(hdr)
		if k == 0 {
			return nil, malformed("serial type")
		}
		hdr = hdr[k:]
		var v value
		size := 0
		switch {
		case st == 0:
			v.null = true
		case st >= 1 && st <= 6:
			size = [...]int{0, 1, 2, 3, 4, 6, 8}[st]
		case st == 7:
			size = 8
		case st == 8, st == 9:
			v.isInt, v.i = true, int64(st-8)
		case st == 10 || st == 11:
			return nil, malformed("reserved serial type %d", st)
		default:
			if (st-12)/2 > uint64(len(body)) {
				return nil, malformed("value of %d bytes runs off the record", (st-12)/2)
			}
			size = int((st - 12) / 2)
		}
		if size > len(body) {
			return nil, malformed("value runs off the record")
		}
		raw := body[:size]
		body = body[size:]
		switch {
		case st >= 1 && st <= 6:
			v.isInt = true
			var x int64
			for _, c := range raw {
				x = x<<8 | int64(c)
			}
			// Sign-extend from the stored width.
			shift := 64 - 8*uint(size)
			v.i = x << shift >> shift
		case st == 7:
			v.b = raw // a float: kept as its 8 bytes, never needed here
		case st >= 12:
			v.b = raw
		}
		out = append(out, v)
	}
	return out, nil
}

// varint decodes SQLite's big-endian variable-length integer; n is 0 when
// b is too short.
func varint(b []byte) (v uint64, n int) {
	for i := 0; i < 9; i++ {
		if i >= len(b) {
			return 0, 0
		}
		if i == 8 {
			return v<<8 | uint64(b[i]), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// table is one table's layout from the schema.
type table struct {
	root int
	cols []string
	// alias is the index of an INTEGER PRIMARY KEY column, whose value is
	// the rowid; -1 when there is none.
	alias int
}

// findTable looks name up in the schema (the table on page 1).
func (f *sqliteFile) findTable(name string) (table, error) {
	var found *table
	err := f.walkTable(1, func(r row) error {
		if len(r.cols) < 5 || found != nil {
			return nil
		}
		if string(r.cols[0].b) != "table" || !strings.EqualFold(string(r.cols[1].b), name) {
			return nil
		}
		if !r.cols[3].isInt {
			return malformed("table %s has no root page", name)
		}
		cols, alias, err := columns(string(r.cols[4].b))
		if err != nil {
			return fmt.Errorf("table %s: %w", name, err)
		}
		found = &table{root: int(r.cols[3].i), cols: cols, alias: alias}
		return nil
	})
	if err != nil {
		return table{}, fmt.Errorf("reading the schema: %w", err)
	}
	if found == nil {
		return table{}, malformed("no table %s", name)
	}
	return *found, nil
}

// columns lists the column names of a CREATE TABLE statement and the index
// of its INTEGER PRIMARY KEY column (-1 if none).
func columns(sql string) ([]string, int, error) {
	open := strings.IndexByte(sql, '(')
	end := strings.LastIndexByte(sql, ')')
	if open < 0 || end < open {
		return nil, -1, malformed("unreadable CREATE TABLE")
	}
	if strings.Contains(strings.ToUpper(sql[end:]), "WITHOUT ROWID") {
		return nil, -1, malformed("WITHOUT ROWID tables are not supported")
	}
	var cols []string
	alias := -1
	for _, def := range splitTop(sql[open+1 : end]) {
		tok := fields(def)
		if len(tok) == 0 {
			continue
		}
		switch strings.ToUpper(tok[0]) {
		case "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN":
			continue // a table constraint, not a column
		}
		if len(tok) > 1 && strings.EqualFold(tok[1], "INTEGER") && strings.Contains(strings.ToUpper(def), "PRIMARY KEY") {
			alias = len(cols)
		}
		cols = append(cols, unquote(tok[0]))
	}
	if len(cols) == 0 {
		return nil, -1, malformed("a table without columns")
	}
	return cols, alias, nil
}

// splitTop splits s at commas outside parentheses and quotes.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '[':
			quote = ']'
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// fields splits a column definition into words, keeping a quoted name whole.
func fields(def string) []string {
	def = strings.TrimSpace(def)
	if def == "" {
		return nil
	}
	if q := def[0]; q == '"' || q == '`' || q == '[' {
		closer := q
		if q == '[' {
			closer = ']'
		}
		if i := strings.IndexByte(def[1:], closer); i >= 0 {
			return append([]string{def[:i+2]}, strings.Fields(def[i+2:])...)
		}
	}
	return strings.Fields(def)
}

func unquote(name string) string {
	if len(name) >= 2 {
		switch name[0] {
		case '"', '`', '[':
			return name[1 : len(name)-1]
		}
	}
	return name
}

// rows returns the named columns of every row of a table; a column the
// row does not have (added later by ALTER TABLE) is NULL.
func (f *sqliteFile) rows(tableName string, want []string, visit func([]value) error) error {
	t, err := f.findTable(tableName)
	if err != nil {
		return err
	}
	idx := make([]int, len(want))
	for i, w := range want {
		idx[i] = -1
		for j, c := range t.cols {
			if strings.EqualFold(c, w) {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return malformed("table %s has no column %s", tableName, w)
		}
	}
	out := make([]value, len(want))
	return f.walkTable(t.root, func(r row) error {
		for i, j := range idx {
			switch {
			case j == t.alias:
				out[i] = value{isInt: true, i: r.rowid}
			case j < len(r.cols):
				out[i] = r.cols[j]
			default:
				out[i] = value{null: true}
			}
		}
		return visit(out)
	})
}

// text is a value as a string ("" for NULL and numbers).
func (v value) text() string {
	if v.isInt || v.null {
		return ""
	}
	return string(v.b)
}
