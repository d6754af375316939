package csvquote

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"
)

// sampleCSV is a watch-list-shaped file of n rows, some fields quoted.
func sampleCSV(n int) string {
	var b strings.Builder
	b.WriteString("Name,Year of birth,Town\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\"Person %d, Example\",19%02d,Town %d\n", i, i%100, i%50)
	}
	return b.String()
}

func readAll(b *testing.B, r io.Reader) {
	cr := csv.NewReader(r)
	cr.LazyQuotes, cr.FieldsPerRecord, cr.ReuseRecord = true, -1, true
	for {
		if _, err := cr.Read(); err == io.EOF {
			return
		} else if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCSV reads a 20,000-row CSV with encoding/csv alone (the peer)
// and through a Tracker, to show what the tracking costs.
func BenchmarkCSV(b *testing.B) {
	in := sampleCSV(20000)
	b.Run("csv", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			readAll(b, strings.NewReader(in))
		}
	})
	b.Run("csv+tracker", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			t := New(strings.NewReader(in), ',', '#')
			readAll(b, t)
			if t.Err() != nil {
				b.Fatal(t.Err())
			}
		}
	})
}
