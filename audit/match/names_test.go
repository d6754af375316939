package match

import (
	"context"
	"strings"
	"testing"

	"chaperone/audit"
	"chaperone/audit/watchlist"
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

// FuzzWatchlistName builds a matcher over a fuzzed watch-list entry (name,
// surname column, maiden name) and matches fuzzed connections against it.
func FuzzWatchlistName(f *testing.F) {
	for _, s := range [][4]string{
		{"María José García López", "García López", "", "Maria Garcia"},
		{"Robert (Bob) Smith", "", "", "bob smith"},
		{"SMITH, John (Mr)", "SMITH", "Jones", "j.smith84"},
		{"Xiao Hong Li", "Li", "", "Xiaohong Li"},
		{"(", ")", "née", "-"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	f.Fuzz(func(t *testing.T, name, surname, maiden, conn string) {
		m, err := New([]watchlist.Person{{Name: name, Surname: surname, Maiden: maiden, BirthYear: 1980, Place: "Leeds"}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		c := audit.Connection{Name: conn, Handle: conn, Location: conn}
		for _, cand := range m.Match(c) {
			if cand.Score < m.Threshold() || cand.Score > 1 || len(cand.Reasons) == 0 {
				t.Fatalf("candidate %+v", cand)
			}
			if e := m.Explain(c, cand.Index); e.Score != cand.Score {
				t.Fatalf("explained score %v, matched %v", e.Score, cand.Score)
			}
		}
		if _, err := m.SameSurnameOnly(context.Background(), []audit.Connection{c}); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzGivenTable parses fuzzed given-name tables: an error or a table,
// never a panic, and every pair it holds relates its two names.
func FuzzGivenTable(f *testing.F) {
	f.Add("name,variant,kind\nrobert,bob,diminutive\nkatherine,kathryn,spelling\n")
	f.Add("a,b,form\n#c\n\n")
	f.Add("x,x,spelling\n")
	f.Fuzz(func(t *testing.T, data string) {
		pairs, err := parseGiven("fuzz.csv", []byte(data))
		if err != nil {
			return
		}
		n := &Names{roots: map[string][]link{}, variants: map[int32][]string{}, initMask: map[string]uint32{}, sex: map[string]byte{}}
		n.build(pairs)
		n.recs = map[string]*nameRec{}
		for name, ls := range n.roots {
			n.recs[name] = &nameRec{links: ls, init: n.initMask[name]}
		}
		for _, p := range pairs {
			if n.Relation(p.root, p.variant) == KindNone {
				t.Fatalf("pair %+v not related", p)
			}
		}
	})
}

func FuzzSoundKeys(f *testing.F) {
	for _, s := range []string{"uthman", "osman", "chakravarty", "", "\xff", "aaaa"} {
		f.Add(s, s+"e")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		a, b = Fold(a), Fold(b)
		if ka, kb := translitKey(a), translitKey(a); ka != kb {
			t.Fatal("romanisation key not stable")
		}
		if len(skeleton(a)) > 2*len(a) {
			t.Fatal("sound key longer than the name")
		}
		vowelShape(a)
		if keySlip(a, b) && osa(a, b, 1) != 1 {
			t.Fatalf("key slip %q %q is not one edit", a, b)
		}
		fa, fb := form{text: a, skel: skeleton(a)}, form{text: b, skel: skeleton(b)}
		givenSimForm(&fa, &fb)
		if a != "" && b != "" {
			typoSurname(a, "", b, "")
		}
	})
}

// cleanByRune must agree with the full decomposition whenever it answers.
func FuzzCleanByRune(f *testing.F) {
	for _, s := range []string{"José", "Zoë Ødegård", "🌸Amy🌸", "Александр Й", "Σοφία", "❤️ Ann", "𝐑𝐨𝐛", "Ｓａｍ", "a\u0301b", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := cleanByRune(s); ok {
			if want := cleanSlow(s, false); got != want {
				t.Fatalf("cleanByRune(%q) = %q, want %q", s, got, want)
			}
		}
	})
}
