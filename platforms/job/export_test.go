package job

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/vault"
	"chaperone/platforms/runner"
)

// An audit of a data export runs without any account or browser, scores
// the export's platform and goes to the history.
func TestAuditExport(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CHAPERONE_HOME", dir)
	zp := filepath.Join(dir, "facebook.zip")
	f, err := os.Create(zp)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, body := range map[string]string{
		"fb/friends_and_followers/friends.json":                  `{"friends_v2":[{"name":"Fictional Friend","timestamp":1609459200}]}`,
		"fb/posts/your_posts_1.json":                             `[{"timestamp":1609500000,"data":[{"post":"A quiet day"}]}]`,
		"fb/posts/media/photo.jpg":                               "\xff\xd8\xff not really a photo",
		"fb/friends_and_followers/friend_requests_received.json": `{"received_requests_v2":[]}`,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var saved int
	var events []runner.Event
	r := &Runner{DataDir: dir, Keyring: vault.Memory(), Now: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) },
		Saved: func(*audit.Result) error { saved++; return nil }}
	res, err := r.Audit(context.Background(), Spec{Exports: []string{zp}}, func(ev runner.Event) { events = append(events, ev) })
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Snapshot.Audited(); len(got) != 1 || got[0] != audit.Facebook {
		t.Fatalf("audited %v, want facebook only", got)
	}
	if cov := res.Snapshot.CoverageFor(audit.Facebook); cov.Source != audit.SourceExport {
		t.Errorf("coverage source %q", cov.Source)
	}
	if len(res.Findings) == 0 {
		t.Error("no findings")
	}
	if saved != 1 {
		t.Errorf("saved %d times, want 1", saved)
	}
	if len(events) == 0 || !events[len(events)-1].Done {
		t.Errorf("progress events %+v", events)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "export-images-*"))
	if len(left) != 0 {
		t.Errorf("temporary photo folder left behind: %v", left)
	}

	if _, err := r.Audit(context.Background(), Spec{Exports: []string{filepath.Join(dir, "missing.zip")}}, nil); err == nil {
		t.Error("a missing export must fail the audit")
	}

	// Scored against the guidance chosen; an unknown one stops the audit
	// before anything is read or saved.
	if res.Guideline.ID != audit.DefaultGuidelineID {
		t.Errorf("default audit scored against %q", res.Guideline.ID)
	}
	mps, err := r.Audit(context.Background(), Spec{Exports: []string{zp}, Guideline: "mps-digital-docs"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if mps.Guideline.ID != "mps-digital-docs" || mps.Guideline.Version == "" {
		t.Errorf("scored against %+v", mps.Guideline)
	}
	for _, f := range mps.Findings {
		for _, c := range f.Clauses {
			if !strings.HasPrefix(c, "MPS-") {
				t.Errorf("%s cites %s under MPS", f.CheckID, c)
			}
		}
	}
	before := saved
	if _, err := r.Audit(context.Background(), Spec{Exports: []string{zp}, Guideline: "nope"}, nil); err == nil || saved != before {
		t.Errorf("unknown guideline: %v, saved %d", err, saved-before)
	}
}

// A download imported beside a live audit makes one audit of both: the
// live platforms keep what was read live, the download's platform is read
// from the download alone, and a file of it that cannot be read makes its
// list UNKNOWN with the file named while the rest is scored.
func TestAuditExportJoinsLiveAudit(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CHAPERONE_HOME", dir)
	zp := filepath.Join(dir, "facebook.zip")
	f, err := os.Create(zp)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, body := range map[string]string{
		"fb/friends_and_followers/friends.json": `{"friends_v2":[{"name":"Fictional Friend","timestamp":1609459200}]}`,
		"fb/posts/your_posts_1.json":            `[{"timestamp":1609500000,"data":[{"post":"A quiet day"`, // cut short
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	liveAt := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	base := audit.NewSnapshot(liveAt)
	base.Coverage = []audit.Coverage{
		{Platform: audit.Facebook, Source: audit.SourceSettings, Started: liveAt, Finished: liveAt},
		{Platform: audit.LinkedIn, Source: audit.SourceSettings, Started: liveAt, Finished: liveAt, Account: "dr.example@example.org"},
	}
	base.SetFact(audit.Fact{ID: "facebook.live_only", Value: "x", Source: audit.SourceSettings, At: liveAt})
	base.SetFact(audit.Fact{ID: "linkedin.two_factor", Value: audit.On, Source: audit.SourceSettings, At: liveAt})

	r := &Runner{DataDir: dir, Keyring: vault.Memory(), Now: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }}
	res, err := r.Audit(context.Background(), Spec{Exports: []string{zp}, Base: base}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Snapshot.Audited(); len(got) != 2 || got[0] != audit.Facebook || got[1] != audit.LinkedIn {
		t.Fatalf("audited %v, want facebook and linkedin", got)
	}
	if c := res.Snapshot.CoverageFor(audit.Facebook); c.Source != audit.SourceExport {
		t.Errorf("facebook read from %q, want the download", c.Source)
	}
	if c := res.Snapshot.CoverageFor(audit.LinkedIn); c.Source != audit.SourceSettings || c.Account == "" {
		t.Errorf("linkedin coverage %+v, want the live one", c)
	}
	if _, ok := res.Snapshot.Fact("facebook.live_only"); ok {
		t.Error("a live Facebook fact survived the download that replaces it")
	}
	if f, ok := res.Snapshot.Fact("linkedin.two_factor"); !ok || !f.At.Equal(liveAt) {
		t.Errorf("linkedin fact %+v, want the live one with its time", f)
	}
	if len(base.Coverage) != 2 || len(base.Facts) != 2 {
		t.Error("the base snapshot was changed")
	}
	named := false
	for _, f := range res.Findings {
		if f.Platform == audit.Facebook && f.Status == audit.Unknown && strings.Contains(f.Reason, "your_posts_1.json") {
			named = true
		}
		if f.Platform == audit.Facebook && f.Status == audit.Pass && strings.Contains(f.CheckID, "post") {
			t.Errorf("%s passes on a posts file that could not be read", f.CheckID)
		}
	}
	if !named {
		t.Error("no Facebook finding is UNKNOWN naming the unreadable posts file")
	}
}
