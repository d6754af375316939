package audit

import (
	"os"
	"strings"
	"testing"

	"chaperone/assets"
)

// sharedGuidance is the original BMA text, present beside the repository
// in development and CI; the embedded copy is checked against it when it
// is there.
const sharedGuidance = "../../shared/guidance/003_9475c6e3f992cf7d.txt"

func TestDefaultGuidelineMetadata(t *testing.T) {
	g := bma(t)
	if g.ID != "bma-2011" || g.Year != 2011 || g.Version != "2011" || !strings.Contains(g.Publisher, "BMA") ||
		g.Title != "Using social media: practical and ethical guidance for doctors and medical students" {
		t.Errorf("metadata %+v", g.Ref())
	}
	kp := 0
	for _, c := range g.Controls {
		if strings.HasPrefix(c.ID, "BMA-KP") {
			kp++
		}
		if c.Section == "" || c.Weight <= 0 {
			t.Errorf("%s: section and weight required", c.ID)
		}
	}
	if kp != 8 {
		t.Errorf("%d key-point controls, want 8", kp)
	}
	if len(g.Controls) < 20 {
		t.Errorf("only %d controls: expected one per key point and per substantive paragraph", len(g.Controls))
	}
	gs, err := Guidelines()
	if err != nil || len(gs) == 0 || gs[0].ID != DefaultGuidelineID {
		t.Errorf("Guidelines() = %v, %v", gs, err)
	}
	if _, err := GuidelineByID("no-such"); err == nil {
		t.Error("unknown guideline found")
	}
}

func TestGuidelineQuotesAreVerbatim(t *testing.T) {
	g := bma(t)
	embedded, err := GuidelineText(assets.FS, "guidelines", g)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"embedded copy": embedded}
	if shared, err := os.ReadFile(sharedGuidance); err == nil {
		texts["shared guidance"] = string(shared)
		if string(shared) != embedded {
			t.Error("embedded guideline text differs from the shared guidance file")
		}
	}
	for name, text := range texts {
		for _, c := range g.Controls {
			if !strings.Contains(text, c.Text) {
				t.Errorf("%s: quote of %s is not verbatim: %q", name, c.ID, c.Text)
			}
		}
	}
}

func TestGuidelineMapsChecks(t *testing.T) {
	g := bma(t)
	checks := map[string]Check{}
	for _, c := range shipped(t) {
		checks[c.ID] = c
	}
	for _, ctl := range g.Controls {
		for _, id := range ctl.Checks {
			c, ok := checks[id]
			if !ok {
				t.Errorf("%s names unknown check %s", ctl.ID, id)
				continue
			}
			if !containsString(c.Clauses, ctl.ID) {
				t.Errorf("%s names %s, but the check does not cite it", ctl.ID, id)
			}
		}
	}
	for _, c := range shipped(t) {
		if strings.HasPrefix(c.ID, "example.") {
			continue // registered by a test
		}
		if len(g.ControlsFor(c)) == 0 {
			t.Errorf("check %s evidences no control", c.ID)
		}
		for _, cl := range c.Clauses {
			ctl, ok := g.Control(cl)
			if !ok {
				t.Errorf("check %s cites unknown control %s", c.ID, cl)
			} else if !containsString(ctl.Checks, c.ID) {
				t.Errorf("check %s cites %s, which does not list it", c.ID, cl)
			}
		}
	}
}

func TestParseGuidelineRejects(t *testing.T) {
	for name, data := range map[string]string{
		"no controls":   `{"id":"g","title":"t","controls":[]}`,
		"no id":         `{"title":"t","controls":[{"id":"a","text":"x","weight":1}]}`,
		"duplicate":     `{"id":"g","title":"t","controls":[{"id":"a","text":"x","weight":1},{"id":"a","text":"y","weight":1}]}`,
		"zero weight":   `{"id":"g","title":"t","controls":[{"id":"a","text":"x","weight":0}]}`,
		"empty quote":   `{"id":"g","title":"t","controls":[{"id":"a","text":" ","weight":1}]}`,
		"unknown field": `{"id":"g","title":"t","controls":[{"id":"a","text":"x","weight":1,"wieght":2}]}`,
		"not json":      `[`,
	} {
		if _, err := ParseGuideline([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ParseGuideline([]byte(`{"id":"g","title":"t","controls":[{"id":"a","text":"x","weight":1}]}`)); err != nil {
		t.Errorf("minimal guideline rejected: %v", err)
	}
}
