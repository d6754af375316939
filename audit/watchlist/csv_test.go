package watchlist

import (
	"errors"
	"strings"
	"testing"
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
