package whatsapp

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chaperone/audit"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestEmbeddedConfig(t *testing.T) {
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.Origin != "https://web.whatsapp.com" || c.Platform != audit.WhatsApp {
		t.Errorf("origin %q platform %q", c.Origin, c.Platform)
	}
	known := map[string]bool{
		audit.On: true, audit.Off: true, audit.AudienceEveryone: true, audit.AudienceContacts: true,
		audit.AudienceContactsExcept: true, audit.AudienceNobody: true, audit.AudienceSpecific: true,
		"same_as_last_seen": true, "24_hours": true, "7_days": true, "90_days": true,
	}
	for _, f := range c.Facts {
		for w, v := range f.Values {
			if !known[v] {
				t.Errorf("%s: word %q maps to unknown value %q", f.ID, w, v)
			}
		}
		if len(c.Panels[f.Page]) == 0 {
			t.Errorf("%s: page %q has no clicks to open it", f.ID, f.Page)
		}
	}
	// Every fact the adapter records, and every phone-only one, has a check.
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := audit.NewCatalogue(checks)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{factClinicalGroups}
	for _, f := range c.Facts {
		ids = append(ids, f.ID)
	}
	for _, p := range c.PhoneOnly {
		ids = append(ids, p.ID)
		if !strings.Contains(p.Why, "check this in WhatsApp on your phone") {
			t.Errorf("%s: reason %q does not say where to look", p.ID, p.Why)
		}
	}
	for _, id := range ids {
		found := false
		for _, ch := range cat.For(audit.WhatsApp) {
			for _, fact := range ch.Facts {
				found = found || fact == id
			}
		}
		if !found {
			t.Errorf("no check reads %s", id)
		}
	}
	if c.IsWall("https://web.whatsapp.com/") {
		t.Error("the app's own page counted as a wall by address: only its words make it one")
	}
}

// TestConfigRejects: a broken configuration is an error, not a gap.
func TestConfigRejects(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "..", "assets", "platforms", "whatsapp.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(string) string{
		"unknown field":   func(s string) string { return strings.Replace(s, `"other_window"`, `"other_windows"`, 1) },
		"unknown page":    func(s string) string { return strings.Replace(s, `"page": "calls"`, `"page": "nowhere"`, 1) },
		"foreign fact":    func(s string) string { return strings.Replace(s, `"whatsapp.about"`, `"x.about"`, 1) },
		"no panel clicks": func(s string) string { return strings.Replace(s, `"calls": ["Privacy", "Calls"]`, `"calls": []`, 1) },
		"phone-only reason": func(s string) string {
			return strings.Replace(s, `"id": "whatsapp.two_factor", "why": "`, `"id": "whatsapp.two_factor", "why": "", "x": "`, 1)
		},
		"endless wait": func(s string) string { return strings.Replace(s, `"wait_ms": 12000`, `"wait_ms": 9999999`, 1) },
		"not json":     func(s string) string { return s[:len(s)/2] },
	} {
		if _, err := ParseConfig([]byte(mutate(string(good)))); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	good, err := os.ReadFile(filepath.Join("..", "..", "assets", "platforms", "whatsapp.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"platform":"whatsapp","origin":"https://web.whatsapp.com","languages":["en"],"login":{"path":"/","walls":["/link"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(data)
		if err == nil && (c == nil || c.Validate() != nil) {
			t.Fatal("accepted a configuration that does not validate")
		}
	})
}

func TestClinicalGroups(t *testing.T) {
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	words := c.Chats.ClinicalWords
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"Ward 7 handover", true},
		{"Mill Lane Surgery partners", true},
		{"A&E docs night shift", true},
		{"FY1 rota 2026", true},
		{"on-call registrars", true},
		{"ICU 🏥 team", true},
		{"Hollingford Running Club", false},
		{"Bennett family", false},
		{"Towards a better garden", false}, // "ward" inside a word
		{"Year 4 parents", false},
		{"", false},
	} {
		if got := clinicalName(tc.name, words); got != tc.want {
			t.Errorf("clinicalName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
	if n := ClinicalGroups([]string{"Ward 7 handover", "Book club", "GP partners"}, words); n != 2 {
		t.Errorf("ClinicalGroups = %d, want 2", n)
	}
}

func FuzzClinicalName(f *testing.F) {
	f.Add("Ward 7 handover", "ward")
	f.Add("A&E", "a&e")
	f.Add("ÉCOLE ward’s", "on call")
	f.Fuzz(func(t *testing.T, name, word string) {
		got := clinicalName(name, []string{word})
		// A name that is the word itself always matches, unless the word
		// folds to nothing.
		if fold(word) != "" && fold(name) == fold(word) && !got {
			t.Fatalf("%q does not match itself", word)
		}
		if fold(word) == "" && got {
			t.Fatalf("an empty word matched %q", name)
		}
	})
}

func TestStatusPosts(t *testing.T) {
	items := [][]string{
		{"Lovely sunrise on the run", "Today at 07:12"},
		{"Line one", "line two", "Yesterday at 18:40"},
		{"", "  "},
		{"Only a line"},
	}
	got := statusPosts(items, audit.AudienceContacts)
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "status_posts.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(b)) != strings.TrimSpace(string(want)) {
		t.Errorf("statusPosts = %s\nwant %s", b, want)
	}
}

func FuzzStatusPosts(f *testing.F) {
	f.Add("Lovely sunrise\nToday at 07:12", "contacts")
	f.Add("\n\n", "")
	f.Fuzz(func(t *testing.T, text, audience string) {
		items := [][]string{strings.Split(text, "\n")}
		for _, p := range statusPosts(items, audience) {
			if strings.TrimSpace(p.Text) == "" || p.ID == "" || p.Platform != audit.WhatsApp || p.Audience != audience {
				t.Fatalf("post %+v from %q", p, text)
			}
		}
	})
}
