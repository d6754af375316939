package printer

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/report"
	"chaperone/audit/report/reporttest"
	"chaperone/platforms/browser"
)

// needBrowser skips under -short or CHAPERONE_SKIP_BROWSER=1, and
// otherwise fails when Chromium or poppler is missing.
func needBrowser(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("prints with Chromium")
	}
	if os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("CHAPERONE_SKIP_BROWSER=1")
	}
	if _, err := browser.FindChromium(""); err != nil {
		t.Fatal(err)
	}
	for _, tool := range []string{"pdftotext", "pdftoppm", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s (poppler-utils) is needed: %v", tool, err)
		}
	}
}

var (
	prevAt = time.Date(2026, 8, 20, 9, 30, 0, 0, time.UTC)
	curAt  = time.Date(2026, 11, 23, 10, 15, 0, 0, time.UTC)
)

func demoReport(t testing.TB) *report.Report {
	t.Helper()
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	prev, cur := reporttest.Results(g, prevAt, curAt)
	older := history.EntryOf(prev)
	older.ID, older.FinishedAt = "2026-05-20T09-00-00Z", time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	older.Score.Overall = 22
	older.Score.PerPlatform = map[audit.Platform]int{audit.Facebook: 18}
	r, err := report.Build(report.Input{
		Current: cur, Previous: prev, Guideline: g,
		History: []history.Entry{older, history.EntryOf(prev), history.EntryOf(cur)},
		Doctor:  report.Doctor{Name: "Dr Morwenna Testcase", GMC: "7654321"},
		Notes: history.Notes{
			Found:   "My friends list and older posts were public, and two-factor authentication was off.",
			Learned: "Platform defaults share far more than I assumed.",
			Changed: "Limited past posts, hid my friends list and turned on two-factor authentication.",
			WillDo:  "Repeat the audit every quarter and decline friend requests from patients.",
			Actions: []string{"Deleted two posts that described clinical encounters", "Turned on login alerts"},
		},
		Sensitive: reporttest.WatchList,
		Now:       curAt.Add(time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestReportPDF prints the demo report and checks it as a reader would:
// the text (sections, figures, no patient data), the pages (rendered, the
// cover not blank) and the links.
func TestReportPDF(t *testing.T) {
	needBrowser(t)
	r := demoReport(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "report.pdf")
	start := time.Now()
	if err := Export(context.Background(), r, path, Options{}); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("demo report: exported in %v, %d bytes", elapsed.Round(time.Millisecond), fi.Size())
	if keep := os.Getenv("CHAPERONE_KEEP_PDF"); keep != "" {
		data, _ := os.ReadFile(path)
		_ = os.WriteFile(keep, data, 0o600)
	}

	text := pdfText(t, path)
	flat := strings.Join(strings.Fields(text), " ")
	want := []string{
		"Social media self-audit", "Supporting information for appraisal",
		"Dr Morwenna Testcase", "GMC number", "7654321",
		"23 November 2026", r.Guideline.Title, "(2011)",
		"Overall score", strconv.Itoa(r.Overall),
		"Summary by platform", "Facebook", "Instagram",
		"Score over time",
		"What changed since the last audit", "Fixed (", "New (",
		"Checklist", "Clause", "BMA-KP",
		"Posts and connections reviewed", "Post may endorse a product", "No post identifies a patient",
		"Actions taken", "Turned on login alerts",
		"Reflection", "What I found", "What I learned", "What I changed", "What I will do",
		"Platform defaults share far more than I assumed.",
		"Guideline clauses cited",
		"This report contains no patient data",
		"Page 1 of",
	}
	for _, w := range want {
		// Some headings are upper-cased by the stylesheet.
		if !strings.Contains(strings.ToLower(flat), strings.ToLower(w)) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	// The figures: score change and per-platform scores.
	if !strings.Contains(flat, "since the last audit on 20 August 2026 (then "+strconv.Itoa(r.Changes.PreviousScore)+")") {
		t.Errorf("PDF lacks the score change since the last audit")
	}
	for _, p := range r.Platforms {
		if !regexp.MustCompile(regexp.QuoteMeta(p.Name) + `\s.*\b` + strconv.Itoa(p.Score) + `\b`).MatchString(text) {
			t.Errorf("PDF lacks %s's score %d", p.Name, p.Score)
		}
	}
	assertNoPatientData(t, text)

	// Every page renders; the cover has ink on it.
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo: %s", info)
	}
	pages, _ := strconv.Atoi(string(m[1]))
	if pages < 3 {
		t.Fatalf("%d pages, want at least a cover and the body", pages)
	}
	if !regexp.MustCompile(`Page size:\s+595\.\d* x 841\.\d* pts \(A4\)`).Match(info) {
		t.Errorf("not A4: %s", info)
	}
	if err := exec.Command("pdftoppm", "-r", "40", "-png", path, filepath.Join(dir, "page")).Run(); err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pngs) != pages {
		t.Fatalf("rendered %d of %d pages", len(pngs), pages)
	}
	if ink := inkFraction(t, pngs[0]); ink < 0.01 {
		t.Fatalf("first page is blank (%.4f of pixels inked)", ink)
	}
	raw, _ := os.ReadFile(path)
	if !bytes.Contains(raw, []byte(r.Guideline.URL)) {
		t.Errorf("no link to the guidance %s", r.Guideline.URL)
	}
}

func assertNoPatientData(t *testing.T, text string) {
	t.Helper()
	low := strings.ToLower(strings.Join(strings.Fields(text), " "))
	for _, s := range append(reporttest.Sensitive(), reporttest.Fingerprints...) {
		if strings.Contains(low, strings.ToLower(strings.Join(strings.Fields(s), " "))) {
			// Do not print the text itself: it stands for patient data.
			t.Errorf("the PDF contains third-party data (a fragment of %d characters)", len(s))
		}
	}
}

func inkFraction(t *testing.T, path string) float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	inked := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if isInk(img, x, y) {
				inked++
			}
		}
	}
	return float64(inked) / float64(b.Dx()*b.Dy())
}

func isInk(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return r < 0xe000 || g < 0xe000 || b < 0xe000
}

// The PDF of an audit that could not re-read everything says so, and
// never calls "fixed" what was not read again: two-factor went from FAIL
// to UNKNOWN, and Instagram could not be reached this time.
func TestReportPDFNoFalseFixed(t *testing.T) {
	needBrowser(t)
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	prev, cur := reporttest.Results(g, prevAt, curAt)
	snap := *cur.Snapshot
	snap.Coverage = append([]audit.Coverage(nil), cur.Snapshot.Coverage...)
	for i := range snap.Coverage {
		if snap.Coverage[i].Platform == audit.Instagram {
			snap.Coverage[i].Error, snap.Coverage[i].Problem = "opening the settings: net::ERR_CONNECTION_REFUSED", audit.ProblemUnreachable
		}
	}
	bad := *cur
	bad.Snapshot = &snap
	bad.Findings = nil
	for _, f := range cur.Findings {
		switch {
		case f.Platform == audit.Instagram:
			continue
		case f.CheckID == "facebook.two_factor":
			f.Status, f.Reason, f.Evidence = audit.Unknown, "The security page did not load.", []audit.Evidence{{What: "Two-factor authentication: not read"}}
		}
		bad.Findings = append(bad.Findings, f)
	}
	r, err := report.Build(report.Input{Current: &bad, Previous: prev, Guideline: g, Now: curAt})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := Export(context.Background(), r, path, Options{}); err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(pdfText(t, path)), " ")
	fixed := flat
	if i := strings.Index(fixed, "Fixed ("); i >= 0 {
		fixed = fixed[i:]
		if j := strings.Index(fixed, "New ("); j >= 0 {
			fixed = fixed[:j]
		}
	} else {
		t.Fatal("no Fixed section in the PDF")
	}
	for _, bad := range []string{"Two-factor", "Instagram"} {
		if strings.Contains(fixed, bad) {
			t.Errorf("the PDF's Fixed section lists %q, which was not read again: %q", bad, fixed)
		}
	}
	for _, want := range []string{"Incomplete audit", "Instagram could not be reached", "Could not be re-checked", "NOT RE-CHECKED", "Not re-checked: Instagram"} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

// The PDF of an audit scored under each guideline cites that guideline's
// clauses and no other's, as pdftotext reads them; asked for, the
// combined appendix sets the findings beside the others, after the body.
func TestReportPDFPerGuideline(t *testing.T) {
	needBrowser(t)
	gs, err := audit.Guidelines()
	if err != nil {
		t.Fatal(err)
	}
	others := func(g *audit.Guideline) []*audit.Guideline {
		var out []*audit.Guideline
		for _, x := range gs {
			if x.ID != g.ID {
				out = append(out, x)
			}
		}
		return out
	}
	dir := t.TempDir()
	if keep := os.Getenv("CHAPERONE_KEEP_PDF_DIR"); keep != "" {
		dir = keep // to look at them
	}
	for _, g := range gs {
		t.Run(g.ID, func(t *testing.T) {
			prev, cur := reporttest.Results(g, prevAt, curAt)
			in := report.Input{Current: cur, Previous: prev, Now: curAt, Combined: g.ID == "rcgp-2013"}
			r, err := report.Build(in)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, g.ID+".pdf")
			if err := Export(context.Background(), r, path, Options{}); err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, path)
			flat := strings.Join(strings.Fields(text), " ")
			if !strings.Contains(flat, strings.Join(strings.Fields(g.Title), " ")) {
				t.Errorf("the PDF does not name %q", g.Title)
			}
			body, appendix, combined := strings.Cut(text, "Appendix: these findings under other guidance")
			if combined != in.Combined {
				t.Fatalf("appendix present %v, asked for %v", combined, in.Combined)
			}
			if foreign := reporttest.ClauseIDsIn(body, others(g)...); len(foreign) > 0 {
				t.Errorf("the PDF cites clauses of other guidelines: %v", foreign)
			}
			own := reporttest.ClauseIDsIn(body, g)
			for _, c := range r.Clauses {
				if !slices.Contains(own, c.ID) {
					t.Errorf("clause %s is cited but not in the PDF text", c.ID)
				}
			}
			if combined {
				if got := reporttest.ClauseIDsIn(appendix, others(g)...); len(got) < len(others(g)) {
					t.Errorf("the appendix cites only %v", got)
				}
			}
			assertNoPatientData(t, text)
		})
	}
}

// A demo's report says DEMO on every page, and every report's PDF names
// Chaperone and its version as the program that made it, not Chromium.
func TestReportPDFDemoAndInfo(t *testing.T) {
	needBrowser(t)
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	_, cur := reporttest.Results(g, prevAt, curAt)
	for _, demo := range []bool{true, false} {
		t.Run(fmt.Sprintf("demo %v", demo), func(t *testing.T) {
			res := *cur
			res.Demo = demo
			r, err := report.Build(report.Input{Current: &res, Now: curAt})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "report.pdf")
			if err := Export(context.Background(), r, path, Options{Version: "9.8.7"}); err != nil {
				t.Fatal(err)
			}
			info, err := exec.Command("pdfinfo", path).Output()
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"Creator:         Chaperone 9.8.7", "Producer:        Chaperone 9.8.7", "Title:           " + report.Title(r)} {
				if !strings.Contains(string(info), want) {
					t.Errorf("pdfinfo lacks %q:\n%s", want, info)
				}
			}
			if strings.Contains(string(info), "Chrome") || strings.Contains(string(info), "Skia") {
				t.Errorf("the PDF still names Chromium:\n%s", info)
			}
			m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
			pages, _ := strconv.Atoi(string(m[1]))
			for p := 1; p <= pages; p++ {
				out, err := exec.Command("pdftotext", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), path, "-").Output()
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Contains(string(out), "DEMO"); got != demo {
					t.Errorf("page %d of %d: DEMO shown %v, want %v", p, pages, got, demo)
				}
			}
			if demo {
				flat := strings.Join(strings.Fields(pdfText(t, path)), " ")
				if !strings.Contains(flat, "A demo is not compared with your own audits") {
					t.Error("the demo's report does not say it is compared with nothing")
				}
			}
		})
	}
}
