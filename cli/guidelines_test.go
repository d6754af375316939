package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/report"
	"chaperone/audit/report/reporttest"
	"chaperone/audit/vault"
)

func TestGuidelinesCommand(t *testing.T) {
	gs, err := audit.Guidelines()
	if err != nil {
		t.Fatal(err)
	}
	r := newRun(t, vault.Memory(), "")
	if code := Main(context.Background(), r.env, []string{"guidelines"}); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr)
	}
	for _, g := range gs {
		if !strings.Contains(r.stdout.String(), g.ID) || !strings.Contains(r.stdout.String(), g.Name()) {
			t.Errorf("guidelines does not list %s", g.ID)
		}
	}
	r.stdout.Reset()
	if code := Main(context.Background(), r.env, []string{"guidelines", "--format", "json"}); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr)
	}
	var list []guidelineSummary
	if err := json.Unmarshal(r.stdout.Bytes(), &list); err != nil || len(list) != len(gs) || !list[0].Default {
		t.Fatalf("json list %+v, %v", list, err)
	}
	r.stdout.Reset()
	if code := Main(context.Background(), r.env, []string{"guidelines", "rcgp-2013"}); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr)
	}
	if out := r.stdout.String(); !strings.Contains(out, "RCGP-10") || !strings.Contains(out, "by hand:") {
		t.Errorf("guideline detail:\n%s", out)
	}
	for _, args := range [][]string{{"guidelines", "nope"}, {"audit", "--demo", "--guideline", "nope"}, {"report", "--out", "r.pdf", "--guideline", "nope"}} {
		r.stderr.Reset()
		if code := Main(context.Background(), r.env, args); code != ExitUsage || !strings.Contains(r.stderr.String(), "bma-2011") {
			t.Errorf("%v: exit %d, %s (want a usage error listing the guidelines)", args, code, r.stderr)
		}
	}
}

// `report --guideline` scores a stored audit against other guidance, and
// `--combined` adds the appendix.
func TestReportUnderAnotherGuideline(t *testing.T) {
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	rcgp, err := audit.GuidelineByID("rcgp-2013")
	if err != nil {
		t.Fatal(err)
	}
	r := newRun(t, vault.Memory(), "")
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	prev, cur := reporttest.Results(g, now.AddDate(0, -3, 0), now)
	save := SaveToHistory(r.env)
	for _, res := range []*audit.Result{prev, cur} {
		if err := save(res); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "r.json")
	if code := Main(context.Background(), r.env, []string{"report", "--out", out, "--guideline", "rcgp-2013", "--combined"}); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep report.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Guideline.ID != rcgp.ID || len(rep.Clauses) == 0 || rep.Combined == nil || len(rep.Trend) != 2 || !rep.Changes.Comparable {
		t.Fatalf("report guideline %s, %d clauses, combined %v, %d trend points, comparable %v",
			rep.Guideline.ID, len(rep.Clauses), rep.Combined != nil, len(rep.Trend), rep.Changes.Comparable)
	}
	for _, c := range rep.Clauses {
		if !strings.HasPrefix(c.ID, "RCGP-") {
			t.Errorf("report under RCGP cites %s", c.ID)
		}
	}
	if !strings.Contains(r.stdout.String(), rcgp.Title) {
		t.Errorf("stdout %q does not name the guideline", r.stdout)
	}
}
