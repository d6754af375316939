package cookiedb

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParse reads a store of 90 cookies on 512-byte pages, some with
// overflow chains. BenchmarkFloor is one vectorised pass over the same
// bytes, the least any reader of the file costs. The store is read twice
// per audit (at Start and at Close), so Parse needs only to stay far below
// a browser's start-up (about a second).
func BenchmarkParse(b *testing.B) {
	data := benchStore(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFloor(b *testing.B) {
	data := benchStore(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		_ = bytes.Count(data, []byte("v1"))
	}
}

func benchStore(b *testing.B) []byte {
	data, err := os.ReadFile(filepath.Join("testdata", "deep.sqlite"))
	if err != nil {
		b.Fatal(err)
	}
	return data
}
