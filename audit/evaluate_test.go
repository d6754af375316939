package audit

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

var testNow = time.Date(2026, 11, 23, 14, 5, 0, 0, time.UTC)

func loadSnapshot(t *testing.T, name string) *Snapshot {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := DecodeSnapshot(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func bma(t testing.TB) *Guideline {
	t.Helper()
	g, err := DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// golden is what a golden file holds: the findings and the score.
type golden struct {
	Findings []Finding `json:"findings"`
	Score    Score     `json:"score"`
}

func TestGoldenFindings(t *testing.T) {
	names, err := filepath.Glob("testdata/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no test snapshots: %v", err)
	}
	g := bma(t)
	for _, path := range names {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			res := Evaluate(loadSnapshot(t, name), shipped(t), g, testNow)
			got, err := json.MarshalIndent(golden{res.Findings, res.Score}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			gp := filepath.Join("testdata", "golden", name)
			if *update {
				if err := os.WriteFile(gp, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(gp)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("findings differ from %s; run go test -update and review the diff", gp)
			}
		})
	}
}

// findingFor returns the only finding of a check on a platform.
func findingFor(t *testing.T, res *Result, checkID string) Finding {
	t.Helper()
	var out []Finding
	for _, f := range res.Findings {
		if f.CheckID == checkID {
			out = append(out, f)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%s: want 1 finding, got %d", checkID, len(out))
	}
	return out[0]
}

// The demo persona is a GP with deliberately poor settings; these are the
// verdicts the guidance supports, independent of the golden files.
func TestDemoPersonaVerdicts(t *testing.T) {
	res := Evaluate(loadSnapshot(t, "demo-gp.json"), shipped(t), bma(t), testNow)
	want := map[string]Status{
		"facebook.future_posts_audience":        Fail,
		"facebook.past_posts_limited":           Warn,
		"facebook.friends_list_visibility":      Fail,
		"facebook.friend_requests_from":         Fail,
		"facebook.lookup_email":                 Fail,
		"facebook.lookup_phone":                 Pass,
		"facebook.search_engine_link":           Fail,
		"facebook.tag_review":                   Warn,
		"facebook.two_factor":                   Pass,
		"facebook.login_alerts":                 Warn,
		"facebook.timeline_review":              Warn,
		"facebook.tagged_visibility":            Warn,
		"facebook.others_post_visibility":       Pass,
		"facebook.who_can_follow":               Warn,
		"facebook.followers_visibility":         Fail,
		"facebook.two_factor_method":            Warn,
		"facebook.sessions":                     Warn,
		"facebook.pending_requests":             Warn,
		"facebook.connection_security":          NA,
		"facebook.public_view.friends_list":     Fail,
		"facebook.public_view.posts":            Fail,
		"facebook.public_view.workplace":        Warn,
		"facebook.public_view.photos":           Warn,
		"facebook.public_view.hometown":         Pass,
		"facebook.public_view_matches_settings": NA,
		// The persona's one public post has no picture and no clinical
		// content, and only Facebook is audited.
		"pictures.clinical_areas":             NA,
		"profile.named_clinical_advice":       NA,
		"profile.personal_professional_links": NA,
	}
	for id, st := range want {
		f := findingFor(t, res, id)
		if f.Status != st {
			t.Errorf("%s: status %s, want %s (%s)", id, f.Status, st, f.Reason)
		}
		if len(f.Evidence) == 0 || len(f.Clauses) == 0 {
			t.Errorf("%s: missing evidence or clauses: %+v", id, f)
		}
		if problem := f.Status == Fail || f.Status == Warn; problem != (f.Remediation != "") {
			t.Errorf("%s: %s with remediation %q", id, f.Status, f.Remediation)
		}
	}
	if n := len(res.Findings); n != len(want) {
		t.Errorf("%d findings, want %d (only Facebook was audited)", n, len(want))
	}
	s := findingFor(t, res, "facebook.sessions")
	for _, dev := range []string{"Safari on iPhone", "Chrome on Windows"} {
		if !strings.Contains(s.Reason, dev) {
			t.Errorf("sessions reason does not list %q: %s", dev, s.Reason)
		}
	}
	if strings.Contains(s.Reason, "Chromium on Linux") {
		t.Errorf("sessions reason lists the current device as another: %s", s.Reason)
	}
	cs := findingFor(t, res, "facebook.connection_security")
	if !strings.Contains(cs.Reason, "demo on this computer") {
		t.Errorf("loopback N/A should say it is the demo: %s", cs.Reason)
	}
	fr := findingFor(t, res, "facebook.friend_requests_from")
	if fr.FixURL != "http://127.0.0.1:41235/settings/?tab=how_people_find_and_contact_you" {
		t.Errorf("fix URL %q not on the sandbox base", fr.FixURL)
	}
	if fr.Evidence[0].What != "Who can send you friend requests? = Everyone" || fr.Evidence[0].URL == "" || fr.Evidence[0].At.IsZero() || fr.Evidence[0].Screenshot == "" {
		t.Errorf("evidence incomplete: %+v", fr.Evidence[0])
	}
	pr := findingFor(t, res, "facebook.pending_requests")
	for _, name := range []string{"Sam", "Jo"} {
		if strings.Contains(pr.Reason, name) || strings.Contains(pr.Evidence[0].What, name) {
			t.Errorf("pending-requests finding names a connection")
		}
	}
	if res.Score.Overall <= 0 || res.Score.Overall >= 60 {
		t.Errorf("demo score %d: a poorly set account should score low but above zero", res.Score.Overall)
	}
}

func TestConservativeAccountPasses(t *testing.T) {
	res := Evaluate(loadSnapshot(t, "conservative.json"), shipped(t), bma(t), testNow)
	for _, f := range res.Findings {
		// A check that does not apply (no picture to place, say) is no fault.
		if f.Status != Pass && f.Status != NA {
			t.Errorf("%s/%s: %s (%s)", f.Platform, f.CheckID, f.Status, f.Reason)
		}
		if strings.HasPrefix(f.FixURL, "http://") {
			t.Errorf("%s: fix URL %q should be the real https site", f.CheckID, f.FixURL)
		}
	}
	if res.Score.Overall != 100 {
		t.Errorf("score %d, want 100", res.Score.Overall)
	}
	for _, p := range []Platform{Facebook, Instagram, X} {
		if res.Score.PerPlatform[p] != 100 {
			t.Errorf("%s score %d, want 100", p, res.Score.PerPlatform[p])
		}
	}
	// A PASS offers no remedy.
	for _, f := range res.Findings {
		if f.Remediation != "" || f.FixURL != "" {
			t.Errorf("%s: PASS shows remediation %q / fix %q", f.CheckID, f.Remediation, f.FixURL)
		}
	}
	// The fix link of a profile check is built on the audited profile.
	s := loadSnapshot(t, "conservative.json")
	s.SetFact(Fact{ID: "facebook.public_view.workplace", Value: Visible, Source: SourcePublicView, At: testNow})
	if got := findingFor(t, Evaluate(s, shipped(t), bma(t), testNow), "facebook.public_view.workplace").FixURL; got != "https://www.facebook.com/dr.careful/about" {
		t.Errorf("profile fix URL %q", got)
	}
}

func TestMissingFactsAndErrors(t *testing.T) {
	res := Evaluate(loadSnapshot(t, "missing-facts.json"), shipped(t), bma(t), testNow)
	cases := []struct {
		check  string
		status Status
		reason string
	}{
		{"facebook.future_posts_audience", Unknown, "not found on the privacy page"},
		{"facebook.two_factor", Unknown, "security page timed out"},
		{"facebook.login_alerts", Unknown, "not read"},
		{"facebook.lookup_email", Unknown, "does not recognise"},
		{"facebook.public_view.posts", Unknown, "profile page did not load"},
		{"facebook.friends_list_visibility", Warn, ""},
		{"facebook.friend_requests_from", Pass, ""},
		{"facebook.connection_security", Fail, "http://www.facebook.com/settings?tab=security"},
		{"facebook.public_view_matches_settings", Fail, "restrict your friends list"},
		{"facebook.sessions", Unknown, "not read"},
		{"facebook.pending_requests", Unknown, "not read"},
	}
	for _, c := range cases {
		f := findingFor(t, res, c.check)
		if f.Status != c.status || !strings.Contains(f.Reason, c.reason) {
			t.Errorf("%s: %s %q, want %s containing %q", c.check, f.Status, f.Reason, c.status, c.reason)
		}
	}

	// A platform behind a login wall was not audited: no findings, no
	// score, and it is listed with why and what to do.
	wall := Evaluate(loadSnapshot(t, "login-wall.json"), shipped(t), bma(t), testNow)
	for _, f := range wall.Findings {
		if f.Platform == Facebook || f.Platform == Instagram || f.Platform == X {
			t.Errorf("%s/%s: finding for a platform that was not audited", f.Platform, f.CheckID)
		}
	}
	if _, ok := wall.Score.PerPlatform[Facebook]; ok {
		t.Errorf("Facebook scored although it was not read: %v", wall.Score.PerPlatform)
	}
	if _, ok := wall.Score.PlatformCounts[Facebook]; ok {
		t.Errorf("Facebook counted although it was not read: %v", wall.Score.PlatformCounts)
	}
	na := wall.NotAudited()
	if len(na) != 1 || na[0].Platform != Facebook || na[0].Problem != ProblemLogin || !strings.Contains(na[0].Action, "Log in again") {
		t.Errorf("not audited: %+v", na)
	}
	if wall.Complete() || !wall.AnyRead() {
		t.Errorf("login wall audit: complete %v, any read %v", wall.Complete(), wall.AnyRead())
	}
	if f := findingFor(t, wall, "tiktok.connection_security"); f.Status != NA {
		t.Errorf("export-only platform: connection security %s, want N/A", f.Status)
	}
	if f := findingFor(t, wall, "linkedin.email_visible"); f.Status != Fail {
		t.Errorf("linkedin email visible to everyone: %s", f.Status)
	}
}

// For every check and platform: covered, but nothing read, must never PASS
// and must say why.
func TestAbsentFactNeverPasses(t *testing.T) {
	for _, variant := range []struct {
		name string
		cov  func(p Platform) Coverage
	}{
		{"nothing read", func(p Platform) Coverage {
			return Coverage{Platform: p, Source: SourceSettings, Started: testNow}
		}},
		{"coverage error", func(p Platform) Coverage {
			return Coverage{Platform: p, Source: SourceSettings, Started: testNow, Error: "timed out waiting for the login page"}
		}},
		{"export", func(p Platform) Coverage {
			return Coverage{Platform: p, Source: SourceExport, Started: testNow}
		}},
	} {
		for _, c := range shipped(t) {
			for _, p := range c.Platforms {
				s := NewSnapshot(testNow)
				s.Coverage = []Coverage{variant.cov(p)}
				res := Evaluate(s, shipped(t), bma(t), testNow)
				if strings.HasPrefix(variant.name, "coverage") && len(res.Findings) > 0 {
					t.Errorf("%s on %s: a platform that stopped has %d findings; it was not audited", c.ID, p, len(res.Findings))
				}
				for _, f := range res.Findings {
					if f.CheckID != c.ID {
						continue
					}
					if f.Status == Pass {
						t.Errorf("%s/%s on %s: PASS with nothing read", variant.name, c.ID, p)
					}
					if f.Reason == "" {
						t.Errorf("%s/%s on %s: no reason", variant.name, c.ID, p)
					}
				}
			}
		}
	}
}

// Every fact-reading check reports the adapter's reason for a missing fact.
func TestMissingReasonIsCited(t *testing.T) {
	for _, c := range shipped(t) {
		if len(c.Facts) == 0 {
			continue
		}
		// A check over several networks (personal and professional
		// accounts linked, say) is tried with all of them audited.
		groups := [][]Platform{c.Platforms}
		if len(c.Platforms) == 1 || !strings.Contains(c.ID, "links") {
			groups = nil
			for _, p := range c.Platforms {
				groups = append(groups, []Platform{p})
			}
		}
		for _, ps := range groups {
			s := NewSnapshot(testNow)
			for _, p := range ps {
				cov := Coverage{Platform: p, Source: SourceSettings, Missing: map[string]string{}}
				for _, id := range c.Facts {
					if strings.HasPrefix(id, string(p)+".") {
						cov.Missing[id] = "label moved (" + id + ")"
					}
				}
				s.Coverage = append(s.Coverage, cov)
			}
			res := Evaluate(s, shipped(t), bma(t), testNow)
			for _, f := range res.Findings {
				if f.CheckID == c.ID && (f.Status != Unknown || !strings.Contains(f.Reason, "label moved")) {
					t.Errorf("%s: %s %q", c.ID, f.Status, f.Reason)
				}
			}
		}
	}
}

func TestNotAuditedPlatformHasNoFindings(t *testing.T) {
	s := loadSnapshot(t, "demo-gp.json")
	s.Coverage = nil
	res := Evaluate(s, shipped(t), bma(t), testNow)
	if len(res.Findings) != 0 {
		t.Errorf("%d findings for a snapshot with no coverage", len(res.Findings))
	}
	if res.Score.Overall != 0 || len(res.Score.PerPlatform) != 0 {
		t.Errorf("score without evidence: %+v", res.Score)
	}
}

func TestEvaluateResult(t *testing.T) {
	s := loadSnapshot(t, "demo-gp.json")
	res := Evaluate(s, shipped(t), bma(t), testNow)
	if res.Schema != Schema || res.ID != "2026-11-23T14-05-00Z" {
		t.Errorf("schema %d id %q", res.Schema, res.ID)
	}
	if !res.StartedAt.Equal(s.TakenAt) || !res.FinishedAt.Equal(testNow) {
		t.Errorf("times %v %v", res.StartedAt, res.FinishedAt)
	}
	if res.Guideline.ID != "bma-2011" || res.Guideline.Version != "2011" {
		t.Errorf("guideline ref %+v", res.Guideline)
	}
	for i := 1; i < len(res.Findings); i++ {
		a, b := res.Findings[i-1], res.Findings[i]
		if StatusRank(a.Status) > StatusRank(b.Status) ||
			(a.Status == b.Status && a.CheckID > b.CheckID) {
			t.Errorf("findings out of order at %d: %s/%s before %s/%s", i, a.Status, a.CheckID, b.Status, b.CheckID)
		}
	}
	// A nil guideline still evaluates: nothing is cited, and every
	// finding is scored in the one bucket of unmapped checks.
	res = Evaluate(s, shipped(t), nil, testNow)
	if len(res.Findings) == 0 || len(res.Findings[0].Clauses) != 0 || !res.Score.Assessed() || res.Score.Overall == 0 {
		t.Errorf("evaluation without guideline: %d findings, score %d", len(res.Findings), res.Score.Overall)
	}
	// A nil snapshot is an empty audit.
	if res := Evaluate(nil, shipped(t), bma(t), testNow); res == nil || len(res.Findings) != 0 {
		t.Errorf("nil snapshot: %+v", res)
	}
}

func TestSortFindings(t *testing.T) {
	fs := []Finding{
		{CheckID: "b", Platform: X, Status: Pass},
		{CheckID: "a", Platform: X, Status: NA},
		{CheckID: "z", Platform: Facebook, Status: Warn},
		{CheckID: "a", Platform: Instagram, Status: Fail},
		{CheckID: "a", Platform: Facebook, Status: Fail},
		{CheckID: "c", Platform: Facebook, Status: Unknown},
	}
	SortFindings(fs)
	var got []string
	for _, f := range fs {
		got = append(got, string(f.Status)+" "+string(f.Platform)+" "+f.CheckID)
	}
	want := "FAIL facebook a|FAIL instagram a|UNKNOWN facebook c|WARN facebook z|PASS x b|N/A x a"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}
