package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"chaperone/audit"
	"chaperone/audit/vault"
)

// loadResult reads a Result fixture from testdata.
func loadResult(t testing.TB, name string) *audit.Result {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var r audit.Result
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &r
}

// quotes is a stand-in guideline: every control ID gets a long quote.
func quotes(id string) (Clause, bool) {
	if strings.HasPrefix(id, "MISSING") {
		return Clause{}, false
	}
	return Clause{ID: id, Title: "Key points", Quote: "Doctors and medical students should consider adopting conservative privacy settings where these are available but be aware that not all information can be protected on the web."}, true
}

func statuses(rows []Row) []audit.Status {
	out := make([]audit.Status, len(rows))
	for i, r := range rows {
		out[i] = r.Status
	}
	return out
}

func TestNewChecklistFromFixture(t *testing.T) {
	r := loadResult(t, "result.json")
	cl := NewChecklist(r, quotes, time.UTC)

	if cl.Overall != 58 {
		t.Errorf("Overall = %d, want 58", cl.Overall)
	}
	if got, want := CountsText(cl.Counts), "2 FAIL · 1 UNKNOWN · 2 WARN · 3 PASS · 1 N/A"; got != want {
		t.Errorf("counts = %q, want %q", got, want)
	}
	if cl.When != "12 Mar 2026 at 14:05" {
		t.Errorf("When = %q", cl.When)
	}
	if !strings.Contains(cl.Guideline, "Using social media") || !strings.HasSuffix(cl.Guideline, "(2011)") {
		t.Errorf("Guideline = %q", cl.Guideline)
	}
	if len(cl.Groups) != 2 || cl.Groups[0].Platform != audit.Facebook || cl.Groups[1].Platform != audit.Instagram {
		t.Fatalf("groups = %+v, want facebook then instagram", cl.Groups)
	}
	fb := cl.Groups[0]
	want := []audit.Status{audit.Fail, audit.Fail, audit.Unknown, audit.Warn, audit.Warn, audit.Pass, audit.Pass, audit.Pass, audit.NA}
	if got := statuses(fb.Rows); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("facebook order = %v, want %v", got, want)
	}
	// Within FAIL, the high-severity finding comes first.
	if fb.Rows[0].Severity != audit.SeverityHigh {
		t.Errorf("first FAIL severity = %s, want high", fb.Rows[0].Severity)
	}
	if !fb.Scored || fb.Score != 64 || fb.Account != "dr.example@example.com" {
		t.Errorf("facebook group = score %d scored %v account %q", fb.Score, fb.Scored, fb.Account)
	}
	// Instagram stopped at a login wall: not audited, with why and what
	// to do, no rows and no score.
	ig := cl.Groups[1]
	if ig.Audited || ig.Scored || len(ig.Rows) != 0 || ig.Kind != audit.ProblemLogin ||
		!strings.Contains(ig.Problem, "no longer logged in") || !strings.Contains(ig.Action, "Log in again") {
		t.Errorf("instagram group = %+v", ig)
	}
	if got := CountsText(ig.Counts); got != "0 FAIL · 0 UNKNOWN · 0 WARN · 0 PASS · 0 N/A" {
		t.Errorf("instagram counts = %q", got)
	}

	top := fb.Rows[0]
	if top.Title != "Future posts are not public" || top.FixURL == "" || top.Remediation == "" {
		t.Errorf("top row = %+v", top)
	}
	if c := top.ClauseText(); !strings.HasPrefix(c, "BMA-KP1 Key points: “Doctors") || !strings.Contains(c, "; BMA-KP2") {
		t.Errorf("clause text = %q", c)
	}
	if e := top.EvidenceText(); e != "Who can see your future posts? = Public, read from your settings page on 12 Mar 2026 at 14:05" {
		t.Errorf("evidence text = %q", e)
	}
	na := fb.Rows[len(fb.Rows)-1]
	if na.EvidenceText() != "Nothing was read for this item." {
		t.Errorf("N/A evidence = %q", na.EvidenceText())
	}

	items := cl.Items()
	if len(items) != 2+len(fb.Rows)+len(ig.Rows) || !items[0].IsHeader() || items[1].IsHeader() || !items[1+len(fb.Rows)].IsHeader() {
		t.Errorf("items = %+v", items)
	}
}

func TestChecklistOrdering(t *testing.T) {
	finding := func(p audit.Platform, s audit.Status, sev audit.Severity, title string) audit.Finding {
		return audit.Finding{Platform: p, Status: s, Severity: sev, Title: title}
	}
	tests := []struct {
		name     string
		findings []audit.Finding
		want     []string
	}{
		{
			name: "status order FAIL UNKNOWN WARN PASS N/A",
			findings: []audit.Finding{
				finding(audit.X, audit.NA, "", "na"), finding(audit.X, audit.Pass, "", "pass"),
				finding(audit.X, audit.Warn, "", "warn"), finding(audit.X, audit.Unknown, "", "unknown"),
				finding(audit.X, audit.Fail, "", "fail"),
			},
			want: []string{"x:fail", "x:unknown", "x:warn", "x:pass", "x:na"},
		},
		{
			name: "severity within a status, stable otherwise",
			findings: []audit.Finding{
				finding(audit.Facebook, audit.Fail, audit.SeverityLow, "low"),
				finding(audit.Facebook, audit.Fail, audit.SeverityHigh, "high1"),
				finding(audit.Facebook, audit.Fail, audit.SeverityMedium, "medium"),
				finding(audit.Facebook, audit.Fail, audit.SeverityHigh, "high2"),
			},
			want: []string{"facebook:high1", "facebook:high2", "facebook:medium", "facebook:low"},
		},
		{
			name: "platforms in display order, unknown platforms last",
			findings: []audit.Finding{
				finding("mastodon", audit.Fail, "", "m"), finding(audit.WhatsApp, audit.Fail, "", "w"),
				finding(audit.Facebook, audit.Pass, "", "f"), finding(audit.LinkedIn, audit.Warn, "", "l"),
			},
			want: []string{"facebook:f", "linkedin:l", "whatsapp:w", "mastodon:m"},
		},
		{
			name:     "internal subject never shown",
			findings: []audit.Finding{{Platform: audit.Facebook, Status: audit.Warn, Title: "Post of 3 Mar 2026 may identify a patient", Subject: "post 42"}},
			want:     []string{"facebook:Post of 3 Mar 2026 may identify a patient"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl := NewChecklist(&audit.Result{Findings: tt.findings}, nil, time.UTC)
			var got []string
			for _, g := range cl.Groups {
				for _, r := range g.Rows {
					got = append(got, string(g.Platform)+":"+r.Title)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestChecklistCountsWithoutScore(t *testing.T) {
	r := &audit.Result{Findings: []audit.Finding{
		{Platform: audit.Facebook, Status: audit.Unknown},
		{Platform: audit.Facebook, Status: audit.Unknown},
		{Platform: audit.X, Status: audit.Fail},
	}}
	cl := NewChecklist(r, nil, time.UTC)
	if got := CountsText(cl.Counts); got != "1 FAIL · 2 UNKNOWN · 0 WARN · 0 PASS · 0 N/A" {
		t.Errorf("overall counts = %q", got)
	}
	if got := CountsText(cl.Groups[1].Counts); got != "1 FAIL · 0 UNKNOWN · 0 WARN · 0 PASS · 0 N/A" {
		t.Errorf("x counts = %q", got)
	}
	if cl.Groups[0].Scored {
		t.Error("a platform missing from PerPlatform must not look scored")
	}
}

func TestClauseLines(t *testing.T) {
	tests := []struct {
		name   string
		lookup ClauseLookup
		ids    []string
		want   string
	}{
		{"no guideline", nil, []string{"BMA-1", "BMA-2"}, "BMA-1; BMA-2"},
		{"unknown control", quotes, []string{"MISSING-9"}, "MISSING-9"},
		{"short quote kept whole", func(id string) (Clause, bool) { return Clause{ID: id, Quote: "Be  careful\n online."}, true },
			[]string{"BMA-3"}, "BMA-3: “Be careful online.”"},
		{"long quote shortened", quotes, []string{"BMA-KP2"},
			"BMA-KP2 Key points: “Doctors and medical students should consider adopting conservative privacy settings where these are available…”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRow(audit.Finding{Clauses: tt.ids}, tt.lookup, time.UTC, nil)
			if got := r.ClauseText(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEvidenceLine(t *testing.T) {
	at := time.Date(2026, 1, 2, 9, 30, 0, 0, time.UTC)
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	tests := []struct {
		name string
		ev   audit.Evidence
		loc  *time.Location
		want string
	}{
		{"settings", audit.Evidence{What: "Two-factor authentication = On", Source: audit.SourceSettings, At: at}, time.UTC,
			"Two-factor authentication = On, read from your settings page on 2 Jan 2026 at 09:30"},
		{"public view in summer time", audit.Evidence{What: "Friends list = visible", Source: audit.SourcePublicView, At: at.AddDate(0, 6, 0)}, london,
			"Friends list = visible, read from your profile as a stranger sees it on 2 Jul 2026 at 10:30"},
		{"export without time", audit.Evidence{What: "312 friends", Source: audit.SourceExport}, time.UTC,
			"312 friends, read from your data download"},
		{"nothing but what", audit.Evidence{What: "Sessions = 2"}, time.UTC, "Sessions = 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRow(audit.Finding{Evidence: []audit.Evidence{tt.ev}}, nil, tt.loc, nil)
			if got := r.EvidenceText(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProblemsMerge(t *testing.T) {
	r := loadResult(t, "result.json")
	cl := NewChecklist(r, nil, time.UTC)
	run := []PlatformProgress{
		{Platform: audit.Instagram, Name: "Instagram", Failed: true, Problem: "The saved login has expired."},
		{Platform: audit.X, Name: "X", Failed: true, Problem: "X could not be reached."},
		{Platform: audit.Facebook, Name: "Facebook", Done: true},
	}
	got := cl.Problems(run)
	ig := cl.Groups[1]
	want := []Problem{
		{Platform: audit.Instagram, Name: "Instagram", Text: ig.Problem, Action: ig.Action},
		{Platform: audit.X, Name: "X", Text: "X could not be reached."},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got := cl.Problems(nil); len(got) != 1 || got[0].Text != ig.Problem {
		t.Errorf("coverage problems = %+v", got)
	}
}

func TestSidePanel(t *testing.T) {
	got := SidePanel([]Account{
		{Platform: audit.LinkedIn, User: "dr.example"},
		DemoAccount,
		{Platform: audit.Facebook, User: "a@example.com"},
	}, []audit.Platform{audit.Facebook})
	if len(got) != len(audit.Platforms) {
		t.Fatalf("%d platforms, want %d", len(got), len(audit.Platforms))
	}
	for i, p := range got {
		if p.Platform != audit.Platforms[i] {
			t.Errorf("row %d is %s, want %s", i, p.Platform, audit.Platforms[i])
		}
	}
	if !got[0].Added() || got[0].Users[0] != "a@example.com" || len(got[0].Users) != 1 {
		t.Errorf("facebook = %+v (the demo account is not the doctor's)", got[0])
	}
	if !got[3].Added() || got[2].Added() {
		t.Errorf("linkedin added %v, x added %v", got[3].Added(), got[2].Added())
	}
	if !got[0].Live || got[3].Live || got[2].Live {
		t.Errorf("live: facebook %v, linkedin %v, x %v; want only the networks with an adapter", got[0].Live, got[3].Live, got[2].Live)
	}
}

func TestPlainError(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		explain func(error) string
		want    string
	}{
		{"nil", nil, nil, ""},
		{"cancelled", fmt.Errorf("facebook: %w", context.Canceled), nil, "Stopped before it finished."},
		{"timeout", fmt.Errorf("reading privacy settings: %w", context.DeadlineExceeded), nil,
			"The site took too long to answer. Check your internet connection and try again."},
		{"no chromium", &exec.Error{Name: "chromium", Err: exec.ErrNotFound}, nil,
			"Chromium, the browser Chaperone uses, is not installed on this computer."},
		{"network", fmt.Errorf("open: %w", &net.OpError{Op: "dial", Err: errors.New("connection refused")}), nil,
			"Could not reach the site. Check your internet connection and try again."},
		{"explained", errors.New("runner: login required"), func(error) string { return "Your login has expired. Add the account again." }, "Your login has expired. Add the account again."},
		{"explain declines", errors.New("the profile page was empty"), func(error) string { return "" }, "The profile page was empty."},
		{"other program missing", fmt.Errorf("saving: %w", &exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}), nil,
			"A program Chaperone needs, dbus-launch, is not installed on this computer."},
		{"no chain", errors.New("facebook: reading security: the page layout was not recognised"), nil,
			"The page layout was not recognised (Facebook, reading security)."},
		{"browser code", fmt.Errorf("instagram: opening the settings: page load error net::ERR_NAME_NOT_RESOLVED"), nil,
			"Could not reach the site. Check your internet connection and try again."},
		{"keyring locked", fmt.Errorf("reading the accounts: %w", vault.ErrLocked), nil,
			"Your keyring is locked. Unlock it (log in to your desktop again, or open your password manager) and try again."},
		{"keyring missing", fmt.Errorf("saving: %w", vault.ErrUnavailable), nil,
			"This computer has no keyring service running, and Chaperone keeps passwords and keys only there. Log in to a full desktop session and try again."},
		{"one part", errors.New("the profile page was empty."), nil, "The profile page was empty."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainError(tt.err, tt.explain); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProgress(t *testing.T) {
	p := NewProgress([]Account{{Platform: audit.Facebook, User: "a"}, {Platform: audit.Facebook, User: "b"}, {Platform: audit.X, User: "c"}}, nil)
	if len(p.Lines) != 2 {
		t.Fatalf("%d lines, want one per platform", len(p.Lines))
	}
	steps := []struct {
		ev       Event
		line     int
		step     string
		fraction float64
		failed   bool
	}{
		{Event{Platform: audit.Facebook, Step: "Logging in", Fraction: 0.2}, 0, "Logging in", 0.2, false},
		{Event{Platform: audit.Facebook, Step: "Reading privacy settings", Fraction: 0.1}, 0, "Reading privacy settings", 0.2, false},
		{Event{Platform: audit.Instagram, Step: "not audited"}, -1, "", 0, false},
		{Event{Platform: audit.X, Fraction: 1.5}, 1, "Waiting to start", 1, false},
		{Event{Platform: audit.X, Done: true, Err: errors.New("x: reading settings: the page asked for a login")}, 1, "Could not finish", 1, true},
		{Event{Platform: audit.X, Step: "late news after the end"}, 1, "Could not finish", 1, true},
		{Event{Platform: audit.Facebook, Done: true}, 0, "Finished", 1, false},
	}
	for i, s := range steps {
		if got := p.Apply(s.ev); got != s.line {
			t.Fatalf("step %d: line %d, want %d", i, got, s.line)
		}
		if s.line < 0 {
			continue
		}
		l := p.Lines[s.line]
		if l.Step != s.step || l.Fraction != s.fraction || l.Failed != s.failed {
			t.Errorf("step %d: line = %+v", i, l)
		}
	}
	if pr := p.Problems(); len(pr) != 1 || pr[0].Problem != "The page asked for a login (reading settings)." {
		t.Errorf("problems = %+v", pr)
	}

	q := NewProgress([]Account{DemoAccount, {Platform: audit.X}}, nil)
	if q.Lines[0].Name != "Facebook (demo)" {
		t.Errorf("demo line name = %q", q.Lines[0].Name)
	}
	q.Apply(Event{Platform: audit.X, Done: true})
	q.Stop()
	if q.Lines[0].Step != "Stopped" || !q.Lines[0].Done || q.Lines[1].Step != "Finished" {
		t.Errorf("after Stop: %+v", q.Lines)
	}
	f := NewProgress([]Account{{Platform: audit.TikTok}}, nil)
	f.Fail(context.DeadlineExceeded)
	if !f.Lines[0].Failed || !strings.Contains(f.Lines[0].Problem, "too long") {
		t.Errorf("after Fail: %+v", f.Lines[0])
	}
}

func FuzzShorten(f *testing.F) {
	f.Add("Doctors should consider adopting conservative privacy settings", 20)
	f.Add("ééééé ééé", 3)
	f.Add("", 0)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 || n > 1000 || !utf8.ValidString(s) {
			t.Skip()
		}
		got := shorten(s, n)
		if utf8.RuneCountInString(s) <= n {
			if got != s {
				t.Fatalf("shorten(%q, %d) = %q, want it unchanged", s, n, got)
			}
			return
		}
		if utf8.RuneCountInString(got) > n+1 || !strings.HasSuffix(got, "…") || !utf8.ValidString(got) {
			t.Fatalf("shorten(%q, %d) = %q", s, n, got)
		}
	})
}

// unchained never shows a chain of colons, keeps the cause's words and
// always ends as a sentence.
func FuzzUnchained(f *testing.F) {
	for _, s := range []string{"facebook: reading security: the page layout was not recognised", "login: closed", "plain", ":: ::", "a: : b", "x:y"} {
		f.Add(s, "X")
	}
	f.Fuzz(func(t *testing.T, msg, name string) {
		if strings.TrimSpace(msg) == "" {
			return
		}
		got := unchained(msg, name)
		if got == "" {
			t.Fatalf("unchained(%q) is empty", msg)
		}
		if !strings.HasSuffix(got, ".") && !strings.HasSuffix(got, "!") && !strings.HasSuffix(got, "?") {
			t.Fatalf("unchained(%q) = %q: not a sentence", msg, got)
		}
		// Never more of a chain than it was given, and none where the parts
		// are words.
		if strings.Count(got, ": ") > strings.Count(msg, ": ") {
			t.Fatalf("unchained(%q) = %q adds a chain", msg, got)
		}
		if parts := strings.Split(msg, ": "); len(parts) == 2 && !strings.Contains(parts[0]+parts[1], ":") &&
			strings.TrimSpace(parts[0]) != "" && strings.TrimSpace(parts[1]) != "" && strings.Contains(got, ": ") {
			t.Fatalf("unchained(%q) = %q still chains", msg, got)
		}
	})
}
