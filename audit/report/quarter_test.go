package report

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/report/reporttest"
)

var (
	q3At   = time.Date(2026, 8, 20, 9, 30, 0, 0, time.UTC)
	monday = time.Date(2026, 11, 9, 10, 0, 0, 0, time.UTC)
	friday = time.Date(2026, 11, 13, 16, 0, 0, 0, time.UTC)
	q4     = Quarter{2026, 4}
)

func TestParseQuarter(t *testing.T) {
	for in, want := range map[string]Quarter{
		"2026Q4": {2026, 4}, "2026-q1": {2026, 1}, " 2027 Q2 ": {2027, 2}, "Q3 2026": {2026, 3}, "q3-2026": {2026, 3},
	} {
		got, err := ParseQuarter(in)
		if err != nil || got != want {
			t.Errorf("ParseQuarter(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2026", "2026Q5", "2026Q0", "Q4", "26Q4", "1999Q1", "2026Q4x", "latest"} {
		if q, err := ParseQuarter(bad); err == nil {
			t.Errorf("ParseQuarter(%q) = %v, want an error", bad, q)
		}
	}
	if q := QuarterOf(time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC), time.UTC); q != q4 || q.String() != "2026Q4" || q.Label() != "October to December 2026" {
		t.Errorf("QuarterOf: %v %q", q, q.Label())
	}
	if p := (Quarter{2026, 1}).Prev(); p != (Quarter{2025, 4}) {
		t.Errorf("Prev: %v", p)
	}
	// The calendar is the doctor's: 23:30 on 31 March in London is still Q1.
	london, err := time.LoadLocation("Europe/London")
	if err == nil {
		at := time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC) // 23:30 BST
		if q := QuarterOf(at, london); q != (Quarter{2026, 1}) || !q.Contains(at, london) || (Quarter{2026, 2}).Contains(at, london) {
			t.Errorf("QuarterOf in London: %v", q)
		}
	}
}

func quarterInput(t *testing.T) (QuarterInput, *audit.Result, *audit.Result, *audit.Result) {
	t.Helper()
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	prev, mon, fri := reporttest.QuarterResults(g, q3At, monday, friday)
	return QuarterInput{
		Quarter: q4, Location: time.UTC,
		Audits:   []*audit.Result{fri, mon}, // any order
		Previous: []*audit.Result{prev}, PreviousQuarter: Quarter{2026, 3},
		History:   []history.Entry{history.EntryOf(prev), history.EntryOf(mon), history.EntryOf(fri)},
		Sensitive: reporttest.WatchList,
		Now:       friday.Add(time.Hour),
	}, prev, mon, fri
}

// Facebook read on Monday and unreachable on Friday keeps Monday's
// reading, dated, with Friday named; Instagram takes Friday's reading;
// TikTok, never read, is not audited; one score over the combined
// findings; what changed is against the quarter before.
func TestBuildQuarter(t *testing.T) {
	in, prev, mon, fri := quarterInput(t)
	r, err := BuildQuarter(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Quarter == nil || r.Quarter.Quarter != "2026Q4" || r.Quarter.Label != "October to December 2026" || r.Quarter.Previous != "2026Q3" {
		t.Fatalf("quarter %+v", r.Quarter)
	}
	if len(r.Quarter.Audits) != 2 || r.Quarter.Audits[0].ID != mon.ID || !slices.Equal(r.Quarter.Audits[0].Used, []string{"Facebook"}) ||
		!slices.Equal(r.Quarter.Audits[1].Used, []string{"Instagram"}) {
		t.Fatalf("audits combined %+v", r.Quarter.Audits)
	}
	byID := map[audit.Platform]Platform{}
	for _, p := range r.Platforms {
		byID[p.ID] = p
	}
	fb, ig, tt := byID[audit.Facebook], byID[audit.Instagram], byID[audit.TikTok]
	if !fb.Audited || fb.AuditID != mon.ID || fb.ReadAt.IsZero() || fb.ReadAt.After(friday) || fb.LastAttempt == nil || fb.LastAttempt.AuditID != fri.ID ||
		!strings.Contains(fb.LastAttempt.Reason, "could not be reached") {
		t.Errorf("Facebook: %+v (last attempt %+v)", fb, fb.LastAttempt)
	}
	if !ig.Audited || ig.AuditID != fri.ID || ig.LastAttempt != nil {
		t.Errorf("Instagram: %+v", ig)
	}
	if tt.Audited || tt.Problem == "" || tt.LastAttempt == nil || tt.Scored {
		t.Errorf("TikTok: %+v", tt)
	}
	if r.Complete || !r.Scored {
		t.Errorf("complete %v scored %v: TikTok was never read", r.Complete, r.Scored)
	}

	// The one score and the one count, over exactly the findings taken.
	var want []audit.Finding
	for _, f := range mon.Findings {
		if f.Platform == audit.Facebook {
			want = append(want, f)
		}
	}
	for _, f := range fri.Findings {
		if f.Platform == audit.Instagram {
			want = append(want, f)
		}
	}
	if len(want) == 0 || slices.ContainsFunc(fri.Findings, func(f audit.Finding) bool { return f.Platform == audit.Facebook }) {
		t.Fatal("the fixture is not what the test means")
	}
	g, _ := audit.DefaultGuideline()
	score := audit.ScoreFindings(want, g, []audit.Platform{audit.Facebook, audit.Instagram})
	if r.Overall != score.Overall || r.Counts != audit.Tally(want, "") {
		t.Errorf("overall %d counts %+v; want %d %+v", r.Overall, r.Counts, score.Overall, audit.Tally(want, ""))
	}
	if fb.Score != score.PerPlatform[audit.Facebook] || ig.Score != score.PerPlatform[audit.Instagram] || fb.Counts != audit.Tally(want, audit.Facebook) {
		t.Errorf("per platform %d %d", fb.Score, ig.Score)
	}
	if r.Overall == mon.Score.Overall || r.Overall == fri.Score.Overall {
		t.Logf("the combined score %d equals a single audit's (monday %d, friday %d)", r.Overall, mon.Score.Overall, fri.Score.Overall)
	}

	// What changed: against Q3, each platform read in both.
	if !r.Changes.HasPrevious || r.Changes.PreviousID != "quarter-2026Q3" || !r.Changes.Comparable {
		t.Fatalf("changes %+v", r.Changes)
	}
	if r.Changes.ScoreDelta != r.Overall-prev.Score.Overall {
		t.Errorf("delta %d, want %d", r.Changes.ScoreDelta, r.Overall-prev.Score.Overall)
	}
	if len(r.Changes.Fixed) == 0 {
		t.Error("nothing fixed since Q3, though Monday's Facebook reading fixed several settings")
	}
	for _, c := range r.Changes.Fixed {
		if c.Platform == audit.Instagram && c.Items == 0 {
			t.Errorf("Instagram's %q is fixed, but Friday's reading has the old settings", c.Title)
		}
	}
	// The trend is the audits up to the quarter's end.
	if len(r.Trend) != 3 {
		t.Errorf("trend %+v", r.Trend)
	}

	html, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(html)), " ")
	for _, w := range []string{
		"Social media self-audit: October to December 2026", "Period</dt><dd>October to December 2026 (2026Q4)",
		"What changed since the last quarter", "Compared with July to September 2026",
		"Not readable on 13 Nov 2026", "Incomplete quarter", "Not audited this quarter",
		"Facebook · read 9 November 2026", "Instagram · read 13 November 2026",
	} {
		if !strings.Contains(flat, w) {
			t.Errorf("HTML lacks %q", w)
		}
	}
	if Title(r) != "Social media self-audit — October to December 2026" {
		t.Errorf("title %q", Title(r))
	}
	assertNoLeak(t, r)
}

func assertNoLeak(t *testing.T, r *Report) {
	t.Helper()
	var b strings.Builder
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	html, _ := HTML(r)
	b.Write(html)
	low := strings.ToLower(b.String())
	for _, s := range append(reporttest.Sensitive(), reporttest.Fingerprints...) {
		if strings.Contains(low, strings.ToLower(s)) {
			t.Errorf("the report contains third-party data (%d characters)", len(s))
		}
	}
}

func TestBuildQuarterRefuses(t *testing.T) {
	in, _, mon, _ := quarterInput(t)
	cases := map[string]func(in *QuarterInput){
		"no audits":         func(in *QuarterInput) { in.Audits = nil },
		"outside":           func(in *QuarterInput) { in.Quarter = Quarter{2027, 1} },
		"no quarter":        func(in *QuarterInput) { in.Quarter = Quarter{} },
		"previous is later": func(in *QuarterInput) { in.PreviousQuarter = Quarter{2027, 1} },
		"demo mixed in": func(in *QuarterInput) {
			d := *mon
			d.Demo, d.FinishedAt = true, mon.FinishedAt.Add(time.Hour)
			in.Audits = append(slices.Clone(in.Audits), &d)
		},
	}
	for name, mod := range cases {
		t.Run(name, func(t *testing.T) {
			c := in
			mod(&c)
			if r, err := BuildQuarter(c); err == nil {
				t.Fatalf("built %+v", r.Quarter)
			}
		})
	}
}

// Every audit scored against one guideline: one scored otherwise is
// scored again, so the combined findings are on one scale.
func TestBuildQuarterOneGuideline(t *testing.T) {
	gs, err := audit.Guidelines()
	if err != nil {
		t.Fatal(err)
	}
	other := gs[len(gs)-1]
	in, _, mon, fri := quarterInput(t)
	in.Audits = []*audit.Result{audit.Rescore(mon, nil, other), fri}
	r, err := BuildQuarter(in) // the latest audit's guideline
	if err != nil {
		t.Fatal(err)
	}
	if r.Guideline.ID != audit.DefaultGuidelineID {
		t.Fatalf("scored against %s", r.Guideline.ID)
	}
	def, _ := audit.DefaultGuideline()
	for _, it := range r.Checklist {
		for _, c := range it.Clauses {
			if !slices.ContainsFunc(def.Controls, func(ctl audit.Control) bool { return ctl.ID == c }) {
				t.Errorf("%s cites %s, not a clause of %s", it.Title, c, def.ID)
			}
		}
	}
	in.Guideline = other
	r, err = BuildQuarter(in)
	if err != nil || r.Guideline.ID != other.ID {
		t.Fatalf("asked for %s: %v %v", other.ID, r, err)
	}
}

func TestLoadQuarter(t *testing.T) {
	dir := t.TempDir()
	in, prev, mon, fri := quarterInput(t)
	st := history.New(filepath.Join(dir, history.FileName), testBox(t))
	for _, r := range []*audit.Result{prev, mon, fri} {
		if err := st.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetNotes(mon.ID, history.Notes{Learned: "Defaults are public.", Actions: []string{"Hid my friends list"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetNotes(fri.ID, history.Notes{Learned: "Instagram changed back.", Actions: []string{"Hid my friends list", "Made Instagram private"}}); err != nil {
		t.Fatal(err)
	}
	got, err := LoadQuarter(st, q4, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Audits) != 2 || len(got.Previous) != 1 || got.PreviousQuarter != (Quarter{2026, 3}) || len(got.History) != 3 {
		t.Fatalf("loaded %d audits, %d before (%v), %d entries", len(got.Audits), len(got.Previous), got.PreviousQuarter, len(got.History))
	}
	if got.Notes.Learned != "9 November 2026: Defaults are public.\n\n13 November 2026: Instagram changed back." ||
		!slices.Equal(got.Notes.Actions, []string{"Hid my friends list", "Made Instagram private"}) {
		t.Errorf("notes %+v", got.Notes)
	}
	got.Sensitive, got.Now = in.Sensitive, in.Now
	if _, err := BuildQuarter(got); err != nil {
		t.Fatal(err)
	}
	if qs := Quarters(got.History, time.UTC); !slices.Equal(qs, []Quarter{{2026, 4}, {2026, 3}}) {
		t.Errorf("Quarters = %v", qs)
	}
	// A quarter with no audit says so.
	if _, err := LoadQuarter(st, Quarter{2027, 1}, time.UTC); err == nil || !strings.Contains(err.Error(), "January to March 2027") {
		t.Errorf("empty quarter: %v", err)
	}
	// The first quarter has nothing before it.
	got, err = LoadQuarter(st, Quarter{2026, 3}, time.UTC)
	if err != nil || len(got.Previous) != 0 {
		t.Fatalf("Q3: %v, %d before", err, len(got.Previous))
	}
	r, err := BuildQuarter(got)
	if err != nil || r.Changes.HasPrevious {
		t.Fatalf("Q3 report: %v", err)
	}
}
