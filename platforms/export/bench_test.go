package export

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"chaperone/platforms/export/internal/synth"
)

// realSized writes a Facebook export zip of fictional friends and posts.
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

// inflated is the size of the export's files once inflated.
func inflated(tb testing.TB, p string) int64 {
	zr, err := zip.OpenReader(p)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	var n int64
	for _, f := range zr.File {
		n += int64(f.UncompressedSize64)
	}
	return n
}

// BenchmarkReadRealSized imports a real-sized Facebook export (10,000
// friends, 20,000 posts, 7 MB of JSON) as the app does, photos included.
// Its peer is BenchmarkReadRealSizedStdlibPeer below.
func BenchmarkReadRealSized(b *testing.B) {
	p := realSized(b, 10_000, 20_000)
	b.SetBytes(inflated(b, p))
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

// BenchmarkReadRealSizedStdlibPeer is the floor the streaming import is
// measured against: inflating the same files and decoding each whole with
// encoding/json, with no limits and nothing built from them (what the
// importer did before it streamed, less its work).
func BenchmarkReadRealSizedStdlibPeer(b *testing.B) {
	p := realSized(b, 10_000, 20_000)
	b.SetBytes(inflated(b, p))
	b.ReportAllocs()
	for b.Loop() {
		zr, err := zip.OpenReader(p)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				b.Fatal(err)
			}
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
		zr.Close()
	}
}
