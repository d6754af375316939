package audit

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"chaperone/assets"
)

// DefaultGuidelineID is the guideline a doctor is scored against unless
// they choose another.
const DefaultGuidelineID = "bma-2011"

// Guideline is a piece of professional guidance as data: its controls
// quote the text and name the checks that evidence them.
type Guideline struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Version   string `json:"version"`
	Year      int    `json:"year"`
	// Text is the file, beside the guideline's JSON, holding the full text
	// the controls quote.
	Text     string    `json:"text,omitempty"`
	Controls []Control `json:"controls"`
}

// Control is one point of the guidance a doctor can be held to.
type Control struct {
	ID      string `json:"id"`
	Section string `json:"section"`
	// Text is the clause quoted verbatim from the guidance.
	Text string `json:"text"`
	// Checks lists the checks that evidence this control. A control no
	// check can evidence yet is still listed, and scored as not assessed.
	Checks []string `json:"checks"`
	Weight float64  `json:"weight"`
}

// Ref is the short reference stored with a result.
func (g *Guideline) Ref() GuidelineRef {
	if g == nil {
		return GuidelineRef{}
	}
	return GuidelineRef{ID: g.ID, Title: g.Title, Version: g.Version}
}

// Control returns the control with the given ID.
func (g *Guideline) Control(id string) (Control, bool) {
	if g == nil {
		return Control{}, false
	}
	for _, c := range g.Controls {
		if c.ID == id {
			return c, true
		}
	}
	return Control{}, false
}

// ControlsFor lists the IDs of the controls check c evidences: those that
// name it, and those it names in its Clauses (how checks registered by
// other packages join a guideline).
func (g *Guideline) ControlsFor(c Check) []string {
	if g == nil {
		return nil
	}
	var out []string
	for _, ctl := range g.Controls {
		if containsString(ctl.Checks, c.ID) || containsString(c.Clauses, ctl.ID) {
			out = append(out, ctl.ID)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ParseGuideline decodes and validates a guideline's JSON.
func ParseGuideline(data []byte) (*Guideline, error) {
	var g Guideline
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("decoding guideline: %w", err)
	}
	if err := g.validate(); err != nil {
		return nil, err
	}
	return &g, nil
}

func (g *Guideline) validate() error {
	if g.ID == "" || g.Title == "" {
		return fmt.Errorf("guideline needs an id and a title")
	}
	if len(g.Controls) == 0 {
		return fmt.Errorf("guideline %s has no controls", g.ID)
	}
	seen := map[string]bool{}
	for _, c := range g.Controls {
		switch {
		case c.ID == "":
			return fmt.Errorf("guideline %s: control without id", g.ID)
		case seen[c.ID]:
			return fmt.Errorf("guideline %s: duplicate control %s", g.ID, c.ID)
		case strings.TrimSpace(c.Text) == "":
			return fmt.Errorf("guideline %s: control %s quotes no text", g.ID, c.ID)
		case !(c.Weight > 0):
			return fmt.Errorf("guideline %s: control %s needs a positive weight", g.ID, c.ID)
		}
		seen[c.ID] = true
	}
	return nil
}

// LoadGuideline reads a guideline JSON file from fsys.
func LoadGuideline(fsys fs.FS, name string) (*Guideline, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading guideline: %w", err)
	}
	g, err := ParseGuideline(data)
	if err != nil {
		return nil, fmt.Errorf("guideline %s: %w", name, err)
	}
	return g, nil
}

// GuidelineText returns the full text g quotes, from the file beside its
// JSON in fsys.
func GuidelineText(fsys fs.FS, dir string, g *Guideline) (string, error) {
	if g.Text == "" {
		return "", fmt.Errorf("guideline %s names no text file", g.ID)
	}
	data, err := fs.ReadFile(fsys, path.Join(dir, g.Text))
	if err != nil {
		return "", fmt.Errorf("reading text of guideline %s: %w", g.ID, err)
	}
	return string(data), nil
}

// Guidelines lists every guideline shipped in assets/guidelines, default
// first.
func Guidelines() ([]*Guideline, error) {
	names, err := fs.Glob(assets.FS, "guidelines/*.json")
	if err != nil {
		return nil, fmt.Errorf("listing guidelines: %w", err)
	}
	var out []*Guideline
	for _, n := range names {
		g, err := LoadGuideline(assets.FS, n)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].ID == DefaultGuidelineID) != (out[j].ID == DefaultGuidelineID) {
			return out[i].ID == DefaultGuidelineID
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// DefaultGuideline is the BMA 2011 social media guidance.
func DefaultGuideline() (*Guideline, error) {
	return GuidelineByID(DefaultGuidelineID)
}

// GuidelineByID loads a shipped guideline by its ID.
func GuidelineByID(id string) (*Guideline, error) {
	gs, err := Guidelines()
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		if g.ID == id {
			return g, nil
		}
	}
	return nil, fmt.Errorf("no guideline %q", id)
}
