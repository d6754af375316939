package replica

import (
	"slices"
	"testing"
)

func TestPaginate(t *testing.T) {
	items := make([]int, 45)
	for i := range items {
		items[i] = i
	}
	tests := []struct {
		name      string
		cursor    string
		count     int
		wantFirst int
		wantLen   int
		wantNext  bool
		wantErr   bool
	}{
		{"first page", "", 20, 0, 20, true, false},
		{"second page", EncodeCursor(20), 20, 20, 20, true, false},
		{"last page is short", EncodeCursor(40), 20, 40, 5, false, false},
		{"past the end is empty", EncodeCursor(400), 20, 45, 0, false, false},
		{"a size the site does not serve becomes the default", "", 500, 0, 20, true, false},
		{"zero becomes the default", "", 0, 0, 20, true, false},
		{"a small size is kept", "", 8, 0, 8, true, false},
		{"a bad cursor is an error", "garbage", 20, 0, 0, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Paginate(items, tc.cursor, tc.count, 20, 50)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if tc.wantErr {
				return
			}
			if len(p.Items) != tc.wantLen || p.HasNext() != tc.wantNext || p.Total != 45 || p.Offset != tc.wantFirst || p.End != tc.wantFirst+tc.wantLen {
				t.Fatalf("page %+v, next %v", p, p.HasNext())
			}
			if tc.wantLen > 0 && p.Items[0] != tc.wantFirst {
				t.Errorf("first item %d, want %d", p.Items[0], tc.wantFirst)
			}
		})
	}
	// Following the cursors reads every item once.
	var all []int
	cursor := ""
	for range 10 {
		p, err := Paginate(items, cursor, 20, 20, 50)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p.Items...)
		if !p.HasNext() {
			break
		}
		cursor = p.NextCursor()
	}
	if !slices.Equal(all, items) {
		t.Errorf("read %d items by cursor, want %d", len(all), len(items))
	}
}
