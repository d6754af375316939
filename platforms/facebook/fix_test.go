package facebook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chaperone/audit"
)

// TestFixData: the shipped fix data names only facts the page knowledge
// reads and checks the shipped checks have, and leaves two-factor to the
// doctor.
func TestFixData(t *testing.T) {
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	d, err := LoadFixData(c)
	if err != nil {
		t.Fatal(err)
	}
	data, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := audit.NewCatalogue(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range d.Fixes {
		if _, ok := cat.ByID(e.Check); !ok {
			t.Errorf("fix for unknown check %s", e.Check)
		}
		if e.Check == "facebook.two_factor" {
			t.Error("two-factor enrolment must not be automated")
		}
	}
	if !contains(d.GuidanceOnly, "facebook.two_factor") {
		t.Error("two-factor is not guidance only")
	}
}

func TestParseFixDataRejects(t *testing.T) {
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join("..", "..", "assets", "platforms", "facebook_fix.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseFixData(good, c); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(string) string{
		"unknown field":   func(s string) string { return strings.Replace(s, `"fixes"`, `"fixess"`, 1) },
		"unknown control": func(s string) string { return strings.Replace(s, `"control": "dialog"`, `"control": "slider"`, 1) },
		"unknown fact": func(s string) string {
			return strings.Replace(s, `"fact": "facebook.lookup_email"`, `"fact": "facebook.nothing"`, 1)
		},
		"unshown value": func(s string) string { return strings.Replace(s, `"to": "friends"`, `"to": "nobody_at_all"`, 1) },
		"one-shot dialog": func(s string) string {
			return strings.Replace(s, `"control": "limit_past_posts"`, `"control": "dialog"`, 1)
		},
		"bad control":    func(s string) string { return strings.Replace(s, `"kind": "dialog"`, `"kind": "wheel"`, 1) },
		"other platform": func(s string) string { return strings.Replace(s, `"platform": "facebook"`, `"platform": "x"`, 1) },
		"two values":     func(s string) string { return s + "{}" },
		"not json":       func(s string) string { return s[:len(s)/2] },
	} {
		if _, err := ParseFixData([]byte(mutate(string(good))), c); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseFixData(f *testing.F) {
	c, err := LoadConfig()
	if err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join("..", "..", "assets", "platforms", "facebook_fix.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"platform":"facebook","controls":{},"fixes":[{"check":"a","fact":"facebook.tag_review","control":"x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseFixData(data, c)
		if err != nil {
			return
		}
		for _, e := range d.Fixes {
			if _, ok := d.Controls[e.Control]; !ok {
				t.Fatalf("accepted a fix with an unknown control %q", e.Control)
			}
		}
	})
}
