package csvquote

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
)

func track(in string, comma, comment rune) *Tracker {
	t := New(strings.NewReader(in), comma, comment)
	_, _ = io.Copy(io.Discard, t)
	return t
}

func TestTracker(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		comma    rune
		wantLine int // 0: closed
	}{
		{"plain", "a,b\nc,d\n", ',', 0},
		{"quoted with comma and newline", "\"a,b\nc\",d\n", ',', 0},
		{"doubled quote", "\"say \"\"hi\"\"\",x\n", ',', 0},
		{"bare quote in an unquoted field", "O\"Brien,1984\n", ',', 0},
		{"bare quote in a quoted field, closed later", "\"a\"b\",c\n", ',', 0},
		{"closed at end of file", "a,\"b\"", ',', 0},
		{"CRLF", "\"a\"\r\nb\r\n", ',', 0},
		{"unterminated on line 1", "\"unterminated\n", ',', 1},
		{"unterminated on line 3", "name\nAlex\n\"Sam,1984\nJo,1990\n", ',', 3},
		{"unterminated after a bare quote", "\"a\"b,c\n", ',', 1},
		{"quote then CR then more, never closed", "x\n\"a\"\rb\n", ',', 2},
		{"quote in a comment is ignored", "# it's \"quoted\n\"a\"\n", ',', 0},
		{"semicolons", "a;\"b;c\nd\n", ';', 1},
		{"tabs", "a\t\"b\"\tc\n", '\t', 0},
		{"empty", "", ',', 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := track(tc.in, tc.comma, '#').Err()
			var ue *UnterminatedError
			switch {
			case tc.wantLine == 0 && err != nil:
				t.Fatalf("got %v, want none", err)
			case tc.wantLine != 0 && (!errors.Is(err, ErrUnterminated) || !errors.As(err, &ue) || ue.Line != tc.wantLine):
				t.Fatalf("got %v, want line %d", err, tc.wantLine)
			}
		})
	}
}

func TestErrIsNilBeforeTheEnd(t *testing.T) {
	tr := New(strings.NewReader("\"open\n"), ',', 0)
	buf := make([]byte, 2)
	if _, err := tr.Read(buf); err != nil || tr.Err() != nil {
		t.Fatalf("mid-file: %v, %v", err, tr.Err())
	}
	_, _ = io.Copy(io.Discard, tr)
	if tr.Err() == nil {
		t.Fatal("no error at the end")
	}
	if !strings.Contains(tr.Err().Error(), "line 1") {
		t.Fatalf("message %q has no line", tr.Err())
	}
}

// closedByCSV asks encoding/csv itself: after the input, a newline and
// then a record of two empty fields. That record is read as such exactly
// when the input did not end inside a quoted field (else it is swallowed).
func closedByCSV(in string, comma, comment rune) (bool, bool) {
	cr := csv.NewReader(strings.NewReader(in + "\n" + string(comma) + "\n"))
	cr.LazyQuotes, cr.FieldsPerRecord, cr.Comma, cr.Comment = true, -1, comma, comment
	var last []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return false, false
		}
		last = append(last[:0], rec...)
	}
	return len(last) == 2 && last[0] == "" && last[1] == "", true
}

// FuzzTracker checks the tracker against encoding/csv on any input.
func FuzzTracker(f *testing.F) {
	for _, s := range []string{
		"a,b\n", "\"a\n", "\"a\"\"\n", "\"a\"b\n", "#\"\n\"", "\"a\"\r", "\"a\"\rb\"", "x,\"y\r\n\"z", ";\"\t",
		"\xef\xbb\xbf\"name\"\n", "\r\n\"\r\n", "a\"\n\"b\"\"\",c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, comma := range []rune{',', ';', '\t'} {
			want, ok := closedByCSV(in, comma, '#')
			if !ok {
				continue
			}
			got := track(in, comma, '#').Err() == nil
			if got != want {
				t.Fatalf("comma %q on %q: tracker closed=%v, encoding/csv closed=%v", comma, in, got, want)
			}
		}
		want, ok := closedByCSV(in, ',', 0)
		if got := track(in, ',', 0).Err() == nil; ok && got != want {
			t.Fatalf("no comment on %q: tracker closed=%v, encoding/csv closed=%v", in, got, want)
		}
	})
}
