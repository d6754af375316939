package printer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/report"
	"chaperone/audit/report/reporttest"
)

// layoutVariants are reports laid out differently: every guideline (one
// with the combined appendix), an empty reflection, the demo, and two
// sweeps that move every later heading down the page a little at a time
// (more actions; a shorter checklist), so that headings and boxes meet
// page ends at many heights.
func layoutVariants(t *testing.T) map[string]*report.Report {
	t.Helper()
	out := map[string]*report.Report{}
	out["demo-data"] = demoReport(t)

	empty := demoReport(t)
	empty.Reflection, empty.Actions = report.Reflection{}, []string{}
	out["empty-reflection"] = empty

	demo := demoReport(t)
	demo.Demo = true
	out["demo-marked"] = demo
	out["quarter"] = quarterReport(t, true)
	out["quarter-no-notes"] = quarterReport(t, false)

	gs, err := audit.Guidelines()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		prev, cur := reporttest.Results(g, prevAt, curAt)
		r, err := report.Build(report.Input{Current: cur, Previous: prev, Now: curAt, Combined: g.ID == "rcgp-2013"})
		if err != nil {
			t.Fatal(err)
		}
		out["guideline-"+g.ID] = r
	}
	long := "I reviewed every setting the audit flagged and compared them with the guidance on keeping personal and professional life apart."
	for n := 0; n < 5; n++ {
		r := demoReport(t)
		r.Actions = nil
		for i := range n * 3 {
			r.Actions = append(r.Actions, fmt.Sprintf("Action %d: %s", i+1, long))
		}
		r.Reflection.Learned = strings.Repeat(long+" ", n%4+1)
		out[fmt.Sprintf("actions-%02d", n*3)] = r
	}
	for k := 1; k <= 4; k++ {
		r := demoReport(t)
		var kept []report.Item
		for i, it := range r.Checklist {
			if it.Platform == audit.Facebook && i < 3*k {
				continue
			}
			kept = append(kept, it)
		}
		r.Checklist = kept
		out[fmt.Sprintf("checklist-less-%02d", 3*k)] = r
	}
	return out
}

// TestReportLayout prints each variant and checks every page: no page
// ends with a heading, no bar is split, no page is blank.
func TestReportLayout(t *testing.T) {
	needBrowser(t)
	dir := t.TempDir()
	if keep := os.Getenv("CHAPERONE_KEEP_PDF_DIR"); keep != "" {
		dir = keep
	}
	vs := layoutVariants(t)
	names := make([]string, 0, len(vs))
	for n := range vs {
		names = append(names, n)
	}
	slices.Sort(names)
	pages, headings := 0, 0
	for _, name := range names {
		path := filepath.Join(dir, "layout-"+name+".pdf")
		if err := Export(context.Background(), vs[name], path, Options{}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		problems, n, h := layoutCheck(t, path)
		pages += n
		headings += h
		for _, p := range problems {
			t.Errorf("%s: %s", name, p)
		}
	}
	t.Logf("%d reports, %d pages and %d headings checked", len(names), pages, headings)
}

// quarterReport is the report of a quarter whose Facebook was read on
// Monday and not on Friday, with TikTok never read.
func quarterReport(t *testing.T, notes bool) *report.Report {
	t.Helper()
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	monday := time.Date(2026, 11, 9, 10, 0, 0, 0, time.UTC)
	prev, mon, fri := reporttest.QuarterResults(g, prevAt, monday, monday.AddDate(0, 0, 4))
	in := report.QuarterInput{
		Quarter: report.Quarter{Year: 2026, Q: 4}, Location: time.UTC,
		Audits: []*audit.Result{mon, fri}, Previous: []*audit.Result{prev}, PreviousQuarter: report.Quarter{Year: 2026, Q: 3},
		History: []history.Entry{history.EntryOf(prev), history.EntryOf(mon), history.EntryOf(fri)},
		Doctor:  report.Doctor{Name: "Dr Morwenna Testcase", GMC: "7654321"}, Sensitive: reporttest.WatchList, Now: curAt,
	}
	if notes {
		in.Notes = history.Notes{Found: "9 November 2026: Facebook shared too much.\n\n13 November 2026: Instagram had gone public again.",
			Actions: []string{"Made Instagram private again"}}
	}
	r, err := report.BuildQuarter(in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The quarter's PDF shows each network with its own date, the later
// failed read and the network never read, and no patient data.
func TestQuarterPDF(t *testing.T) {
	needBrowser(t)
	r := quarterReport(t, true)
	path := filepath.Join(t.TempDir(), "quarter.pdf")
	if keep := os.Getenv("CHAPERONE_KEEP_PDF_DIR"); keep != "" {
		path = filepath.Join(keep, "quarter.pdf")
	}
	if err := Export(context.Background(), r, path, Options{Version: "9.8.7"}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, path)
	flat := strings.Join(strings.Fields(text), " ")
	for _, w := range []string{
		"Social media self-audit: October to December 2026", "October to December 2026 (2026Q4)",
		"9 Nov 2026 (Facebook); 13 Nov 2026 (Instagram)", "Facebook (read 9 Nov 2026), Instagram (read 13 Nov 2026)",
		"Incomplete quarter", "Not readable on 13 Nov 2026", "Not audited this quarter;", "No audit this quarter read it (last tried 13 Nov 2026).",
		"What changed since the last quarter", "Compared with July to September 2026",
		"Facebook · read 9 November 2026", "Instagram · read 13 November 2026",
		"Social media self-audit · Dr Morwenna Testcase · October to December 2026",
	} {
		if !strings.Contains(flat, w) {
			t.Errorf("the quarter's PDF lacks %q", w)
		}
	}
	assertNoPatientData(t, text)
	if problems, _ := layoutProblems(t, path); len(problems) > 0 {
		t.Errorf("layout: %q", problems)
	}
}
