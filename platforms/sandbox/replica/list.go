package replica

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Lists on the real sites arrive a page at a time, fetched as JSON by the
// page's script as the end of the list scrolls into view, with an opaque
// cursor for the next page. These helpers keep that shape for every replica.

// maxOffset bounds what a cursor may claim.
const maxOffset = 1 << 20

// EncodeCursor turns a list offset into an opaque end_cursor.
func EncodeCursor(offset int) string {
	return "AQH" + base64.RawURLEncoding.EncodeToString([]byte(`{"o":`+strconv.Itoa(offset)+`}`))
}

// DecodeCursor reverses EncodeCursor; an empty cursor is the start.
func DecodeCursor(c string) (int, error) {
	if c == "" {
		return 0, nil
	}
	raw, ok := strings.CutPrefix(c, "AQH")
	if !ok || len(raw) > 64 {
		return 0, errors.New("cursor: not ours")
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return 0, fmt.Errorf("cursor: %w", err)
	}
	var v struct {
		O *int `json:"o"`
	}
	if err := json.Unmarshal(b, &v); err != nil || v.O == nil {
		return 0, errors.New("cursor: malformed")
	}
	if *v.O < 0 || *v.O > maxOffset {
		return 0, errors.New("cursor: out of range")
	}
	return *v.O, nil
}

// Page is one page of a list.
type Page[T any] struct {
	Items  []T
	Offset int // index of Items[0] in the whole list
	End    int // index after the last item
	Total  int // length of the whole list
}

// HasNext reports whether more items follow this page.
func (p Page[T]) HasNext() bool { return p.End < p.Total }

// NextCursor is the cursor of the page after this one.
func (p Page[T]) NextCursor() string { return EncodeCursor(p.End) }

// Paginate cuts the page that cursor names out of items. A count outside
// 1..max becomes def, as the real sites ignore the page sizes they do not
// serve; a bad cursor is an error, never a silent restart.
func Paginate[T any](items []T, cursor string, count, def, max int) (Page[T], error) {
	off, err := DecodeCursor(cursor)
	if err != nil {
		return Page[T]{}, err
	}
	if count < 1 || count > max {
		count = def
	}
	off = min(off, len(items))
	end := min(off+count, len(items))
	return Page[T]{Items: items[off:end], Offset: off, End: end, Total: len(items)}, nil
}
