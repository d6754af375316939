package instagram

import (
	"encoding/json"
	"errors"
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
	if c.Platform != audit.Instagram || !strings.HasPrefix(c.Origin, "https://") {
		t.Errorf("platform %q origin %q", c.Platform, c.Origin)
	}
	// Every fact the adapter reads has a check, and every check's fact is
	// one the adapter reads.
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{}
	for _, ch := range checks {
		for _, f := range ch.Facts {
			checked[f] = true
		}
	}
	au := &auditor{c: c}
	read := map[string]bool{}
	for _, id := range au.allFactIDs() {
		read[id] = true
		if !checked[id] && id != "instagram.followers" && id != "instagram.following" && id != "instagram.profile_kind" {
			t.Errorf("fact %s has no check", id)
		}
	}
	for f := range checked {
		if strings.HasPrefix(f, "instagram.") && !read[f] {
			t.Errorf("a check reads %s, which the adapter never reads", f)
		}
	}
}

func TestParseConfigRejects(t *testing.T) {
	good, err := os.ReadFile("../../assets/platforms/instagram.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseConfig(good)
	if err != nil {
		t.Fatal(err)
	}
	origin := `"origin": "` + c.Origin + `"`
	for _, tc := range []struct{ name, from, to string }{
		{"plain http origin", origin, strings.Replace(origin, "https:", "http:", 1)},
		{"unknown key", `"named_switches"`, `"named_switchez"`},
		{"named switch not a fact", `"named_switches": ["instagram.private"]`, `"named_switches": ["instagram.nope"]`},
		{"list link without username", `"link": "/{username}/followers/"`, `"link": "/followers/"`},
		{"no picker network", `"network": "Instagram"`, `"network": ""`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(string(good), tc.from, tc.to, 1)
			if bad == string(good) {
				t.Fatalf("%q not in the file", tc.from)
			}
			if _, err := ParseConfig([]byte(bad)); err == nil {
				t.Error("accepted")
			}
		})
	}
}

// TestParseUserPage reads the follow-list answers kept under testdata
// and compares them with their golden reading (go test -update rewrites).
func TestParseUserPage(t *testing.T) {
	files, err := filepath.Glob("testdata/userpage/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParseUserPage(in)
			got := map[string]any{"page": p}
			if err != nil {
				got = map[string]any{"error": err.Error()}
			}
			out, _ := json.MarshalIndent(got, "", "  ")
			golden := strings.TrimSuffix(f, ".json") + ".golden"
			if *update {
				if err := os.WriteFile(golden, append(out, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(want) != string(out)+"\n" {
				t.Errorf("got\n%s\nwant\n%s", out, want)
			}
		})
	}
}

func TestParseUserPageLegacy(t *testing.T) {
	_, err := ParseUserPage([]byte(`{"data":{"user":{"edge_followed_by":{"count":44,"page_info":{"has_next_page":false},"edges":[]}}},"status":"ok"}`))
	if !errors.Is(err, ErrLegacyList) {
		t.Errorf("legacy shape: %v", err)
	}
}

func FuzzParseUserPage(f *testing.F) {
	f.Add([]byte(`{"users":[{"pk":"1","username":"a","full_name":"A"}],"has_more":true,"next_max_id":"12","status":"ok"}`))
	f.Add([]byte(`{"users":[],"status":"ok"}`))
	f.Add([]byte(`{"data":{},"status":"ok"}`))
	f.Add([]byte(`{"message":"login_required","status":"fail"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseUserPage(b)
		if err != nil {
			if len(p.Users) != 0 {
				t.Fatal("people returned with an error")
			}
			return
		}
		for _, u := range p.Users {
			if u.Username == "" {
				t.Fatal("a person without a username")
			}
		}
	})
}

func TestProfileTitle(t *testing.T) {
	for _, tc := range []struct{ in, name, handle string }{
		{"Sarah Bennett (@sarah.bennett.walks) • Instagram photos and videos", "Sarah Bennett", "sarah.bennett.walks"},
		{"Dr A (B) (@a_b) • Instagram photos and videos", "Dr A (B)", "a_b"},
		{"Instagram", "", ""},
		{"(@x) • Instagram", "", ""},
		{"Name (@broken", "", ""},
	} {
		if n, h := profileTitle(tc.in); n != tc.name || h != tc.handle {
			t.Errorf("profileTitle(%q) = %q, %q; want %q, %q", tc.in, n, h, tc.name, tc.handle)
		}
	}
}

func FuzzProfileTitle(f *testing.F) {
	f.Add("Sarah Bennett (@sarah.bennett.walks) • Instagram photos and videos")
	f.Add(" (@")
	f.Fuzz(func(t *testing.T, s string) {
		n, h := profileTitle(s)
		if n != "" && !strings.Contains(s, n) || h != "" && !strings.Contains(s, "(@"+h+")") {
			t.Fatalf("profileTitle(%q) = %q, %q: not from the title", s, n, h)
		}
	})
}

func TestParseSession(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  audit.Session
	}{
		{[]string{"Linux · Chrome", "Hollingford, United Kingdom · This device"},
			audit.Session{Platform: audit.Instagram, Device: "Linux (Chrome)", Location: "Hollingford, United Kingdom", LastActive: "This device", Current: true}},
		{[]string{"iPhone 13", "Bristol · 3 weeks ago"},
			audit.Session{Platform: audit.Instagram, Device: "iPhone 13", Location: "Bristol", LastActive: "3 weeks ago"}},
		{[]string{"Windows"}, audit.Session{Platform: audit.Instagram, Device: "Windows"}},
		{nil, audit.Session{Platform: audit.Instagram}},
	} {
		if got := ParseSession(tc.lines); got != tc.want {
			t.Errorf("ParseSession(%q) = %+v, want %+v", tc.lines, got, tc.want)
		}
	}
}

func FuzzParseSession(f *testing.F) {
	f.Add("Linux · Chrome", "Hollingford · This device")
	f.Fuzz(func(t *testing.T, a, b string) {
		s := ParseSession([]string{a, b})
		if s.Platform != audit.Instagram {
			t.Fatal("platform lost")
		}
	})
}

func TestChoose(t *testing.T) {
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	choice := func(lines ...string) struct {
		Lines []string `json:"lines"`
		Href  string   `json:"href"`
	} {
		return struct {
			Lines []string `json:"lines"`
			Href  string   `json:"href"`
		}{lines, "/x?id=" + lines[0] + lines[1]}
	}
	au := &auditor{c: c, user: "sarah.walks", name: "Sarah Bennett"}
	for _, tc := range []struct {
		name    string
		choices []string
		want    string
		why     string
	}{
		{"one Instagram", []string{"Sarah Bennett", "Instagram", "Sarah Bennett", "Facebook"}, "/x?id=Sarah BennettInstagram", ""},
		{"by handle", []string{"sarah.walks", "Instagram"}, "/x?id=sarah.walksInstagram", ""},
		{"only Facebook", []string{"Sarah Bennett", "Facebook"}, "", "did not offer"},
		{"another person", []string{"Sarah Bennetts", "Instagram"}, "", "did not offer"},
		{"twins", []string{"Sarah Bennett", "Instagram", "Sarah Bennett", "Instagram"}, "", "cannot be told"},
	} {
		var pr pickerResult
		for i := 0; i < len(tc.choices); i += 2 {
			pr.Choices = append(pr.Choices, choice(tc.choices[i], tc.choices[i+1]))
		}
		got, why := au.choose(pr)
		if got != tc.want || !strings.Contains(why, tc.why) || (tc.why == "") != (why == "") {
			t.Errorf("%s: %q, %q", tc.name, got, why)
		}
	}
}
