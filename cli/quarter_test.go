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

func TestReportQuarter(t *testing.T) {
	r := newRun(t, vault.Memory(), "")
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	monday := time.Date(2026, 11, 9, 12, 0, 0, 0, time.UTC)
	prev, mon, fri := reporttest.QuarterResults(g, time.Date(2026, 8, 20, 12, 0, 0, 0, time.UTC), monday, monday.AddDate(0, 0, 4))
	save := SaveToHistory(r.env)
	for _, res := range []*audit.Result{prev, mon, fri} {
		if err := save(res); err != nil {
			t.Fatal(err)
		}
	}
	old := timeNow
	timeNow = func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { timeNow = old })

	dir := t.TempDir()
	read := func(path string) report.Report {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var rep report.Report
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatal(err)
		}
		return rep
	}
	tests := []struct {
		args    []string
		quarter string
		audits  int
	}{
		{[]string{"--quarter", "2026Q4"}, "2026Q4", 2},
		{[]string{"--quarter=2026-q4"}, "2026Q4", 2},
		{[]string{"--quarter"}, "2026Q4", 2}, // the current quarter, the flag alone at the end
		{[]string{"--quarter", "previous"}, "2026Q3", 1},
	}
	for i, tc := range tests {
		out := filepath.Join(dir, "q"+string(rune('a'+i))+".json")
		args := append([]string{"report"}, tc.args...)
		args = append(args, "--out", out)
		if i == 2 {
			args = []string{"report", "--out", out, "--quarter"}
		}
		r.stdout.Reset()
		if code := Main(context.Background(), r.env, args); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, r.stderr)
		}
		rep := read(out)
		if rep.Quarter == nil || rep.Quarter.Quarter != tc.quarter || len(rep.Quarter.Audits) != tc.audits {
			t.Fatalf("%v: quarter %+v", args, rep.Quarter)
		}
		if tc.quarter == "2026Q4" && !strings.Contains(r.stdout.String(), "Not read this quarter: TikTok") {
			t.Errorf("%v: the summary does not name the network never read: %s", args, r.stdout)
		}
	}
	// The flag alone before another flag is the current quarter too.
	out := filepath.Join(dir, "current.json")
	if code := Main(context.Background(), r.env, []string{"report", "--quarter", "--out", out}); code != 0 {
		t.Fatalf("--quarter --out: exit %d: %s", code, r.stderr)
	}
	if rep := read(out); rep.Quarter == nil || rep.Quarter.Quarter != "2026Q4" {
		t.Fatalf("--quarter --out: %+v", rep.Quarter)
	}

	for _, bad := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"--quarter", "2026Q7"}, 2, "not a quarter"},
		{[]string{"--quarter", "2026Q4", "--audit", "latest"}, 2, "go separately"},
		{[]string{"--quarter", "2027Q1"}, 1, "January to March 2027"},
	} {
		r.stderr.Reset()
		args := append(append([]string{"report"}, bad.args...), "--out", filepath.Join(dir, "bad.json"))
		if code := Main(context.Background(), r.env, args); code != bad.code || !strings.Contains(r.stderr.String(), bad.says) {
			t.Errorf("%v: exit %d, %q; want %d and %q", args, code, r.stderr, bad.code, bad.says)
		}
	}
}

func TestQuarterArgs(t *testing.T) {
	for in, want := range map[string]string{
		"--quarter":                "--quarter=current",
		"--quarter --out x.pdf":    "--quarter=current --out x.pdf",
		"-quarter 2026Q4 --out x":  "-quarter 2026Q4 --out x",
		"--out x --quarter=2026Q1": "--out x --quarter=2026Q1",
		"-- --quarter":             "-- --quarter",
	} {
		if got := strings.Join(quarterArgs(strings.Fields(in)), " "); got != want {
			t.Errorf("quarterArgs(%q) = %q, want %q", in, got, want)
		}
	}
}
