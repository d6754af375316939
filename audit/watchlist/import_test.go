package watchlist

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// The people below are invented.
func TestReadImportClinicalExports(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		fields []Field
		want   []Person
	}{
		{
			"forename first, full date of birth and postcode",
			"Forename,Surname,Date of Birth,Postcode\nMargaret,Thornton,12/03/1961,HG4 2AB\n",
			[]Field{FieldForename, FieldSurname, FieldBirth, FieldPostcode},
			[]Person{{Name: "Margaret Thornton", Surname: "Thornton", BirthYear: 1961, Place: "HG4"}},
		},
		{
			"any order, other spellings of the headings",
			"Post Code;D.O.B.;SURNAME;First Names;NHS Number;Sex\nLS12 3XY;1984-07-01;ALDRIDGE;Stephen James;943 476 5919;M\n",
			[]Field{FieldPostcode, FieldBirth, FieldSurname, FieldForename, FieldIgnored, FieldIgnored},
			[]Person{{Name: "Stephen James ALDRIDGE", Surname: "ALDRIDGE", BirthYear: 1984, Place: "LS12"}},
		},
		{
			"report preamble, title, known-as and previous surname",
			"Patient list\nRun on 01/02/2026 by the practice\n\nTitle,Patient Forename,Patient Surname,Known As,Previous Surname,DOB,Town\n" +
				"Mrs,Olwen,Fairweather,Wendy,Pryce,03-Apr-58,Exeter\nMr,Robert,Pennington,Robert,,1961,Hollingford\n",
			[]Field{FieldTitle, FieldForename, FieldSurname, FieldKnownAs, FieldMaiden, FieldBirth, FieldTown},
			[]Person{
				{Name: "Olwen (Wendy) Fairweather", Surname: "Fairweather", Maiden: "Pryce", BirthYear: 1958, Place: "Exeter"},
				{Name: "Robert Pennington", Surname: "Pennington", BirthYear: 1961, Place: "Hollingford"},
			},
		},
		{
			"a whole-name column with the surname first and a title",
			"Patient Name\tDate of birth\tAddress\n\"THORNTON, Margaret (Mrs)\"\t12.03.1961\t\"1 High St, Ripon, HG4 2AB\"\n",
			[]Field{FieldName, FieldBirth, FieldAddress},
			[]Person{{Name: "THORNTON, Margaret", Surname: "THORNTON", BirthYear: 1961, Place: "HG4"}},
		},
		{
			"a town typed where the postcode goes, a town with its postcode",
			"Surname,Forename,Postcode,Town\nThornton,Margaret,Exeter,\nAldridge,Stephen,,Ripon HG4 2AB\n",
			[]Field{FieldSurname, FieldForename, FieldPostcode, FieldTown},
			[]Person{{Name: "Margaret Thornton", Surname: "Thornton", Place: "Exeter"}, {Name: "Stephen Aldridge", Surname: "Aldridge", Place: "Ripon HG4"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			im, err := ReadImport(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if !im.HasHeader {
				t.Fatal("no header found")
			}
			var got []Field
			for _, c := range im.Columns {
				got = append(got, c.Field)
			}
			if len(got) != len(tc.fields) {
				t.Fatalf("columns %q, want %q", got, tc.fields)
			}
			for i := range got {
				if got[i] != tc.fields[i] {
					t.Errorf("column %d read as %q, want %q", i+1, got[i], tc.fields[i])
				}
			}
			if len(im.People) != len(tc.want) {
				t.Fatalf("%d people, want %d", len(im.People), len(tc.want))
			}
			for i := range tc.want {
				if im.People[i] != tc.want[i] {
					t.Errorf("person %d: got %+v, want %+v", i+1, im.People[i], tc.want[i])
				}
			}
		})
	}
}

func TestReadImportProblemsNameRowsNotContent(t *testing.T) {
	in := "Forename,Surname,Date of Birth,Postcode\n" +
		"Margaret,Thornton,sometime,HG4 2AB\n" +
		",,1970,LS1 1AA\n" +
		"Stephen,Aldridge,1984,99999\n" +
		"Olwen,Fairweather,1958,EX1 1AA\n"
	im, err := ReadImport(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(im.People) != 3 || im.Rows != 4 {
		t.Fatalf("%d people from %d rows, want 3 from 4", len(im.People), im.Rows)
	}
	if len(im.Skipped) != 1 || im.Skipped[0].Row != 3 {
		t.Errorf("skipped %+v, want row 3", im.Skipped)
	}
	if len(im.Partial) != 2 || im.Partial[0].Row != 2 || im.Partial[1].Row != 4 {
		t.Errorf("partial %+v, want rows 2 and 4", im.Partial)
	}
	var b bytes.Buffer
	if err := im.Preview(&b, 0); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`"Date of Birth"`, "only the year is kept", "only the district", "3 people from 4 rows",
		"1 row skipped (no name): 3", "1 row read in part (the date of birth is not a date): 2"} {
		if !strings.Contains(out, want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"Margaret", "Thornton", "sometime", "99999", "HG4"} {
		if strings.Contains(out, secret) {
			t.Errorf("preview without a sample shows %q", secret)
		}
	}
	b.Reset()
	im.Preview(&b, 2)
	if !strings.Contains(b.String(), "Margaret Thornton, HG4") || strings.Contains(b.String(), "Olwen") {
		t.Errorf("sample of 2 wrong:\n%s", b.String())
	}
	if _, err := ParseCSV(strings.NewReader(in)); err == nil || strings.Contains(err.Error(), "sometime") {
		t.Errorf("ParseCSV of a bad date: %v", err)
	}
}

func TestReadImportColumns(t *testing.T) {
	im, err := ReadImport(strings.NewReader("Full name,Forename,Surname,Surname,Usual GP\nJohn Smith,John,Smith,Smyth,Dr Who\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Field{FieldIgnored, FieldForename, FieldSurname, FieldIgnored, FieldIgnored}
	for i, c := range im.Columns {
		if c.Field != want[i] {
			t.Errorf("column %d: %q, want %q", i+1, c.Field, want[i])
		}
	}
	if im.Columns[0].Note == "" || im.Columns[3].Note == "" {
		t.Error("unused name columns carry no note")
	}
	if im.People[0].Name != "John Smith" {
		t.Errorf("name %q", im.People[0].Name)
	}
}

func TestReadImportHeaderless(t *testing.T) {
	im, err := ReadImport(strings.NewReader("Alex Example,1984,Harrogate\nSam Sample,Leeds\n"))
	if err != nil {
		t.Fatal(err)
	}
	if im.HasHeader || len(im.People) != 2 || im.People[1].Place != "Leeds" || im.People[0].BirthYear != 1984 {
		t.Fatalf("%+v", im)
	}
}

func TestReadImportBounded(t *testing.T) {
	big := io.MultiReader(strings.NewReader("name\n"), &repeat{b: []byte("Alex Example" + strings.Repeat(" x", 500) + "\n"), n: MaxImportBytes/1000 + 10})
	if _, err := ReadImport(big); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if _, err := ReadImport(strings.NewReader("town,postcode\nLeeds,LS1\n")); !errors.Is(err, ErrNoNames) {
		t.Fatalf("err = %v, want ErrNoNames", err)
	}
}

// repeat yields b n times.
type repeat struct {
	b   []byte
	n   int
	off int
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.b[r.off:])
	r.off += k
	if r.off == len(r.b) {
		r.off = 0
		r.n--
	}
	return k, nil
}

func TestParseYear(t *testing.T) {
	for in, want := range map[string]int{
		"1984": 1984, "12/03/1984": 1984, "1984-03-12": 1984, "12-Mar-1984": 1984, "12 March 1984": 1984,
		"12/03/84": 1984, "03-Apr-58": 1958, "3.4.07": 2007, "84": 1984, "07": 2007,
		"sometime": 0, "": 0, "12/03": 0, "1850": 0,
	} {
		got, ok := ParseYear(in)
		if want == 0 && ok || want != 0 && (!ok || got != want) {
			t.Errorf("ParseYear(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
}

func FuzzReadImport(f *testing.F) {
	for _, s := range []string{
		"Forename,Surname,Date of Birth,Postcode\nMargaret,Thornton,12/03/1961,HG4 2AB\n",
		"Patient list\n\nTitle;Patient Surname;Known As;DOB\nMr;Smith;Bob;03-Apr-58\n",
		"Patient Name\tAddress\n\"SMITH, John (Mr)\"\t\"1 High St, HG42AB\"\n",
		"Alex Example,1984,Harrogate\n",
		"\"unterminated\n",
		"\xef\xbb\xbfname\n\xff\xfe\n",
		"surname,surname,name\n,,\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		im, err := ReadImport(strings.NewReader(in))
		if err != nil {
			return
		}
		if len(im.People) == 0 {
			t.Fatal("no people and no error")
		}
		for _, p := range im.People {
			if strings.TrimSpace(p.Name) == "" {
				t.Fatal("a person without a name")
			}
			if p.BirthYear != 0 && (p.BirthYear < 1900 || p.BirthYear > 2100) {
				t.Fatalf("implausible year %d", p.BirthYear)
			}
		}
		for _, c := range im.Columns {
			if c.Field != FieldIgnored && c.Field.Kept() == "not used" {
				t.Fatalf("field %q has no description", c.Field)
			}
		}
		if err := im.Preview(io.Discard, 3); err != nil {
			t.Fatal(err)
		}
	})
}
