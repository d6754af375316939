package scan

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestScanJSONLGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "jsonl", "input.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		golden string
		run    func(context.Context, *bytes.Reader, *bytes.Buffer) error
	}{
		{"output.jsonl", func(ctx context.Context, r *bytes.Reader, w *bytes.Buffer) error { return ScanJSONL(ctx, r, w) }},
		{"output.txt", func(ctx context.Context, r *bytes.Reader, w *bytes.Buffer) error { return ScanJSONLText(ctx, r, w) }},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			var out bytes.Buffer
			if err := tt.run(context.Background(), bytes.NewReader(in), &out); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "jsonl", tt.golden)
			if *update {
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Errorf("output differs from %s (run with -update after checking)", path)
			}
		})
	}
}

func TestScanJSONLOutputShape(t *testing.T) {
	var out bytes.Buffer
	if err := ScanJSONL(context.Background(), strings.NewReader(`{"id":"a","text":"hello"}`), &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasPrefix(got, "{\"id\":\"a\",\"flags\":[],\"categories\":[") || strings.Count(got, "\n") != 1 {
		t.Errorf("clean post = %q, want an empty flags list and the categories", got)
	}
}

func TestScanJSONLErrors(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"not json", "{\"id\":\"1\",\"text\":\"ok\"}\nnot json\n", "line 2"},
		{"array", "[1,2]\n", "line 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := ScanJSONL(context.Background(), strings.NewReader(tt.in), &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one naming %s", err, tt.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ScanJSONL(ctx, strings.NewReader(`{"id":"1","text":"x"}`), &bytes.Buffer{}); err == nil {
		t.Error("cancelled context: no error")
	}
}
