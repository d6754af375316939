package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/report/reporttest"
)

// A demo's report is marked as such and compared with nothing of the
// doctor's: not the audit before, not the trend, whatever it is given.
func TestDemoReport(t *testing.T) {
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	prev, cur := reporttest.Results(g, prevAt, curAt)
	cur.Demo = true
	r, err := Build(Input{Current: cur, Previous: prev, History: []history.Entry{history.EntryOf(prev)}, Now: curAt})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Demo || r.Changes.HasPrevious || len(r.Trend) != 1 || r.Trend[0].AuditID != cur.ID {
		t.Fatalf("demo %v, previous %v, trend %+v", r.Demo, r.Changes.HasPrevious, r.Trend)
	}
	html, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>DEMO — Social media self-audit", `class="demo"`, "A demo is not compared with your own audits"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	header, _ := HeaderHTML(r)
	footer, _ := FooterHTML(r)
	if !strings.Contains(header, "DEMO") || !strings.Contains(footer, "DEMO") {
		t.Errorf("the running header and footer do not say DEMO: %q %q", header, footer)
	}
	var buf strings.Builder
	if err := WriteJSON(&buf, r); err != nil || !strings.Contains(buf.String(), `"demo": true`) {
		t.Errorf("JSON does not say demo: %v", err)
	}

	// Not a demo: nothing says so.
	cur.Demo = false
	r, err = Build(Input{Current: cur, Previous: prev, Now: curAt})
	if err != nil {
		t.Fatal(err)
	}
	header, _ = HeaderHTML(r)
	html, _ = HTML(r)
	if r.Demo || strings.Contains(header, "DEMO") || strings.Contains(string(html), "DEMO") {
		t.Error("a real audit's report says DEMO")
	}
}

// A demo exported to a file (`chaperone audit --demo --format json`) is
// reported from the file alone, beside a history of real audits.
func TestLoadDemoFile(t *testing.T) {
	dir := t.TempDir()
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	prev, cur := reporttest.Results(g, prevAt, curAt)
	st := history.New(filepath.Join(dir, history.FileName), testBox(t))
	if err := st.Save(prev); err != nil {
		t.Fatal(err)
	}
	cur.Demo = true
	data, err := json.Marshal(cur)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "demo.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := Load(st, path)
	if err != nil {
		t.Fatal(err)
	}
	if !in.Current.Demo || in.Previous != nil || in.History != nil {
		t.Fatalf("demo input: demo %v, previous %v, history %d", in.Current.Demo, in.Previous != nil, len(in.History))
	}
}

// An empty reflection is one line inviting it, not four "Not written."
func TestEmptyReflection(t *testing.T) {
	r, _, _ := demo(t)
	r.Reflection = Reflection{}
	html, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(html)
	if n := strings.Count(s, "Not written"); n != 1 {
		t.Errorf("%d lines say \"Not written\", want the one invitation", n)
	}
	if strings.Contains(s, "What I learned</h3>") || !strings.Contains(s, "Add your reflection") {
		t.Error("an empty reflection still shows its four headings, or no invitation")
	}
	r.Reflection.Learned = "Defaults share more than I thought."
	html, _ = HTML(r)
	if s := string(html); !strings.Contains(s, "What I learned</h3>") || strings.Contains(s, "Add your reflection") {
		t.Error("a written reflection is not shown under its headings")
	}
}
