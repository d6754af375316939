package linkedin

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/assets"
	"chaperone/audit"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestEmbeddedConfig(t *testing.T) {
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.Platform != audit.LinkedIn || c.Origin != "https://www.linkedin.com" {
		t.Errorf("platform %q origin %q", c.Platform, c.Origin)
	}
	ids := map[string]bool{}
	for _, f := range c.Facts {
		ids[f.ID] = true
	}
	for _, id := range (&auditor{c: c}).allFactIDs() {
		ids[id] = true
	}
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, ch := range checks {
		for _, f := range ch.Facts {
			read[f] = true
		}
		if strings.HasPrefix(ch.ID, "linkedin.") {
			for _, f := range ch.Facts {
				if !ids[f] {
					t.Errorf("check %s reads %s, which the adapter never records", ch.ID, f)
				}
			}
			if ch.Run == nil {
				t.Errorf("check %s cannot run", ch.ID)
			}
		}
	}
	// Every fact but the count of connections is judged by a check.
	for id := range ids {
		if !read[id] && id != c.Connections.ID {
			t.Errorf("fact %s has no check", id)
		}
	}
	// Each check is evidence for at least one control of a guideline.
	listed := map[string]bool{}
	entries, err := assets.FS.ReadDir("guidelines")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		data, err := assets.FS.ReadFile("guidelines/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var g struct {
			Controls []struct {
				Checks []string `json:"checks"`
			} `json:"controls"`
		}
		if err := json.Unmarshal(data, &g); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		for _, ctl := range g.Controls {
			for _, id := range ctl.Checks {
				listed[id] = true
			}
		}
	}
	for _, ch := range checks {
		if strings.HasPrefix(ch.ID, "linkedin.") && !listed[ch.ID] {
			t.Errorf("check %s is in no guideline's controls", ch.ID)
		}
	}
}

func TestParseConfigRejects(t *testing.T) {
	good, err := assets.FS.ReadFile("platforms/linkedin.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, from, to string }{
		{"http origin", `"origin": "https://www.linkedin.com"`, `"origin": "http://www.linkedin.com"`},
		{"unknown key", `"me_path"`, `"mepath"`},
		{"no posts placeholder", `"{profile}/recent-activity/all/"`, `"/recent-activity/all/"`},
		{"no empty words", `"empty": ["No pending invitations"]`, `"empty": []`},
	} {
		bad := strings.Replace(string(good), tc.from, tc.to, 1)
		if bad == string(good) {
			t.Fatalf("%s: nothing replaced", tc.name)
		}
		if _, err := ParseConfig([]byte(bad)); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}

func TestContactDetails(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"Contact me at sarah.bennett@example.org.", "email address"},
		{"Mobile 07700 900461 any time", "mobile number"},
		{"Call +44 7700 900461", "mobile number"},
		{"Reception: 01632 960123", "phone number"},
		{"Trainer since 2019, 12 registrars, 300 patients", ""},
		{"GP partner at Mill Lane Surgery", ""},
		{"me@x.co and 07700900461", "email address, mobile number"},
	} {
		if got := strings.Join(ContactDetails(tc.in), ", "); got != tc.want {
			t.Errorf("ContactDetails(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOutsideLink(t *testing.T) {
	const o = "https://www.linkedin.com"
	for _, tc := range []struct{ in, want string }{
		{o + "/redir/redirect?url=https%3A%2F%2Fmill-lane.example%2F&urlhash=x", "https://mill-lane.example/"},
		{o + "/in/someone/", ""},
		{"https://blog.example/post", "https://blog.example/post"},
		{o + "/redir/redirect?url=javascript%3Aalert(1)", ""},
		{"mailto:a@b.c", ""},
		{"", ""},
	} {
		if got := OutsideLink(tc.in, o, "/redir/redirect", "url"); got != tc.want {
			t.Errorf("OutsideLink(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCounts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"Invitations (3)", 3}, {"Received (1,204)", 1204}, {"Invitations", -1}, {"Groups (2)", -1}, {"(4)", -1},
	} {
		if got := CountAfter(tc.in, []string{"Invitations", "Received"}); got != tc.want {
			t.Errorf("CountAfter(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
	if n := SignedInCount("You’re signed in to 3 sessions"); n != 3 {
		t.Errorf("SignedInCount = %d", n)
	}
	if n := SignedInCount("End these sessions"); n != -1 {
		t.Errorf("SignedInCount without a count = %d", n)
	}
	if got := ParseTime("2026-11-17T09:00:00+01:00"); !got.Equal(time.Date(2026, 11, 17, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseTime = %v", got)
	}
	if got := ParseTime("3d"); !got.IsZero() {
		t.Errorf("ParseTime(3d) = %v, want zero", got)
	}
}

// TestParseSessionGolden holds the session reader to testdata.
func TestParseSessionGolden(t *testing.T) {
	buttons := []string{"End session", "End these sessions"}
	got := []audit.Session{
		parseSession([]string{"Chrome on Linux", "Hollingford, England, United Kingdom", "This session"}, true, buttons),
		parseSession([]string{"LinkedIn App on iPhone", "Hollingford, England, United Kingdom", "Active 2 days ago", "End session"}, false, buttons),
		parseSession([]string{"Windows"}, false, buttons),
		parseSession(nil, false, buttons),
	}
	golden(t, "sessions.golden.json", got)
}

func golden(t *testing.T, name string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != string(b) {
		t.Errorf("%s differs; run go test -update and review the diff\n%s", name, b)
	}
}

func FuzzContactDetails(f *testing.F) {
	f.Add("Contact me at sarah.bennett@example.org or 07700 900461")
	f.Add("+44 (0) 7700 900 461")
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range ContactDetails(s) {
			if k != "email address" && k != "mobile number" && k != "phone number" {
				t.Fatalf("kind %q", k)
			}
			if strings.Contains(s, k) && k == s {
				t.Fatal("the text itself came back")
			}
		}
	})
}

func FuzzOutsideLink(f *testing.F) {
	f.Add("https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fa.example%2F")
	f.Add("https://b.example/x")
	f.Fuzz(func(t *testing.T, s string) {
		out := OutsideLink(s, "https://www.linkedin.com", "/redir/redirect", "url")
		if out != "" && !strings.HasPrefix(out, "http://") && !strings.HasPrefix(out, "https://") {
			t.Fatalf("OutsideLink(%q) = %q: not a web address", s, out)
		}
	})
}

func FuzzCountAfter(f *testing.F) {
	f.Add("Invitations (3)")
	f.Add("Received (1,204)")
	f.Fuzz(func(t *testing.T, s string) {
		if n := CountAfter(s, []string{"Invitations"}); n < -1 {
			t.Fatalf("CountAfter(%q) = %d", s, n)
		}
		if n := SignedInCount(s); n < -1 {
			t.Fatalf("SignedInCount(%q) = %d", s, n)
		}
		if got := ParseTime(s); !got.IsZero() && got.Location() != time.UTC {
			t.Fatalf("ParseTime(%q) not UTC", s)
		}
	})
}

func FuzzParseSession(f *testing.F) {
	f.Add("Chrome on Linux\nHollingford\nActive now", true)
	f.Fuzz(func(t *testing.T, s string, current bool) {
		got := parseSession(strings.Split(s, "\n"), current, []string{"End session"})
		if got.Platform != audit.LinkedIn || got.Current != current {
			t.Fatalf("parseSession = %+v", got)
		}
	})
}

func FuzzParseConfig(f *testing.F) {
	good, err := assets.FS.ReadFile("platforms/linkedin.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"platform":"linkedin"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(data)
		if err == nil && (c.Origin == "" || c.Platform != audit.LinkedIn && c.Platform == "") {
			t.Fatalf("accepted a config without origin or platform")
		}
	})
}
