package tiktok

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got (as indented JSON) with testdata/name.
func golden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(want)) != string(b) {
		t.Errorf("%s differs:\n%s\nwant\n%s\n(run go test -update and review the diff)", name, b, want)
	}
}

func TestParseUserList(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		wantErr    bool
	}{
		{"page", `{"statusCode":0,"userList":[{"user":{"id":"681","uniqueId":"maggie.t","nickname":"Maggie T"}},{"user":{"id":682,"uniqueId":"steve_a","nickname":"Steve A"}}],"total":87,"hasMore":true,"minCursor":30}`, false},
		{"snake status", `{"status_code":10222,"status_msg":"This list is private","userList":[]}`, false},
		{"last page", `{"status_code":0,"userList":[],"total":0,"hasMore":false}`, false},
		{"no total", `{"statusCode":0,"userList":[]}`, true},
		{"no status no list", `{"total":3}`, true},
		{"entry without account", `{"statusCode":0,"total":1,"userList":[{"user":{}}]}`, true},
		{"not json", `<html>`, true},
	} {
		got, err := parseUserList([]byte(tc.body))
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: err = %v, want error %v", tc.name, err, tc.wantErr)
		}
		if err == nil {
			golden(t, "userlist_"+strings.ReplaceAll(tc.name, " ", "_")+".golden.json", got)
		}
	}
}

func FuzzParseUserList(f *testing.F) {
	f.Add([]byte(`{"statusCode":0,"userList":[{"user":{"id":"1","uniqueId":"a"}}],"total":1,"hasMore":false}`))
	f.Add([]byte(`{"status_code":10222}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parseUserList(b)
		if err != nil {
			return
		}
		if p.Status == statusOK {
			for _, u := range p.Users {
				if u.ID == "" && u.Handle == "" {
					t.Fatalf("an entry with no account was accepted: %q", b)
				}
			}
		} else if len(p.Users) != 0 {
			t.Fatalf("users from a refused answer: %q", b)
		}
	})
}

func TestCaptionFromAlt(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Flu jab myths #vaccine created by Sarah Bennett GP with Sarah Bennett GP’s original sound", "Flu jab myths #vaccine"},
		{"I created by hand a loaf created by Sam with Sam's original sound", "I created by hand a loaf"},
		{"no sound credit here", "no sound credit here"},
		{"  ", ""},
	} {
		if got := captionFromAlt(tc.in); got != tc.want {
			t.Errorf("captionFromAlt(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzCaptionFromAlt(f *testing.F) {
	f.Add("a created by b with c")
	f.Fuzz(func(t *testing.T, s string) {
		got := captionFromAlt(s)
		if len(got) > len(s) || !strings.Contains(s, got) {
			t.Fatalf("captionFromAlt(%q) = %q is not part of its input", s, got)
		}
	})
}

func TestTimeFromID(t *testing.T) {
	at := time.Date(2025, 11, 2, 18, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"7568057126400104729", time.Unix(7568057126400104729>>32, 0).UTC()},
		{formatID(at, 12345), at},
		{"12", time.Time{}},
		{"not a number", time.Time{}},
		{"", time.Time{}},
	} {
		if got := timeFromID(tc.in); !got.Equal(tc.want) {
			t.Errorf("timeFromID(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func formatID(t time.Time, low uint64) string {
	b, _ := json.Marshal(uint64(t.Unix())<<32 | low)
	return string(b)
}

func FuzzTimeFromID(f *testing.F) {
	f.Add("7568057126400104729")
	f.Fuzz(func(t *testing.T, s string) {
		if got := timeFromID(s); !got.IsZero() && (got.Year() < 2016 || got.Year() > 2100 || got.Location() != time.UTC) {
			t.Fatalf("timeFromID(%q) = %v", s, got)
		}
	})
}

func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in         string
		n          int
		approx, ok bool
	}{
		{"87", 87, false, true},
		{"1,204", 1204, false, true},
		{"1.2K", 1200, true, true},
		{"3M", 3000000, true, true},
		{"", 0, false, false},
		{"-4", 0, false, false},
		{"1e3K", 0, false, false},
		{"many", 0, false, false},
	} {
		n, approx, ok := parseCount(tc.in)
		if n != tc.n || approx != tc.approx || ok != tc.ok {
			t.Errorf("parseCount(%q) = %d, %v, %v; want %d, %v, %v", tc.in, n, approx, ok, tc.n, tc.approx, tc.ok)
		}
	}
}

func FuzzParseCount(f *testing.F) {
	f.Add("1,204")
	f.Add("4.5K")
	f.Fuzz(func(t *testing.T, s string) {
		if n, _, ok := parseCount(s); ok && n < 0 {
			t.Fatalf("parseCount(%q) = %d", s, n)
		}
	})
}

func TestParseDevice(t *testing.T) {
	cur := []string{"Current device"}
	got := []audit.Session{
		parseDevice([]string{"Chrome on Linux", "Hollingford, United Kingdom · Current device"}, cur),
		parseDevice([]string{"Edge on Windows", "Swindon, United Kingdom · Active 12 days ago", "Remove"}, cur),
		parseDevice([]string{"TikTok on iPhone"}, cur),
	}
	golden(t, "devices.golden.json", got)
}

func TestEmbeddedConfig(t *testing.T) {
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.Origin != "https://www.tiktok.com" || c.Platform != audit.TikTok {
		t.Errorf("origin %q platform %q", c.Origin, c.Platform)
	}
	if !c.IsWall("https://www.tiktok.com/login/phone-or-email/email?redirect_url=x") || !c.IsWall("http://127.0.0.1:1/login/2sv/?next=%2F") || c.IsWall("https://www.tiktok.com/setting?activeTab=privacy") {
		t.Error("IsWall")
	}
	if !c.HasSession([]string{"sessionid", "sid_tt", "ttwid"}) || c.HasSession([]string{"ttwid"}) {
		t.Error("HasSession")
	}
	// Every fact the adapter reads has a check, and every value word maps
	// to a value some check judges.
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	judged := map[string]map[string]bool{}
	cat, err := audit.NewCatalogue(checks)
	if err != nil {
		t.Fatal(err)
	}
	for _, ck := range cat.For(audit.TikTok) {
		for _, f := range ck.Facts {
			judged[f] = map[string]bool{}
		}
	}
	a := &auditor{c: c}
	for _, id := range a.allFactIDs() {
		switch id {
		case factPublicName, factPublicLinks, "tiktok.profile_kind":
			continue // read for the profile checks, which apply to every network
		case factFollowers, factFollowing:
			continue // the proof the lists were read; the watch-list checks read the people
		}
		if _, ok := judged[id]; !ok {
			t.Errorf("no check reads %s", id)
		}
		if _, ok := cat.ByID(id); !ok {
			t.Errorf("no check with the ID %s", id)
		}
	}
	// And every TikTok check reads facts the adapter gives.
	read := map[string]bool{}
	for _, id := range a.allFactIDs() {
		read[id] = true
	}
	for _, ck := range cat.For(audit.TikTok) {
		if !strings.HasPrefix(ck.ID, "tiktok.") {
			continue
		}
		for _, f := range ck.Facts {
			if !read[f] {
				t.Errorf("check %s reads %s, which the adapter never reads", ck.ID, f)
			}
		}
	}
	for id := range c.AppOnly {
		if _, ok := cat.ByID(id); !ok {
			t.Errorf("app-only %s has no check", id)
		}
	}
}

// TestConfigRejects: a broken configuration is an error, not a silent gap.
func TestConfigRejects(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "..", "assets", "platforms", "tiktok.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseConfig(good); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(string) string{
		"unknown field": func(s string) string { return strings.Replace(s, `"app_only"`, `"app_onlyy"`, 1) },
		"unknown page":  func(s string) string { return strings.Replace(s, `"page": "security"`, `"page": "nowhere"`, 1) },
		"foreign fact":  func(s string) string { return strings.Replace(s, `"tiktok.two_factor"`, `"x.two_factor"`, 1) },
		"http origin": func(s string) string {
			return strings.Replace(s, `"https://www.tiktok.com"`, `"http://www.tiktok.com"`, 1)
		},
		"no scenes": func(s string) string { return strings.Replace(s, `"follower_scene": "67"`, `"follower_scene": ""`, 1) },
		"not json":  func(s string) string { return s[:len(s)/2] },
	} {
		if _, err := ParseConfig([]byte(mutate(string(good)))); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(`{"platform":"tiktok","origin":"https://www.tiktok.com","languages":["en"],"login":{"path":"/login","walls":["/login"],"session_cookies":["sessionid"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(data)
		if err == nil && c == nil {
			t.Fatal("nil config without error")
		}
	})
}

func TestMergePosts(t *testing.T) {
	own := []audit.Post{{ID: "1", Source: audit.SourceSettings}, {ID: "2", Source: audit.SourceSettings}}
	public := []audit.Post{{ID: "2", Source: audit.SourcePublicView, Public: true}, {ID: "3", Source: audit.SourcePublicView, Public: true}}
	golden(t, "merge_posts.golden.json", mergePosts(own, public))
}
