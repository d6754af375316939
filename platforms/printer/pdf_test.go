package printer

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// minimalPDF is a one-page PDF with a classic cross-reference table, or
// with a cross-reference stream (uncompressed), as writers of each kind
// make them.
func minimalPDF(stream bool) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	var offs []int
	obj := func(body string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), body)
	}
	obj("<</Type /Catalog /Pages 2 0 R>>")
	obj("<</Type /Pages /Kids [3 0 R] /Count 1>>")
	obj("<</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>>")
	obj("<</Title (Old) /Creator (Mozilla/5.0 \\(X11\\)) /Producer (Skia/PDF m156)>>")
	id := "[<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]"
	if !stream {
		at := b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
		for _, o := range offs {
			fmt.Fprintf(&b, "%010d 00000 n \n", o)
		}
		fmt.Fprintf(&b, "trailer\n<</Size %d /Root 1 0 R /Info 4 0 R /ID %s>>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, id, at)
		return b.Bytes()
	}
	at := b.Len()
	var data []byte
	data = append(data, 0, 0, 0, 0, 0)
	for _, o := range append(offs, at) {
		data = append(data, 1, byte(o>>24), byte(o>>16), byte(o>>8), byte(o))
	}
	fmt.Fprintf(&b, "%d 0 obj\n<</Type /XRef /Size %d /W [1 4 0] /Root 1 0 R /Info 4 0 R /ID %s /Length %d>>\nstream\n", len(offs)+1, len(offs)+2, id, len(data))
	b.Write(data)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
	return b.Bytes()
}

func TestSetInfo(t *testing.T) {
	info := Info{Title: "Social media self-audit — Dr Ada Test", Author: "Dr Ada Test", Subject: "Appraisal (2026)",
		Creator: "Chaperone 1.2.3", Producer: "Chaperone 1.2.3", Created: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	for _, stream := range []bool{false, true} {
		t.Run(fmt.Sprintf("xref stream %v", stream), func(t *testing.T) {
			in := minimalPDF(stream)
			out, err := SetInfo(in, info)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(out, in) {
				t.Fatal("the original bytes were changed: an incremental update only appends")
			}
			tr, err := readTrailer(out)
			if err != nil {
				t.Fatal(err)
			}
			if tr.stream != stream || tr.dict["Prev"] == nil {
				t.Fatalf("trailer %v: want a %v section pointing back", tr.dict, stream)
			}
			if _, err := exec.LookPath("pdfinfo"); err != nil {
				t.Skip("pdfinfo (poppler-utils) checks what a reader sees")
			}
			path := filepath.Join(t.TempDir(), "x.pdf")
			if err := os.WriteFile(path, out, 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := exec.Command("pdfinfo", path).CombinedOutput()
			if err != nil {
				t.Fatalf("pdfinfo: %v: %s", err, got)
			}
			for _, want := range []string{"Title:           " + info.Title, "Author:          Dr Ada Test", "Subject:         Appraisal (2026)",
				"Creator:         Chaperone 1.2.3", "Producer:        Chaperone 1.2.3", "Pages:           1", "CreationDate:    Mon Nov 23 10:00:00 2026 UTC"} {
				if !strings.Contains(string(got), want) {
					t.Errorf("pdfinfo lacks %q:\n%s", want, got)
				}
			}
			if strings.Contains(string(got), "Skia") || strings.Contains(string(got), "Syntax") {
				t.Errorf("pdfinfo still shows the old information, or a syntax error:\n%s", got)
			}
		})
	}
}

func TestSetInfoRefuses(t *testing.T) {
	good := minimalPDF(false)
	cases := map[string][]byte{
		"empty":         nil,
		"not a PDF":     []byte("hello"),
		"no startxref":  bytes.ReplaceAll(good, []byte("startxref"), []byte("startxxxx")),
		"bad offset":    bytes.Replace(good, []byte("startxref\n"), []byte("startxref\n9"), 1),
		"encrypted":     bytes.Replace(good, []byte("/Root 1 0 R"), []byte("/Root 1 0 R /Encrypt 9 0 R"), 1),
		"no root":       bytes.Replace(good, []byte("/Root 1 0 R"), []byte("/Rot 1 0 R"), 1),
		"truncated":     good[:len(good)-300],
		"deep trailer":  bytes.Replace(good, []byte("/Root 1 0 R"), []byte("/Root 1 0 R /X "+strings.Repeat("[", 40)), 1),
		"unended array": bytes.Replace(good, []byte("/ID ["), []byte("/ID [[["), 1),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := SetInfo(in, Info{Title: "x"}); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestTextString(t *testing.T) {
	for in, want := range map[string]string{
		"Chaperone 0.1.0": "(Chaperone 0.1.0)",
		`a (b) \c`:        `(a \(b\) \\c)`,
		"Dr Zoë":          "<FEFF004400720020005A006F00EB>",
	} {
		if got := textString(in); got != want {
			t.Errorf("textString(%q) = %s, want %s", in, got, want)
		}
		l := &lexer{b: []byte(textString(in))}
		v, err := l.object(0)
		if s, ok := v.(pdfStr); err != nil || !ok || s.text() != in {
			t.Errorf("%q does not read back: %v %v", in, v, err)
		}
	}
}

// FuzzSetInfo: any input is refused or updated, never a panic, and an
// update always starts with the input and reads back.
func FuzzSetInfo(f *testing.F) {
	f.Add(minimalPDF(false))
	f.Add(minimalPDF(true))
	f.Add([]byte("%PDF-1.4\nstartxref\n9\n%%EOF"))
	f.Add([]byte("%PDF-1.4\n1 0 obj <</A (x\\) [<</B <ab>>>]>> endobj\nxref\ntrailer <</Size 2 /Root 1 0 R>>\nstartxref\n38\n%%EOF"))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := SetInfo(in, Info{Title: "T", Creator: "Chaperone"})
		if err != nil {
			return
		}
		if !bytes.HasPrefix(out, in) {
			t.Fatal("the input was changed")
		}
		if _, err := readTrailer(out); err != nil {
			t.Fatalf("the update does not read back: %v", err)
		}
	})
}
