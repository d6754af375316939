package audit_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"chaperone/assets"
	"chaperone/audit"
	"chaperone/audit/match"
	"chaperone/audit/scan"
	"chaperone/audit/watchlist"
)

var updateFrameworks = flag.Bool("update-frameworks", false, "rewrite the golden file of the demo scored under each framework")

var frameworksNow = time.Date(2026, 11, 23, 14, 5, 0, 0, time.UTC)

// catalogue is every check the product ships: the data checks, the post
// scanner's and the connection checks (here over an empty watch-list).
func catalogue(t testing.TB) audit.Catalogue {
	t.Helper()
	data, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scan.Default()
	if err != nil {
		t.Fatal(err)
	}
	review := match.Static{R: watchlist.NewReview(nil, watchlist.Practice{}, nil)}
	cat, err := audit.NewCatalogue(data, sc.Checks(), match.Checks(review))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func frameworks(t testing.TB) []*audit.Guideline {
	t.Helper()
	gs, err := audit.Guidelines()
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

// The frameworks the product ships, each with the text it quotes.
func TestShippedFrameworks(t *testing.T) {
	var ids []string
	for _, g := range frameworks(t) {
		ids = append(ids, g.ID)
		if g.Short == "" || g.About == "" || g.Publisher == "" {
			t.Errorf("%s: short name, about and publisher are shown to the doctor choosing it", g.ID)
		}
	}
	want := []string{"bma-2011", "mci-imo-2021", "mps-digital-docs", "nhs-employment", "rcgp-2013"}
	if !slices.Equal(ids, want) {
		t.Errorf("frameworks %v, want %v (default first)", ids, want)
	}
}

// Every quote is in the text it cites, word for word.
func TestEveryQuoteIsVerbatim(t *testing.T) {
	for _, g := range frameworks(t) {
		for _, err := range g.VerifyQuotes(assets.FS, audit.GuidelineDir) {
			t.Error(err)
		}
	}
}

// Every check a framework names exists, and every check shipped is
// named by at least the default framework.
func TestEveryNamedCheckExists(t *testing.T) {
	cat := catalogue(t)
	gs := frameworks(t)
	for _, g := range gs {
		for _, err := range g.VerifyChecks(cat) {
			t.Error(err)
		}
		assessable := len(g.Controls) - len(g.NotAssessable())
		if assessable < len(g.Controls)/2 {
			t.Errorf("%s: only %d of %d controls can be evidenced by a check", g.ID, assessable, len(g.Controls))
		}
	}
	for _, c := range cat {
		if len(gs[0].ControlsFor(c.ID)) == 0 {
			t.Errorf("check %s evidences no control of %s", c.ID, gs[0].ID)
		}
	}
}

// Checks name no framework: no shipped check file or scanner category
// carries clauses. A branch that adds checks the old way fails here until
// `go run ./audit/internal/convert` has moved them.
func TestChecksNameNoFramework(t *testing.T) {
	files, err := fs.Glob(assets.FS, "checks/*.json")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "lexicons/rules.json")
	for _, f := range files {
		data, err := assets.FS.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var members map[string]json.RawMessage
		var list []map[string]json.RawMessage
		_ = json.Unmarshal(doc["checks"], &list)
		if cats, ok := doc["categories"]; ok {
			_ = json.Unmarshal(cats, &members)
		}
		for _, m := range members {
			var obj map[string]json.RawMessage
			_ = json.Unmarshal(m, &obj)
			list = append(list, obj)
		}
		for _, c := range list {
			if _, ok := c["clauses"]; ok {
				t.Errorf("%s: a check names guideline clauses; run `go run ./audit/internal/convert` to move them into the guideline", f)
			}
		}
	}
}

// Each framework's not-assessable controls say what to do by hand, and
// the combined view of a check lists every framework that maps it.
func TestCombinedView(t *testing.T) {
	gs := frameworks(t)
	for _, g := range gs {
		for _, c := range g.NotAssessable() {
			if strings.TrimSpace(c.ByHand) == "" {
				t.Errorf("%s %s: not assessed, with nothing to do by hand", g.ID, c.ID)
			}
		}
	}
	cites := audit.Citations(gs, "posts.identifier")
	if len(cites) != len(gs) {
		t.Errorf("an identifying post evidences clauses of %d frameworks, want all %d", len(cites), len(gs))
	}
	for _, c := range cites {
		if len(c.Controls) == 0 || c.Short == "" {
			t.Errorf("citation %+v", c)
		}
	}
	// The RCGP's ten points say nothing of two-factor authentication.
	for _, c := range audit.Citations(gs, "facebook.two_factor") {
		if c.Guideline.ID == "rcgp-2013" {
			t.Errorf("RCGP cited for two-factor: %v", c.Controls)
		}
	}
	if got := audit.Citations(gs, "no.such.check"); len(got) != 0 {
		t.Errorf("an unknown check is cited: %v", got)
	}
}

// Rescoring a result under another framework gives what evaluating it
// under that framework gives.
func TestRescoreEqualsEvaluate(t *testing.T) {
	cat := catalogue(t)
	gs := frameworks(t)
	s := demoSnapshot(t)
	first := audit.Evaluate(s, cat, gs[0], frameworksNow)
	for _, g := range gs[1:] {
		want := audit.Evaluate(demoSnapshot(t), cat, g, frameworksNow)
		got := audit.Rescore(first, cat, g)
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(want)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: rescoring differs from evaluating", g.ID)
		}
		if first.Guideline.ID != gs[0].ID {
			t.Fatal("Rescore changed the result it was given")
		}
	}
}

func demoSnapshot(t testing.TB) *audit.Snapshot {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "demo-gp.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := audit.DecodeSnapshot(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The demo persona scored under each framework: a different score each,
// and the golden file says control by control why.
func TestDemoUnderEachFramework(t *testing.T) {
	cat := catalogue(t)
	var out bytes.Buffer
	scores := map[int]string{}
	for _, g := range frameworks(t) {
		res := audit.Evaluate(demoSnapshot(t), cat, g, frameworksNow)
		if res.Guideline.ID != g.ID || res.Guideline.Version != g.Version {
			t.Errorf("result names %+v, scored against %s %s", res.Guideline, g.ID, g.Version)
		}
		for _, f := range res.Findings {
			for _, id := range f.Clauses {
				if _, ok := g.Control(id); !ok {
					t.Errorf("%s: finding %s cites %s, not a control of the framework", g.ID, f.CheckID, id)
				}
			}
		}
		if other, dup := scores[res.Score.Overall]; dup {
			t.Errorf("%s and %s give the demo the same score %d", other, g.ID, res.Score.Overall)
		}
		scores[res.Score.Overall] = g.ID
		explain(&out, g, res)
	}
	gp := filepath.Join("testdata", "golden", "demo-gp.frameworks.txt")
	if *updateFrameworks {
		if err := os.WriteFile(gp, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(gp)
	if err != nil {
		t.Fatalf("%v (run with -update-frameworks to create)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("the demo's scores differ from %s; run go test ./audit/ -run TestDemoUnderEachFramework -update-frameworks and review the diff", gp)
	}
}

// explain writes how res was scored against g: each assessed control's
// weight, points and the findings behind it, the controls left out and
// why, and the checks g does not map.
func explain(w *bytes.Buffer, g *audit.Guideline, res *audit.Result) {
	fmt.Fprintf(w, "== %s (%s, version %s): %d/100\n", g.Name(), g.ID, g.Version, res.Score.Overall)
	byCtl := map[string][]string{}
	var unmapped []string
	for _, f := range res.Findings {
		if f.Status == audit.NA {
			continue
		}
		tag := fmt.Sprintf("%s %s(%s)", f.CheckID, f.Status, f.Severity)
		if len(f.Clauses) == 0 {
			unmapped = append(unmapped, tag)
		}
		for _, c := range f.Clauses {
			byCtl[c] = append(byCtl[c], tag)
		}
	}
	var num, den float64
	var notAssessed, byHand []string
	for _, cs := range res.Score.Controls {
		ctl, _ := g.Control(cs.ControlID)
		if cs.Status == audit.NA {
			if len(ctl.Checks) == 0 {
				byHand = append(byHand, cs.ControlID)
			} else {
				notAssessed = append(notAssessed, cs.ControlID)
			}
			continue
		}
		num += cs.Weight * cs.Points
		den += cs.Weight
		tags := byCtl[cs.ControlID]
		sort.Strings(tags)
		fmt.Fprintf(w, "  %-10s weight %g  points %.2f  %-7s %s\n", cs.ControlID, cs.Weight, cs.Points, cs.Status, strings.Join(tags, ", "))
	}
	if len(unmapped) > 0 {
		sort.Strings(unmapped)
		fmt.Fprintf(w, "  %-10s weight 1  (checks the framework does not name) %s\n", "(unmapped)", strings.Join(unmapped, ", "))
	}
	fmt.Fprintf(w, "  assessed weight %g of controls; not assessed in this audit (no scored finding): %s\n", den, orNone(notAssessed))
	fmt.Fprintf(w, "  by hand (no check can evidence them): %s\n\n", orNone(byHand))
}

func orNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, " ")
}

// SCORING.md's table of the demo's scores says what the code computes.
func TestScoringDocMatchesDemo(t *testing.T) {
	doc, err := os.ReadFile("SCORING.md")
	if err != nil {
		t.Fatal(err)
	}
	cat := catalogue(t)
	for _, g := range frameworks(t) {
		res := audit.Evaluate(demoSnapshot(t), cat, g, frameworksNow)
		row := fmt.Sprintf("| `%s` | %d |", g.ID, res.Score.Overall)
		if !strings.Contains(string(doc), row) {
			t.Errorf("SCORING.md lacks the row %q", row)
		}
	}
}
