package x

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

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from what was read:\n%s", path, got)
	}
}

func TestParseGolden(t *testing.T) {
	for _, tc := range []struct {
		in    string
		parse func([]byte) (chunk, error)
	}{
		{"followers.json", parseTimeline},
		{"following_end.json", parseTimeline},
		{"tweets.json", parseTimeline},
		{"incoming.json", parseIncoming},
		{"error.json", parseTimeline},
	} {
		t.Run(tc.in, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tc.in))
			if err != nil {
				t.Fatal(err)
			}
			c, err := tc.parse(body)
			out := struct {
				Chunk chunk
				Err   string `json:",omitempty"`
			}{Chunk: c}
			if err != nil {
				out.Err = err.Error()
			}
			b, _ := json.MarshalIndent(out, "", "  ")
			golden(t, strings.TrimSuffix(tc.in, ".json")+".golden", append(b, '\n'))
		})
	}
}

func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in     string
		lo, hi int
		ok     bool
	}{
		{"87", 87, 87, true}, {"1,234", 1234, 1234, true}, {"12.3K", 12250, 12349, true}, {"12K", 11500, 12499, true},
		{"1.2M", 1150000, 1249999, true}, {"0", 0, 0, true}, {"", 0, 0, false}, {"1.2.3K", 0, 0, false}, {"-4", 0, 0, false},
		{"K", 0, 0, false}, {"12 K", 0, 0, false}, {"٣", 0, 0, false},
	} {
		lo, hi, ok := parseCount(tc.in)
		if lo != tc.lo || hi != tc.hi || ok != tc.ok {
			t.Errorf("parseCount(%q) = %d, %d, %v; want %d, %d, %v", tc.in, lo, hi, ok, tc.lo, tc.hi, tc.ok)
		}
	}
}

func TestParseSession(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		want  audit.Session
	}{
		{[]string{"Linux", "Chrome", "Hollingford, England, United Kingdom · Active now", "›"},
			audit.Session{Platform: audit.X, Device: "Linux (Chrome)", Location: "Hollingford, England, United Kingdom", LastActive: "Active now", Current: true}},
		{[]string{"iPhone", "3 days ago"}, audit.Session{Platform: audit.X, Device: "iPhone", LastActive: "3 days ago"}},
		{nil, audit.Session{Platform: audit.X}},
	} {
		if got := parseSession(tc.lines, tc.want.Current); got != tc.want {
			t.Errorf("parseSession(%q) = %+v, want %+v", tc.lines, got, tc.want)
		}
	}
}

func TestEmbeddedConfig(t *testing.T) {
	c, err := LoadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if c.Origin != "https://x.com" || c.Platform != audit.X {
		t.Errorf("origin %q platform %q", c.Origin, c.Platform)
	}
	checks, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	facts := map[string]bool{}
	for _, ch := range checks {
		for _, f := range ch.Facts {
			facts[f] = true
		}
	}
	// Every fact the adapter reads with a verdict of its own has a check,
	// and every X check's fact is one the adapter reads.
	reads := map[string]bool{}
	a := &auditor{c: c}
	for _, id := range a.allFactIDs() {
		reads[id] = true
	}
	counts := map[string]bool{c.Followers.ID: true, c.Following.ID: true}
	for id := range reads {
		if !facts[id] && !counts[id] {
			t.Errorf("fact %s has no check", id)
		}
	}
	for _, ch := range checks {
		for _, f := range ch.Facts {
			if strings.HasPrefix(f, "x.") && !reads[f] && f != c.PublicView.KindID {
				t.Errorf("check %s reads %s, which the adapter never reads", ch.ID, f)
			}
		}
	}
	if len(c.ops()) < 4 {
		t.Errorf("ops %v", c.ops())
	}
}

func TestConfigRejects(t *testing.T) {
	good, err := os.ReadFile("../../assets/platforms/x.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(map[string]any){
		"http origin":     func(m map[string]any) { m["origin"] = "http://x.com" },
		"no ops":          func(m map[string]any) { m["followers"].(map[string]any)["ops"] = []any{} },
		"no count words":  func(m map[string]any) { delete(m["following"].(map[string]any), "count_words") },
		"no empty words":  func(m map[string]any) { delete(m["requests"].(map[string]any), "empty") },
		"unknown key":     func(m map[string]any) { m["query_ids"] = map[string]any{"Followers": "abc"} },
		"no handle":       func(m map[string]any) { m["followers"].(map[string]any)["path"] = "/followers" },
		"two-factor page": func(m map[string]any) { m["two_factor"].(map[string]any)["page"] = "nowhere" },
	} {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		b, _ := json.Marshal(m)
		if _, err := ParseConfig(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ParseConfig(good); err != nil {
		t.Errorf("the shipped file: %v", err)
	}
}

func FuzzParseTimeline(f *testing.F) {
	for _, n := range []string{"followers.json", "following_end.json", "tweets.json", "error.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := parseTimeline(body)
		if err != nil && (len(c.People) > 0 || len(c.Tweets) > 0) {
			t.Fatal("items returned with an error")
		}
		for _, p := range c.People {
			if p.ID == "" || p.Handle == "" {
				t.Fatalf("person without ID or handle: %+v", p)
			}
		}
		for _, tw := range c.Tweets {
			if tw.ID == "" {
				t.Fatal("post without ID")
			}
		}
	})
}

func FuzzParseIncoming(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "incoming.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"ids":[1,2],"next_cursor_str":"0"}`))
	f.Add([]byte(`{"users":[]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := parseIncoming(body)
		if err == nil && c.End != (c.Bottom == "0" || c.Bottom == "") {
			t.Fatalf("end %v with cursor %q", c.End, c.Bottom)
		}
		for _, p := range c.People {
			if p.ID == "" || p.Handle == "" {
				t.Fatalf("request without ID or handle: %+v", p)
			}
		}
	})
}

func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"87", "1,234", "12.3K", "1M", "", "9.99K"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lo, hi, ok := parseCount(s)
		if ok && (lo < 0 || hi < lo) {
			t.Fatalf("parseCount(%q) = %d..%d", s, lo, hi)
		}
	})
}

func FuzzParseConfig(f *testing.F) {
	b, err := os.ReadFile("../../assets/platforms/x.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(data)
		if err == nil && (c.Origin == "" || len(c.ops()) == 0) {
			t.Fatalf("accepted a config without origin or ops: %q", data)
		}
	})
}

func FuzzParseSession(f *testing.F) {
	f.Add("Linux\nChrome\nHollingford · Active now")
	f.Fuzz(func(t *testing.T, s string) {
		se := parseSession(strings.Split(s, "\n"), false)
		if se.Platform != audit.X || se.Current {
			t.Fatalf("%+v", se)
		}
	})
}
