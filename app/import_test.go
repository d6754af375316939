package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"chaperone/audit"
)

// fakeImporter returns its result, made from the base it is given.
type fakeImporter struct {
	mu      sync.Mutex
	paths   [][]string
	bases   []*audit.Result
	result  func(base *audit.Result) *audit.Result
	err     error
	release chan struct{} // nil: return at once
}

func (f *fakeImporter) Import(ctx context.Context, paths []string, base *audit.Result, guideline string, progress func(Event)) (*audit.Result, error) {
	f.mu.Lock()
	f.paths = append(f.paths, paths)
	f.bases = append(f.bases, base)
	f.mu.Unlock()
	progress(Event{Platform: audit.Instagram, Step: "Read from the data export", Fraction: 1})
	if f.release != nil {
		select {
		case <-f.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	return f.result(base), nil
}

var downloadMade = time.Date(2026, 11, 12, 20, 15, 0, 0, time.UTC)

// joinedResult is base with Instagram read from a download: one finding
// from it, and one list it could not read, its file named.
func joinedResult(t *testing.T) func(*audit.Result) *audit.Result {
	return func(base *audit.Result) *audit.Result {
		r := loadResult(t, "result.json")
		r.ID = "joined"
		for i, c := range r.Snapshot.Coverage {
			if c.Platform == audit.Instagram {
				r.Snapshot.Coverage[i] = audit.Coverage{Platform: audit.Instagram, Source: audit.SourceExport, Downloaded: downloadMade, Started: r.FinishedAt, Finished: r.FinishedAt}
			}
		}
		r.Findings = append(r.Findings,
			audit.Finding{CheckID: "instagram.private_account", Platform: audit.Instagram, Status: audit.Warn, Severity: audit.SeverityMedium,
				Title: "Account is public", Reason: "Anyone can follow you.",
				Evidence: []audit.Evidence{{What: "Private account = off", Source: audit.SourceExport, At: r.FinishedAt}}},
			audit.Finding{CheckID: "instagram.posts", Platform: audit.Instagram, Status: audit.Unknown, Severity: audit.SeverityHigh,
				Title: "Posts checked", Reason: "Your posts could not be read: content/posts_1.json is damaged (the file ends part way)."})
		r.Score.PerPlatform[audit.Instagram] = 70
		return r
	}
}

func withImporter(im Importer) func(*Deps) {
	return func(d *Deps) {
		d.Importer = im
		d.Importable = []audit.Platform{audit.Facebook, audit.Instagram, audit.X, audit.LinkedIn, audit.TikTok}
	}
}

// A download dropped onto the window joins the last live audit: one
// checklist, each platform labelled by where it was read from, and the
// list that could not be read UNKNOWN with its file named.
func TestImportDroppedDownload(t *testing.T) {
	im := &fakeImporter{result: joinedResult(t)}
	aud := &fakeAuditor{result: loadResult(t, "result.json")}
	h := newHarness(t, someAccounts, aud, withImporter(im))
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	live := h.ui.result

	path := filepath.Join(t.TempDir(), "instagram-dr.example-2026-11-12.zip")
	h.ui.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(path)})
	h.ui.bg.Wait()

	if len(im.paths) != 1 || len(im.paths[0]) != 1 || im.paths[0][0] != path {
		t.Fatalf("importer got %v, want the dropped file", im.paths)
	}
	if im.bases[0] != live {
		t.Error("the download was not joined with the last live audit")
	}
	if h.ui.result == nil || h.ui.result.ID != "joined" {
		t.Fatal("the joined audit is not shown")
	}
	h.mustShow(t, "Facebook 64/100", "Instagram 70/100")
	cl := h.ui.results.cl
	for i, it := range h.ui.results.items {
		if it.IsHeader() && cl.Groups[it.Group].Platform == audit.Instagram {
			h.ui.results.list.Select(i)
		}
	}
	h.mustShow(t, "Read from your Instagram data download of 12 Nov 2026, not from the live site")
	var ig *PlatformGroup
	for i := range cl.Groups {
		if cl.Groups[i].Platform == audit.Instagram {
			ig = &cl.Groups[i]
		}
	}
	if ig == nil || !ig.Audited || ig.Source != "your Instagram data download of 12 Nov 2026" {
		t.Fatalf("Instagram group %+v", ig)
	}
	var unknown, warn bool
	for _, r := range ig.Rows {
		if r.Status == audit.Unknown && strings.Contains(r.Reason, "content/posts_1.json") {
			unknown = true
		}
		if r.Status == audit.Warn && strings.Contains(r.EvidenceText(), "read from your Instagram data download of 12 Nov 2026") {
			warn = true
		}
	}
	if !unknown || !warn {
		t.Errorf("rows %+v: want the damaged list UNKNOWN with its file and the finding labelled by its source", ig.Rows)
	}
	for _, g := range cl.Groups {
		if g.Platform == audit.Facebook && g.Source != "" {
			t.Errorf("live Facebook labelled %q", g.Source)
		}
	}
}

// The import is offered from the side panel; the dialog names the
// networks; while it runs nothing else starts, and Stop cancels it.
func TestImportDialogAndStop(t *testing.T) {
	im := &fakeImporter{result: joinedResult(t), release: make(chan struct{})}
	h := newHarness(t, someAccounts, &fakeAuditor{result: loadResult(t, "result.json")}, withImporter(im))
	test.Tap(h.ui.side.impBtn)
	h.mustShow(t, "Import a data download", "Facebook, Instagram, X, LinkedIn and TikTok", "Choose a zip file…", "Choose a folder…", "drop it onto this window")

	h.ui.ImportPaths([]string{"/tmp/dl.zip"})
	if !h.ui.Importing() {
		t.Fatal("not importing")
	}
	if !h.ui.side.runBtn.Disabled() || !h.ui.side.impBtn.Disabled() {
		t.Error("audit or import can start while a download is read")
	}
	h.mustShow(t, "Reading your data download", "Stop")
	h.ui.imp.dlg.Hide() // the Stop button and Escape
	h.ui.bg.Wait()
	if h.ui.Importing() || h.ui.result != nil {
		t.Errorf("stopped import left importing=%v result=%v", h.ui.Importing(), h.ui.result)
	}
	if h.ui.side.runBtn.Disabled() {
		t.Error("Run audit disabled after the import stopped")
	}
	close(im.release)
}

// An archive that cannot be opened at all is said in plain words; the
// window stays as it was.
func TestImportRefused(t *testing.T) {
	im := &fakeImporter{err: errors.New("open /home/x/dl.zip: no such file or directory")}
	h := newHarness(t, someAccounts, &fakeAuditor{}, withImporter(im))
	h.ui.ImportPaths([]string{"/home/x/dl.zip"})
	h.ui.bg.Wait()
	h.mustShow(t, "The download could not be read")
	if h.ui.result != nil {
		t.Error("a refused download made a result")
	}
}

// Without an importer nothing is offered and drops are ignored.
func TestNoImporterNoImport(t *testing.T) {
	h := newHarness(t, someAccounts, &fakeAuditor{})
	if h.shows("Import a data download") {
		t.Error("import offered without an importer")
	}
	h.ui.dropped(fyne.NewPos(1, 1), []fyne.URI{storage.NewFileURI("/tmp/x.zip")})
	if h.ui.Importing() {
		t.Error("a drop started an import without an importer")
	}
}
