package export

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"chaperone/platforms/export/internal/synth"
)

// realSized writes the real-sized export of the benchmarks: 10,000
// friends and 20,000 posts, as a zip.
func realSized(tb testing.TB, friends, posts int) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "facebook.zip")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	if err := synth.Facebook(f, friends, posts, 1); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkReadRealSized imports a real-sized Facebook export (10,000
// friends, 20,000 posts; 7 MB of JSON) with photos copied as the app does.
func BenchmarkReadRealSized(b *testing.B) {
	p := realSized(b, 10_000, 20_000)
	st, _ := os.Stat(p)
	b.SetBytes(7_038_773)
	_ = st
	b.ReportAllocs()
	for b.Loop() {
		o := testOpts()
		o.ImageDir = b.TempDir()
		snap, err := Read(context.Background(), p, o)
		if err != nil {
			b.Fatal(err)
		}
		if len(snap.Posts) != 20_000 || len(snap.Connections) != 10_000 {
			b.Fatalf("%d posts, %d friends", len(snap.Posts), len(snap.Connections))
		}
	}
}
