package match

import (
	"strings"
	"testing"
)

func TestNameTable(t *testing.T) {
	n, err := DefaultNames()
	if err != nil {
		t.Fatal(err)
	}
	if n.Pairs() < 500 {
		t.Fatalf("%d given-name pairs, want at least 500", n.Pairs())
	}
	tests := []struct {
		a, b string
		want Kind
	}{
		{"bob", "robert", KindDiminutive},
		{"liz", "elizabeth", KindDiminutive},
		{"liz", "beth", KindDiminutive}, // through Elizabeth
		{"sasha", "alexander", KindDiminutive},
		{"kathryn", "catherine", KindSpelling},
		{"ian", "john", KindForm},
		{"robert", "albert", KindNone}, // both "Bert", yet different names
		{"francis", "frances", KindNone},
		{"robert", "robert", KindSame},
	}
	for _, tc := range tests {
		if got := n.Relation(tc.a, tc.b); got != tc.want {
			t.Errorf("Relation(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := n.Relation(tc.b, tc.a); got != tc.want {
			t.Errorf("Relation(%s, %s) = %v, want %v", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"José":          "jose",
		"ZOË":           "zoe",
		"O'Brien":       "obrien",
		"O’Neill":       "oneill",
		"𝐑𝐨𝐛":           "rob",
		"ᴊᴏʜɴ":          "john",
		"Ｓａｍ":           "sam",
		"Александр":     "aleksandr",
		"Søren Ødegård": "sorenodegard",
		"Weiß":          "weiss",
		"🌸Amy🌸":         "amy",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseName(t *testing.T) {
	n, _ := DefaultNames()
	tests := []struct {
		in    string
		words string
		alts  string
		nums  string
	}{
		{"Dr Bob Smith PhD", "bob smith", "", ""},
		{"Bob Smith | Personal Trainer", "bob smith", "", ""},
		{"Bob Smith - Runner", "bob smith", "", ""},
		{"✨ Amy Taylor-Wood ✨", "amy taylor wood", "taylorwood", ""},
		{"Anna van der Berg", "anna van der berg", "vanderberg", ""},
		{"Sarah Brown (née Green)", "sarah brown green", "", ""},
		{"SMITH, John", "smith john", "", ""},
		{"J.Smith84", "j smith", "", "84"},
		{"Miss", "miss", "", ""},
	}
	for _, tc := range tests {
		p := n.parseName(tc.in)
		var ws []string
		for _, w := range p.words {
			ws = append(ws, w.text)
		}
		if got := strings.Join(ws, " "); got != tc.words {
			t.Errorf("parseName(%q) words = %q, want %q", tc.in, got, tc.words)
		}
		if got := strings.Join(p.alts, " "); got != tc.alts {
			t.Errorf("parseName(%q) alts = %q, want %q", tc.in, got, tc.alts)
		}
		if got := strings.Join(p.nums, " "); got != tc.nums {
			t.Errorf("parseName(%q) nums = %q, want %q", tc.in, got, tc.nums)
		}
	}
}

func TestParseHandle(t *testing.T) {
	n, _ := DefaultNames()
	tests := []struct{ in, words, nums string }{
		{"jsmith_84", "jsmith", "84"},
		{"the_real_BobSmith1984", "bob smith", "1984"},
		{"@amy.taylor", "amy taylor", ""},
	}
	for _, tc := range tests {
		h := n.parseHandle(handleFrom(tc.in, ""))
		if got := strings.Join(h.words, " "); got != tc.words {
			t.Errorf("parseHandle(%q) words = %q, want %q", tc.in, got, tc.words)
		}
		if got := strings.Join(h.nums, " "); got != tc.nums {
			t.Errorf("parseHandle(%q) nums = %q, want %q", tc.in, got, tc.nums)
		}
	}
	if got := handleFrom("", "https://www.facebook.com/amy.taylor.5/"); got != "amy.taylor.5" {
		t.Errorf("handle from URL = %q", got)
	}
	if got := handleFrom("", "https://www.facebook.com/profile.php?id=1000"); got != "" {
		t.Errorf("numeric profile gave handle %q", got)
	}
}

func TestPlaces(t *testing.T) {
	tests := []struct {
		a, b string
		want placeVerdict
	}{
		{"Harrogate", "Lives in Harrogate, United Kingdom", placeSame},
		{"Newcastle", "Newcastle upon Tyne", placeSame},
		{"HG1 2AB", "HG1", placeSame},
		{"HG1 2AB", "LS6 3QT", placeDifferent},
		{"Harrogate", "From Leeds", placeDifferent},
		{"HG1 2AB", "Harrogate", placeUnknown},
		{"Harrogate", "", placeUnknown},
	}
	for _, tc := range tests {
		if got := parsePlace(tc.a).compare(parsePlace(tc.b)); got != tc.want {
			t.Errorf("%q vs %q = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"smith", "smith", 0}, {"smith", "smyth", 1}, {"thompson", "thomson", 1},
		{"ab", "ba", 1}, {"smith", "jones", 3},
	}
	for _, tc := range tests {
		if got := osa(tc.a, tc.b, 2); got != min(tc.want, 3) {
			t.Errorf("osa(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Bob Smith", "✨ 𝐑𝐨𝐛 ✨ (née X)", "the_real_bobsmith84", "a-b-c-(d", "Александр", "\xff\xfe"} {
		f.Add(s)
	}
	n, _ := DefaultNames()
	m, _ := New(testPeople, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		p := n.parseName(s)
		for _, w := range p.words {
			if w.text == "" {
				t.Fatal("empty word")
			}
		}
		n.parseHandle(handleFrom(s, ""))
		parsePlace(s)
		for _, c := range m.Match(connOf(s)) {
			if c.Score < m.Threshold() || c.Score > 1 {
				t.Fatalf("score %v out of range", c.Score)
			}
		}
	})
}
