package scan

import (
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"NHS 943 476 5919, DOB 01/02/1960, call 07700 900461, LS6 2AB, jo@example.com",
		"Mrs Higgins in bed 4", "a 23 y/o lad in resus last night off his motorbike",
		"f**k this", "Frequent flyer", "#ad use code X", "😂 selfie in the mortuary",
		"@@@...@a.b", "12/12/12/12", "+44 (0) 7700 900 461", "in her 80s", "’'&*/",
		"\xff\xfe\x00", strings.Repeat("9", 40),
		"number 31 Heol y Nant", "12 Wattle Gr, Ballarat", "DOB 07/14/1979", "Born 1952-09-14",
		"NHI ZKP4418", "card 2417 63188 2", "Sharon Mulgrew, 46, back again", "dummy NHS 999 000 0018",
		"With her permission: a 34 year old", "#ad code DOC20 20% off",
	} {
		f.Add(s)
	}
	sc, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a := sc.Analyze(text)
		if len(a.Categories) != len(Categories) {
			t.Fatalf("%d category results", len(a.Categories))
		}
		for _, r := range a.Categories {
			if r.Score < 0 || r.Score > 1 || r.CheckScore < 0 || r.CheckScore > 1 {
				t.Fatalf("score out of range: %+v", r)
			}
		}
		for _, fl := range a.Flags {
			if v := a.Verdict(fl.Category); v == Clear || fl.Check != (v == CheckOnly) {
				t.Fatalf("flag %s with verdict %q", fl.Rule, v)
			}
		}
		flags := a.Flags
		for _, fl := range flags {
			if fl.Start < 0 || fl.End > len(text) || fl.Start > fl.End {
				t.Fatalf("span %d-%d outside a %d-byte text", fl.Start, fl.End, len(text))
			}
			if !validCategory(fl.Category) || fl.Rule == "" || fl.Why == "" {
				t.Fatalf("incomplete flag %+v", fl)
			}
		}
		_ = Redact(text, flags)
		for _, fl := range flags {
			_ = Snippet(text, flags, fl, 40)
		}
	})
}

func FuzzReadEXIF(f *testing.F) {
	f.Add(buildEXIF(53.8, 1.5, "N", "W", "2024:03:05 14:30:00"))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08, 'E', 'x', 'i', 'f', 0, 0})
	f.Add([]byte("MM\x00*\x00\x00\x00\x08\x00\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ex, err := ReadEXIF(data)
		if err == nil && ex == nil {
			t.Fatal("nil EXIF without error")
		}
	})
}

func FuzzScanJSONL(f *testing.F) {
	f.Add([]byte("{\"id\":\"1\",\"text\":\"NHS 943 476 5919\"}\n\n{\"id\":\"2\"}"))
	f.Add([]byte("[]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = ScanJSONL(context.Background(), bytes.NewReader(data), &bytes.Buffer{})
	})
}

// TestLinearTime scans hostile inputs of growing size and checks that the
// time grows about linearly: a quadratic step would take 16 times longer
// for 4 times the text.
func TestLinearTime(t *testing.T) {
	sc := defaultScanner(t)
	units := []string{
		"I'm an idiot the reg pt patient useless nurses ",
		"999 999 999 999 9 07700 900461 ",
		"a@b.c@d.e@ ",
		"Mr Mr Mr Jim Jim Bowen ",
		"in resus today a 23 y/o in bed 4 from Kendal died ",
		"fuck shit drunk hammered the lying down game ",
		"frequent flyer heartsink 'heartsink' stop calling ",
		"DOB 01/01/1960 born 4th July 1950 ",
	}
	measure := func(n int) time.Duration {
		var b strings.Builder
		for b.Len() < n {
			for _, u := range units {
				b.WriteString(u)
			}
		}
		text := b.String()
		best := time.Duration(1 << 62)
		for k := 0; k < 3; k++ {
			start := time.Now()
			sc.Text(text)
			best = min(best, time.Since(start))
		}
		return best
	}
	small, large := measure(50_000), measure(200_000)
	if large > 10*small+20*time.Millisecond {
		t.Errorf("4x the text took %v vs %v: not linear", large, small)
	}
}

func FuzzLoadCommonWords(f *testing.F) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte("# comment\nabbey\nzebra\n"))
	zw.Close()
	f.Add(b.Bytes())
	f.Add([]byte{0x1f, 0x8b})
	f.Add([]byte("plain"))
	f.Fuzz(func(t *testing.T, data []byte) {
		words, err := loadCommonWords(fstest.MapFS{CommonWordsFile: &fstest.MapFile{Data: data}})
		if err == nil && len(words) == 0 {
			t.Fatal("an empty list accepted")
		}
	})
}
