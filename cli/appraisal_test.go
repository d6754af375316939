package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/remind"
	"chaperone/audit/report/reporttest"
	"chaperone/audit/vault"
)

func TestHistoryReportRemind(t *testing.T) {
	kr := vault.Memory()
	r := newRun(t, kr, "")
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	prev, cur := reporttest.Results(g, now.AddDate(0, -3, 0), now)

	// Nothing yet.
	if code := Main(context.Background(), r.env, []string{"history"}); code != 0 {
		t.Fatalf("history on an empty store: exit %d: %s", code, r.stderr)
	}
	if code := Main(context.Background(), r.env, []string{"report", "--out", filepath.Join(t.TempDir(), "r.json")}); code != 1 || !strings.Contains(r.stderr.String(), "run an audit first") {
		t.Fatalf("report with no audits: exit %d: %s", code, r.stderr)
	}

	save := SaveToHistory(r.env)
	for _, res := range []*audit.Result{prev, cur} {
		if err := save(res); err != nil {
			t.Fatal(err)
		}
	}
	r.stdout.Reset()
	if code := Main(context.Background(), r.env, []string{"history", "--format", "json"}); code != 0 {
		t.Fatalf("history: exit %d: %s", code, r.stderr)
	}
	if out := r.stdout.String(); !strings.Contains(out, cur.ID) || !strings.Contains(out, prev.ID) {
		t.Fatalf("history lacks the audits: %s", out)
	}

	dir := t.TempDir()
	for _, ext := range []string{"json", "csv", "html"} {
		out := filepath.Join(dir, "report."+ext)
		if code := Main(context.Background(), r.env, []string{"report", "--out", out}); code != 0 {
			t.Fatalf("report %s: exit %d: %s", ext, code, r.stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range reporttest.Sensitive() {
			if strings.Contains(string(data), name) {
				t.Fatalf("report.%s contains third-party data", ext)
			}
		}
	}
	if code := Main(context.Background(), r.env, []string{"report", "--out", "x.docx"}); code != 2 {
		t.Fatalf("bad extension: exit %d", code)
	}

	ics := filepath.Join(dir, "audit.ics")
	if code := Main(context.Background(), r.env, []string{"remind", "--ics", ics, "--every", "6"}); code != 0 {
		t.Fatalf("remind: exit %d: %s", code, r.stderr)
	}
	f, err := os.Open(ics)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := remind.ParseICS(f)
	if err != nil {
		t.Fatal(err)
	}
	ev := cal.Find("VEVENT")
	if len(ev) != 1 {
		t.Fatalf("want one VEVENT, got %d", len(ev))
	}
	rule, ok := ev[0].Prop("RRULE")
	if !ok || !strings.Contains(rule.Value, "INTERVAL=6") {
		t.Fatalf("RRULE = %q", rule.Value)
	}
	if code := Main(context.Background(), r.env, []string{"remind", "--ics", ics, "--every", "13"}); code != 2 {
		t.Fatalf("--every 13: exit %d", code)
	}
}

// A result saved with `audit --format json` can be reported on even when
// the keyring is locked: it needs no key unless there is history to open.
func TestReportFromFileWithLockedKeyring(t *testing.T) {
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	_, cur := reporttest.Results(g, time.Date(2026, 8, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC))
	dir := t.TempDir()
	in := filepath.Join(dir, "result.json")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.EncodeResult(f, cur); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r := newRun(t, lockedKeyring{}, "")
	out := filepath.Join(dir, "report.csv")
	if code := Main(context.Background(), r.env, []string{"report", "--audit", in, "--out", out}); code != 0 {
		t.Fatalf("exit %d: %s", code, r.stderr)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Fatalf("no report written: %v", err)
	}
}
