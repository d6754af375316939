package job_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"chaperone/app"
	"chaperone/audit"
	"chaperone/audit/report"
	"chaperone/audit/vault"
	"chaperone/cli"
	"chaperone/platforms/job"
	"chaperone/platforms/networks"
)

// One count, everywhere: the app's headline, the report's cover,
// per-platform summary, checklist and review, its JSON and CSV, the
// result's own JSON and the command line's text all give the same totals,
// for the demo, an incomplete audit and an export audit.
func TestOneCountEverywhere(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC) }
	dir := t.TempDir()
	t.Setenv("CHAPERONE_HOME", dir)
	r := &job.Runner{DataDir: dir, Keyring: vault.Memory(), Now: now, Adapters: networks.Adapters(), Replicas: networks.Replicas()}
	results := map[string]*audit.Result{}

	res, err := r.Audit(context.Background(), job.Spec{Exports: []string{exportZip(t, dir)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Demo {
		t.Error("an audit of a data export is marked as a demo")
	}
	results["export"] = res

	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Log("demo and incomplete audits skipped: they need Chromium")
	} else {
		demo, err := r.Audit(context.Background(), job.Spec{Demo: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !demo.Demo {
			t.Error("the demo audit's result is not marked as a demo")
		}
		results["demo"] = demo
		// The demo with one of its networks not read.
		snap := *demo.Snapshot
		snap.Coverage = append([]audit.Coverage(nil), demo.Snapshot.Coverage...)
		for i := range snap.Coverage {
			if snap.Coverage[i].Platform == audit.TikTok {
				snap.Coverage[i].Error, snap.Coverage[i].Problem = "the site could not be reached", audit.ProblemUnreachable
			}
		}
		checks, err := job.Catalogue(nil)
		if err != nil {
			t.Fatal(err)
		}
		g, err := audit.DefaultGuideline()
		if err != nil {
			t.Fatal(err)
		}
		inc := audit.Evaluate(&snap, checks, g, now())
		if inc.Complete() {
			t.Fatal("the incomplete audit reads as complete")
		}
		results["incomplete"] = inc
	}

	for name, res := range results {
		t.Run(name, func(t *testing.T) {
			want := res.Counts("")
			if want.Total() == 0 {
				t.Fatal("no findings to count")
			}
			check := func(where string, got audit.Counts) {
				t.Helper()
				if got != want {
					t.Errorf("%s: %+v, want %+v", where, got, want)
				}
			}
			var headline audit.Counts
			for _, c := range app.NewChecklist(res, nil, time.UTC).Counts {
				headline.Add(c.Status, c.N)
			}
			check("app headline", headline)
			check("result score", audit.CountsOf(res.Score.Counts))

			rep, err := report.Build(report.Input{Current: res, Now: now()})
			if err != nil {
				t.Fatal(err)
			}
			check("report cover", rep.Counts)
			var perPlatform, listed audit.Counts
			for _, p := range rep.Platforms {
				for _, st := range audit.Statuses {
					perPlatform.Add(st, p.Counts.Of(st))
				}
			}
			check("report per-platform summary", perPlatform)
			for _, it := range rep.Checklist {
				listed.Add(it.Status, 1)
			}
			for _, g := range rep.Review {
				for _, st := range audit.Statuses {
					listed.Add(st, g.Counts.Of(st))
				}
			}
			check("report checklist and review", listed)

			var js bytes.Buffer
			if err := report.WriteJSON(&js, rep); err != nil {
				t.Fatal(err)
			}
			var decoded struct {
				Counts audit.Counts `json:"counts"`
			}
			if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
				t.Fatal(err)
			}
			check("report JSON", decoded.Counts)

			var cs bytes.Buffer
			if err := report.WriteCSV(&cs, rep); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&cs).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var fromCSV audit.Counts
			for _, row := range rows {
				if row[0] == "counts" {
					n, _ := strconv.Atoi(row[4])
					fromCSV.Add(audit.Status(row[3]), n)
				}
			}
			check("report CSV", fromCSV)

			var text bytes.Buffer
			if err := cli.WriteText(&text, res, nil); err != nil {
				t.Fatal(err)
			}
			var fromText audit.Counts
			line := regexp.MustCompile(`(?m)^Score: .*\((.*)\)$`).FindStringSubmatch(text.String())
			if line == nil {
				t.Fatalf("no counts in the text output:\n%s", text.String())
			}
			for _, m := range regexp.MustCompile(`(\d+) (FAIL|UNKNOWN|WARN|PASS|N/A)`).FindAllStringSubmatch(line[1], -1) {
				n, _ := strconv.Atoi(m[1])
				fromText.Add(audit.Status(m[2]), n)
			}
			check("command line text", fromText)
		})
	}
}

func exportZip(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "facebook.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	files := map[string]string{
		"fb/friends_and_followers/friends.json":                  `{"friends_v2":[{"name":"Fictional Friend","timestamp":1609459200}]}`,
		"fb/posts/your_posts_1.json":                             `[{"timestamp":1609500000,"data":[{"post":"A quiet day"}]}]`,
		"fb/friends_and_followers/friend_requests_received.json": `{"received_requests_v2":[]}`,
	}
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprint(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}
