package export

import (
	"fmt"
	"strings"

	"chaperone/platforms/export/internal/jsonstream"
)

// A list of records is read all or nothing, across every file it spans.

// listing tracks one list (friends, posts...) while its files are read.
type listing struct {
	id    string   // fact ID suffix: "connections", "posts"
	files []*entry // the files read for it
	n     int      // records so far, against MaxRecords
	kept  int      // bytes charged by keep for them
	err   error    // why it could not be read; nil while it can
}

// recordSpec says what one kind of record looks like and how to read it.
type recordSpec[T any] struct {
	// what names one record in messages: "friend", "post".
	what string
	// looks says whether an object is meant as one of these records (it
	// has one of their keys); a list is the list of these records when it
	// holds such objects.
	looks func(m map[string]any) bool
	// read turns a record into an item, or a shape error saying what is
	// wrong with it.
	read func(m map[string]any) (T, error)
	cost func(T) int
}

// candidate is one list found in a file, while it is read.
type candidate[T any] struct {
	depth int
	path  string
	items []T
	cost  int
	looks bool // holds at least one record-like object
	other int  // 1 + index of the first element that is no such record
	// otherObjects: some elements are objects, none of them records.
	otherObjects bool
	bad          error // a record of the wrong shape
	empty        bool
}

// records streams the list of records out of a file whose top level is
// the list itself or an object wrapping it under a key that drifts between
// export generations ("friends", "friends_v2", {"items": [...]}). Every
// list in the file (down to 8 objects deep) is a candidate; the one
// holding records wins, the shallowest first and then by key order, as a
// breadth-first search over sorted keys would find it. An empty list under
// some key is a real, empty answer. Every element of the winning list must
// be a record of the right shape: one that is not makes the list UNKNOWN
// (never a count of the others). Items are charged to the import's kept
// bytes as they are read and refunded for the lists that lose.
func records[T any](b *builder, d *jsonstream.Decoder, l *listing, spec recordSpec[T]) ([]T, error) {
	var cands []*candidate[T]
	var walkArray func(depth int, path string) error
	var walkObject func(depth int, path string) error
	walkArray = func(depth int, path string) error {
		c := &candidate[T]{depth: depth, path: path, empty: true}
		cands = append(cands, c)
		return d.Array(func(i int) error {
			c.empty = false
			k, err := d.Peek()
			if err != nil {
				return err
			}
			if k != jsonstream.Object {
				if c.other == 0 {
					c.other = i + 1
				}
				if c.looks && c.bad == nil {
					c.bad = shapef("item %d of the list is %s, not a %s record", i+1, k, spec.what)
				}
				return d.Skip()
			}
			v, err := b.value(d, fmt.Sprintf("record %d", i+1))
			if err != nil {
				return err
			}
			m := v.(map[string]any)
			if !spec.looks(m) {
				c.otherObjects = true
				if c.other == 0 {
					c.other = i + 1
				}
				if c.looks && c.bad == nil {
					c.bad = shapef("record %d has none of the keys of a %s record", i+1, spec.what)
				}
				return nil
			}
			if !c.looks {
				c.looks = true
				if c.other > 0 {
					c.bad = shapef("record %d has none of the keys of a %s record", c.other, spec.what)
				}
			}
			if c.bad != nil {
				return nil // the list is lost; read on only to check the file
			}
			item, err := spec.read(m)
			if err != nil {
				c.bad = shapef("record %d: %v", i+1, err)
				return nil
			}
			if l.n++; l.n > b.opts.MaxRecords {
				return &limitError{"more than " + count(int64(b.opts.MaxRecords)) + " records"}
			}
			n := spec.cost(item)
			if err := b.keep(n); err != nil {
				return err
			}
			c.cost += n
			c.items = append(c.items, item)
			return nil
		})
	}
	walkObject = func(depth int, path string) error {
		return d.Object(func(key string) error {
			k, err := d.Peek()
			if err != nil {
				return err
			}
			switch {
			case k == jsonstream.Array:
				return walkArray(depth, path+"\x00"+key)
			case k == jsonstream.Object && depth < 8:
				return walkObject(depth+1, path+"\x00"+key)
			}
			return d.Skip()
		})
	}
	k, err := d.Peek()
	if err != nil {
		return nil, err
	}
	switch k {
	case jsonstream.Array:
		err = walkArray(0, "")
	case jsonstream.Object:
		err = walkObject(0, "")
	default:
		return nil, shapef("the file holds %s, not a list of %s records", k, spec.what)
	}
	if err != nil {
		for _, c := range cands {
			b.release(c.cost)
		}
		return nil, err
	}
	var best *candidate[T]
	for _, c := range cands {
		if c.looks && (best == nil || c.depth < best.depth || (c.depth == best.depth && c.path < best.path)) {
			best = c
		}
	}
	for _, c := range cands {
		if c != best {
			b.release(c.cost)
			l.n -= len(c.items)
		}
	}
	if best != nil {
		if best.bad != nil {
			b.release(best.cost)
			return nil, best.bad
		}
		l.kept += best.cost
		return best.items, nil
	}
	// Lists of objects, none of them records, beside an empty list: the
	// file is of another shape, so its empty list proves nothing.
	for _, c := range cands {
		if c.otherObjects {
			return nil, shapef("no %s records found: the lists in the file hold something else", spec.what)
		}
	}
	for _, c := range cands {
		if c.empty {
			return nil, nil
		}
	}
	return nil, shapef("no list of %s records found", spec.what)
}

// readList reads one list from its files with read, all or nothing: the
// items of every file, or none and the reason. The error is non-nil only
// when the import must stop (the context ended).
func readList[T any](b *builder, l *listing, read func(e *entry) ([]T, error)) ([]T, error) {
	if len(l.files) > b.opts.MaxListFiles {
		l.err = failed(l.files[b.opts.MaxListFiles], "the list is split across more than %s files", count(int64(b.opts.MaxListFiles)))
		return nil, nil
	}
	var out []T
	for _, e := range l.files {
		items, err := read(e)
		if fatal(err) {
			return nil, err
		}
		if err != nil {
			l.err = err
			b.release(l.kept)
			l.kept = 0
			return nil, nil
		}
		out = append(out, items...)
	}
	return out, nil
}

// count writes n with thousands separators: "200,000".
func count(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
