package watchlist

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"chaperone/audit/csvquote"
)

func TestParseCSV(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Person
		err  error
	}{
		{"no header", "Alex Example,1984,Harrogate\nSam Sample\n",
			[]Person{{Name: "Alex Example", BirthYear: 1984, Place: "Harrogate"}, {Name: "Sam Sample"}}, nil},
		{"no header, place second", "Alex Example,Harrogate\n",
			[]Person{{Name: "Alex Example", Place: "Harrogate"}}, nil},
		{"header", "Name,Year of birth,Town/postcode\nAlex Example,12/03/1984,HG1 2AB\n",
			[]Person{{Name: "Alex Example", BirthYear: 1984, Place: "HG1"}}, nil},
		{"first and last columns, semicolons, BOM", "\xef\xbb\xbfSurname;First name;Maiden name;Postcode\nExample;Alex;Sample;HG1\n",
			[]Person{{Name: "Alex Example", Surname: "Example", Maiden: "Sample", Place: "HG1"}}, nil},
		{"tabs and blank rows", "name\tyob\nAlex Example\t84\n\t\n",
			[]Person{{Name: "Alex Example", BirthYear: 1984}}, nil},
		{"comments skipped", "# my list\nAlex Example\n", []Person{{Name: "Alex Example"}}, nil},
		{"empty", "", nil, ErrNoNames},
		{"header without name", "town,postcode\nLeeds,LS1\n", nil, ErrNoNames},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseCSV(strings.NewReader(tc.in))
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d people, want %d", len(got), len(tc.want))
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("row %d: got %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestParseCSVBadYearNamesRowNotContent(t *testing.T) {
	_, err := ParseCSV(strings.NewReader("name,year of birth\nAlex Example,sometime\n"))
	if err == nil {
		t.Fatal("want an error for a year that is not a year")
	}
	if strings.Contains(err.Error(), "Alex") || strings.Contains(err.Error(), "sometime") {
		t.Fatal("the error repeats the file's content")
	}
}

func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{
		"Alex Example,1984,Harrogate\n",
		"Name,Year of birth,Town\n\"Example, Alex\",1984,\"York\"\n",
		"first name;surname\nA;B\n",
		"\"unterminated\n",
		"\xef\xbb\xbfname\n\xff\xfe\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		people, err := ParseCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, p := range people {
			if strings.TrimSpace(p.Name) == "" {
				t.Fatal("a person without a name")
			}
			if p.BirthYear != 0 && (p.BirthYear < 1900 || p.BirthYear > 2100) {
				t.Fatalf("implausible year %d", p.BirthYear)
			}
		}
	})
}

func TestParseCSVRefusesAnUnclosedQuote(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
	}{
		{"first line", "\"Alex Example,1984\nSam Sample,1990\n", 1},
		{"after a header and a comment", "name,year of birth\n# note\nAlex Example,1984\n\"Sam Sample,19x0\nJo Bloggs,1990\n", 4},
		{"semicolons", "name;town\nAlex;\"Leeds\nSam;York\n", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCSV(strings.NewReader(tc.in))
			var ue *csvquote.UnterminatedError
			if !errors.Is(err, csvquote.ErrUnterminated) || !errors.As(err, &ue) || ue.Line != tc.line {
				t.Fatalf("got %v, want an unclosed quote on line %d", err, tc.line)
			}
			if !strings.Contains(err.Error(), "watch-list line "+strconv.Itoa(tc.line)) {
				t.Fatalf("message %q", err)
			}
			for _, word := range []string{"Alex", "Sam", "Leeds", "York"} {
				if strings.Contains(err.Error(), word) {
					t.Fatal("the error repeats the file's content")
				}
			}
		})
	}
	// A quote inside a name, and a closed quoted field, are fine.
	got, err := ParseCSV(strings.NewReader("Pat O\"Brien,1984\n\"Example, Alex\",1990\n"))
	if err != nil || len(got) != 2 || got[0].Name != "Pat O\"Brien" || got[1].Name != "Example, Alex" {
		t.Fatalf("got %+v, %v", got, err)
	}
}
