package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/report/reporttest"
	"chaperone/audit/vault"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	prevAt = time.Date(2026, 8, 20, 9, 30, 0, 0, time.UTC)
	curAt  = time.Date(2026, 11, 23, 10, 15, 0, 0, time.UTC)
)

func demo(t *testing.T) (*Report, *audit.Result, *audit.Result) {
	t.Helper()
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	prev, cur := reporttest.Results(g, prevAt, curAt)
	r, err := Build(Input{
		Current: cur, Previous: prev, Guideline: g,
		History: []history.Entry{history.EntryOf(prev), history.EntryOf(cur)},
		Doctor:  Doctor{Name: " Dr Test Doctor ", GMC: "1234567"},
		Notes: history.Notes{Found: "found", Learned: "learned", Changed: "changed", WillDo: "will do",
			Actions: []string{" Turned on 2FA ", ""}},
		Sensitive: reporttest.WatchList,
		Now:       curAt.Add(time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	return r, prev, cur
}

func TestBuild(t *testing.T) {
	r, prev, cur := demo(t)
	if r.Doctor.Name != "Dr Test Doctor" || r.Overall != cur.Score.Overall || r.Audit.ID != cur.ID {
		t.Fatalf("header: %+v", r)
	}
	if r.Guideline.ID != "bma-2011" || r.Guideline.URL == "" || r.Guideline.Publisher == "" {
		t.Fatalf("guideline %+v", r.Guideline)
	}
	if len(r.Actions) != 1 || r.Actions[0] != "Turned on 2FA" {
		t.Fatalf("actions %q", r.Actions)
	}
	// Every finding is counted once; per-item ones only in Review.
	if r.Counts.Total() != len(cur.Findings) {
		t.Fatalf("counted %d of %d findings", r.Counts.Total(), len(cur.Findings))
	}
	perItem := 0
	for _, f := range cur.Findings {
		if f.Subject != "" {
			perItem++
		}
	}
	reviewed := 0
	for _, g := range r.Review {
		reviewed += g.Counts.Total()
	}
	if reviewed != perItem || len(r.Checklist) != len(cur.Findings)-perItem {
		t.Fatalf("review %d (want %d), checklist %d", reviewed, perItem, len(r.Checklist))
	}
	// Checklist: platforms in order, worst first within each.
	for i := 1; i < len(r.Checklist); i++ {
		a, b := r.Checklist[i-1], r.Checklist[i]
		if platformIndex(a.Platform) > platformIndex(b.Platform) ||
			a.Platform == b.Platform && audit.StatusRank(a.Status) > audit.StatusRank(b.Status) {
			t.Fatalf("checklist out of order at %d: %s %s then %s %s", i, a.Platform, a.Status, b.Platform, b.Status)
		}
	}
	if len(r.Platforms) != 2 || r.Platforms[0].ID != audit.Facebook || r.Platforms[0].Posts != 3 || r.Platforms[0].Connections != 43 ||
		r.Platforms[0].PendingRequests != 1 || r.Platforms[1].Problem == "" {
		t.Fatalf("platforms %+v", r.Platforms)
	}
	if len(r.Trend) != 2 || r.Trend[0].Overall != prev.Score.Overall || r.Trend[1].Overall != cur.Score.Overall {
		t.Fatalf("trend %+v", r.Trend)
	}
	if len(r.Clauses) == 0 || r.Clauses[0].Text == "" {
		t.Fatal("no clauses quoted")
	}
}

func TestChanges(t *testing.T) {
	r, prev, cur := demo(t)
	ch := r.Changes
	if !ch.HasPrevious || ch.PreviousID != prev.ID || ch.ScoreDelta != cur.Score.Overall-prev.Score.Overall {
		t.Fatalf("changes header %+v", ch)
	}
	find := func(list []Change, platform audit.Platform, check string) *Change {
		for i := range list {
			if list[i].Platform == platform && list[i].CheckID == check {
				return &list[i]
			}
		}
		return nil
	}
	if c := find(ch.Fixed, audit.Facebook, "facebook.two_factor"); c == nil || c.From != audit.Fail || c.To != audit.Pass {
		t.Fatalf("two-factor not fixed: %+v", ch.Fixed)
	}
	if c := find(ch.Fixed, audit.Facebook, "posts.identifier"); c == nil || c.Items != 2 || c.Kind != "posts" {
		t.Fatalf("deleted posts not counted as fixed: %+v", c)
	}
	if c := find(ch.Fixed, audit.Facebook, "connections.patients_connected"); c == nil || c.Items != 1 || c.Kind != "connections" {
		t.Fatalf("removed friend not counted as fixed: %+v", c)
	}
	if find(ch.Fixed, audit.Facebook, "posts.conflict_of_interest") != nil {
		t.Fatal("a still-flagged post counted as fixed")
	}

	// A fresh problem shows as new; the first audit has no comparison.
	worse := *cur
	worse.Findings = append([]audit.Finding{{CheckID: "facebook.new_check", Platform: audit.Facebook, Status: audit.Fail, Title: "A new check"},
		{CheckID: "posts.identifier", Platform: audit.Facebook, Subject: "post-9", Status: audit.Fail}}, cur.Findings...)
	r2, err := Build(Input{Current: &worse, Previous: cur})
	if err != nil {
		t.Fatal(err)
	}
	if c := find(r2.Changes.New, audit.Facebook, "facebook.new_check"); c == nil || c.To != audit.Fail || c.From != "" {
		t.Fatalf("new problem missing: %+v", r2.Changes.New)
	}
	if c := find(r2.Changes.New, audit.Facebook, "posts.identifier"); c == nil || c.Items != 1 {
		t.Fatalf("new flagged post missing: %+v", r2.Changes.New)
	}
	first, err := Build(Input{Current: prev})
	if err != nil || first.Changes.HasPrevious || len(first.Changes.Fixed)+len(first.Changes.New) != 0 {
		t.Fatalf("first audit changes %+v, %v", first.Changes, err)
	}
	if _, err := Build(Input{}); err == nil {
		t.Fatal("report without an audit")
	}
}

// "Fixed" needs a fresh read: a problem that reads UNKNOWN now could not be
// re-checked, and a platform that was not read this time is not re-checked
// at all; nothing on either is fixed or new.
func TestChangesNeedAFreshRead(t *testing.T) {
	_, prev, cur := demo(t)
	find := func(list []Change, check string) *Change {
		for i := range list {
			if list[i].CheckID == check {
				return &list[i]
			}
		}
		return nil
	}
	// Two-factor was FAIL and is now UNKNOWN: not fixed.
	unread := *cur
	unread.Findings = nil
	for _, f := range cur.Findings {
		if f.CheckID == "facebook.two_factor" || f.CheckID == "facebook.lookup_phone" {
			f.Status, f.Reason = audit.Unknown, "not read"
		}
		unread.Findings = append(unread.Findings, f)
	}
	r, err := Build(Input{Current: &unread, Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	if find(r.Changes.Fixed, "facebook.two_factor") != nil {
		t.Error("FAIL to UNKNOWN counted as fixed")
	}
	if c := find(r.Changes.Unchecked, "facebook.two_factor"); c == nil || c.From != audit.Fail || c.To != audit.Unknown {
		t.Errorf("FAIL to UNKNOWN not shown as could not be re-checked: %+v", r.Changes.Unchecked)
	}
	if c := find(r.Changes.Unchecked, "facebook.lookup_phone"); c == nil || c.From != audit.Pass {
		t.Errorf("PASS to UNKNOWN not shown as could not be re-checked: %+v", r.Changes.Unchecked)
	}

	// Facebook could not be read this time: nothing on it is fixed or
	// new, and the report says it was not re-checked.
	down := *cur
	snap := *cur.Snapshot
	snap.Coverage = append([]audit.Coverage(nil), cur.Snapshot.Coverage...)
	snap.Coverage[0].Error, snap.Coverage[0].Problem = "opening the settings: connection refused", audit.ProblemUnreachable
	down.Snapshot = &snap
	down.Findings = nil
	for _, f := range cur.Findings {
		if f.Platform != audit.Facebook {
			down.Findings = append(down.Findings, f)
		}
	}
	r, err = Build(Input{Current: &down, Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(r.Changes.Fixed, r.Changes.New...) {
		if c.Platform == audit.Facebook {
			t.Errorf("change on a platform that was not read: %+v", c)
		}
	}
	if len(r.Changes.NotRechecked) != 1 || r.Changes.NotRechecked[0] != "Facebook" || r.Changes.Comparable {
		t.Errorf("not re-checked %v, comparable %v", r.Changes.NotRechecked, r.Changes.Comparable)
	}
	if r.Complete || len(r.Platforms) != 2 || r.Platforms[0].Audited || r.Platforms[0].Scored || !strings.Contains(r.Platforms[0].Problem, "could not be reached") || r.Platforms[0].Action == "" {
		t.Errorf("not-audited platform summary: complete %v, %+v", r.Complete, r.Platforms)
	}
	html, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"incomplete audit", "not audited", "could not be reached", "not re-checked"} {
		if !strings.Contains(strings.ToLower(string(html)), want) {
			t.Errorf("report HTML does not say %q", want)
		}
	}
	if strings.Contains(string(html), "no longer flagged") {
		t.Error("report of an audit that could not read Facebook says its posts are no longer flagged")
	}
}

// Nothing a third party could be identified by reaches any output format.
func TestNoPatientDataInAnyFormat(t *testing.T) {
	r, _, _ := demo(t)
	html, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	var js, cs bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&cs, r); err != nil {
		t.Fatal(err)
	}
	footer, err := FooterHTML(r)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"html": string(html), "json": js.String(), "csv": cs.String(), "footer": footer} {
		low := strings.ToLower(out)
		for _, s := range append(reporttest.Sensitive(), reporttest.Fingerprints...) {
			if strings.Contains(low, strings.ToLower(s)) {
				t.Errorf("%s output contains third-party data (%d characters)", name, len(s))
			}
		}
	}
}

func TestRedactor(t *testing.T) {
	s := audit.NewSnapshot(curAt)
	s.Posts = []audit.Post{{Text: "Saw the lady from Upper Wobbleton at the surgery again today"}, {Text: "Hi"}}
	s.Connections = []audit.Connection{{Name: "Will Brightwater-Jones", Handle: "will.bj"}}
	red := newRedactor(s, []string{"Mrs Agatha Pennyfeather"})
	tests := []struct {
		text string
		leak bool
	}{
		{"Who can see your future posts? = Public", false},
		{"You will be alerted to new logins.", false}, // "will" lower-case is a word, not the friend
		{"Matches Will", true},
		{"friend brightwater-jones is public", true},
		{"quoted: \"from upper wobbleton at\"", true},
		{"Pennyfeather", true},
		{"Mrs A. Pennyfeather", true},
		{"mrs", false},
		{"hi", true}, // a whole short post
		{"", false},
	}
	for _, tc := range tests {
		if got := red.leaks(tc.text); got != tc.leak {
			t.Errorf("leaks(%q) = %v, want %v", tc.text, got, tc.leak)
		}
	}
	if red.clean("Pennyfeather joined") != withheld || red.clean("fine") != "fine" {
		t.Fatal("clean")
	}
}

// TestRedactorFreesOwnDetails: the doctor's own profile name and the
// places of their own sessions are not a third party's, even when a
// relative or a local club among the connections shares a word of them.
func TestRedactorFreesOwnDetails(t *testing.T) {
	s := audit.NewSnapshot(curAt)
	s.Connections = []audit.Connection{{Name: "Tom Bennett"}, {Name: "Hollingford Town FC"}, {Name: "Sarah Bennett"}}
	s.Facts["facebook.public_view.name"] = audit.Fact{ID: "facebook.public_view.name", Value: "Sarah Bennett"}
	s.Sessions = []audit.Session{{Platform: audit.Instagram, Device: "iPhone", Location: "Hollingford, United Kingdom"}}
	red := newRedactor(s, nil)
	for _, tc := range []struct {
		text string
		leak bool
	}{
		{"Your public profile shows the name “Sarah Bennett”.", false},
		{"Logged in on an iPhone, Hollingford, United Kingdom.", false},
		{"Tom Bennett is among your friends", true},
		{"Tom is public", true},
		{"Hollingford Town FC follows you", true},
	} {
		if got := red.leaks(tc.text); got != tc.leak {
			t.Errorf("leaks(%q) = %v, want %v", tc.text, got, tc.leak)
		}
	}
}

func TestJSONAndCSV(t *testing.T) {
	r, _, _ := demo(t)
	var js bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Overall != r.Overall || len(back.Checklist) != len(r.Checklist) || back.Reflection != r.Reflection || back.Schema != Schema {
		t.Fatal("JSON does not round-trip")
	}
	var cs bytes.Buffer
	if err := WriteCSV(&cs, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]int{}
	for _, row := range rows[1:] {
		if len(row) != 7 {
			t.Fatalf("row with %d cells", len(row))
		}
		sections[row[0]]++
	}
	if sections["checklist"] != len(r.Checklist) || sections["fixed"] != len(r.Changes.Fixed) || sections["reflection"] != 4 || sections["platform"] != 8 {
		t.Fatalf("csv sections %v", sections)
	}

	dir := t.TempDir()
	for _, ext := range []string{".json", ".csv", ".html"} {
		p := filepath.Join(dir, "r"+ext)
		if err := WriteFile(p, r); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", ext, fi, err)
		}
	}
	if err := WriteFile(filepath.Join(dir, "r.docx"), r); err == nil {
		t.Fatal("unknown format accepted")
	}
}

func TestTrendSVG(t *testing.T) {
	// Dates on the axis are local; pin the zone so the golden file holds.
	defer func(l *time.Location) { time.Local = l }(time.Local)
	time.Local = time.UTC
	day := func(m time.Month) time.Time { return time.Date(2026, m, 1, 12, 0, 0, 0, time.UTC) }
	ts := []TrendPoint{
		{AuditID: "a", At: day(2), Overall: 30, PerPlatform: map[audit.Platform]int{audit.Facebook: 20}},
		{AuditID: "b", At: day(5), Overall: 60, PerPlatform: map[audit.Platform]int{audit.Facebook: 55, audit.X: 70}},
		{AuditID: "c", At: day(8), Overall: 85, PerPlatform: map[audit.Platform]int{audit.Facebook: 90, audit.X: 80}},
	}
	svg := TrendSVG(ts, 640, 240)
	// Well-formed XML.
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("SVG is not well-formed: %v", err)
			}
			break
		}
	}
	if n := strings.Count(svg, "<polyline"); n != 3 {
		t.Fatalf("%d lines, want overall, Facebook and X", n)
	}
	for _, w := range []string{"Overall 85", "Facebook 90", "X 80", "Feb 2026", "Aug 2026"} {
		if !strings.Contains(svg, w) {
			t.Errorf("SVG lacks %q", w)
		}
	}
	golden := filepath.Join("testdata", "trend.svg")
	if *update {
		if err := os.WriteFile(golden, []byte(svg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != svg {
		t.Fatal("trend SVG differs from testdata/trend.svg (run with -update after checking it)")
	}
	if one := TrendSVG(ts[:1], 640, 240); strings.Contains(one, "<polyline") || !strings.Contains(one, "after your next audit") {
		t.Fatal("single-audit chart")
	}
	if none := TrendSVG(nil, 640, 240); !strings.Contains(none, "No audits yet") {
		t.Fatal("empty chart")
	}
}

func TestHumanise(t *testing.T) {
	for in, want := range map[string]string{
		"connections.possible_patient": "Connections: possible patient",
		"x":                            "X",
		"":                             "Unnamed check",
	} {
		if got := humanise(in); got != want {
			t.Errorf("humanise(%q) = %q", in, got)
		}
	}
}

func TestLoadFromStore(t *testing.T) {
	dir := t.TempDir()
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	prev, cur := reporttest.Results(g, prevAt, curAt)
	st := history.New(filepath.Join(dir, history.FileName), testBox(t))
	for _, r := range []*audit.Result{prev, cur} {
		if err := st.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetNotes(cur.ID, history.Notes{Learned: "a lot"}); err != nil {
		t.Fatal(err)
	}
	in, err := Load(st, "latest")
	if err != nil {
		t.Fatal(err)
	}
	if in.Current.ID != cur.ID || in.Previous == nil || in.Previous.ID != prev.ID || len(in.History) != 2 || in.Notes.Learned != "a lot" {
		t.Fatalf("input %+v", in)
	}
	in, err = Load(st, prev.ID)
	if err != nil || in.Previous != nil {
		t.Fatalf("first audit input: %+v, %v", in.Previous, err)
	}
	if _, err := Load(st, "missing"); err == nil {
		t.Fatal("missing audit")
	}

	p := filepath.Join(dir, "sub", DoctorFile)
	if d, err := LoadDoctor(p); err != nil || d != (Doctor{}) {
		t.Fatalf("no details yet: %+v %v", d, err)
	}
	if err := SaveDoctor(p, Doctor{Name: "Dr A", GMC: "1"}); err != nil {
		t.Fatal(err)
	}
	if d, err := LoadDoctor(p); err != nil || d.Name != "Dr A" || d.GMC != "1" {
		t.Fatalf("details %+v %v", d, err)
	}
}

func testBox(t *testing.T) *vault.Box {
	t.Helper()
	b, err := vault.NewBox(vault.Memory(), history.KeyName)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
