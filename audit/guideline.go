package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"

	"chaperone/assets"
)

// DefaultGuidelineID is the guideline a doctor is scored against unless
// they choose another.
const DefaultGuidelineID = "bma-2011"

// GuidelineDir is where the shipped guidelines and the texts they quote
// are, in assets.FS.
const GuidelineDir = "guidelines"

// Guideline is a piece of professional guidance as data: its controls
// quote the text and name the checks that evidence them. The mapping goes
// one way: checks name no guideline, so adding a guideline is adding its
// file and the text it quotes.
type Guideline struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Short is the name lists and headings use ("BMA (2011)").
	Short     string `json:"short"`
	Publisher string `json:"publisher"`
	// Version says which edition was quoted; it is stored with every result
	// scored against the guideline.
	Version string `json:"version"`
	Year    int    `json:"year,omitempty"`
	// About says in a sentence or two what this guidance is and who it
	// binds, for the doctor choosing it.
	About string `json:"about"`
	// Sources are the texts held (files beside the guideline's JSON) that
	// the controls quote.
	Sources []GuidanceText `json:"sources"`
	// Rationales says, per check ID, why the check matters under this
	// guidance where its reasoning differs from the check's own.
	Rationales map[string]string `json:"rationales,omitempty"`
	Controls   []Control         `json:"controls"`
}

// GuidanceText is one text a guideline quotes.
type GuidanceText struct {
	// File is the text's file name, beside the guideline's JSON.
	File string `json:"file"`
	// Title and Publisher name the text as it names itself.
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	// Date is the text's own date, as it gives it; empty when undated.
	Date string `json:"date,omitempty"`
}

// Control is one point of the guidance a doctor can be held to.
type Control struct {
	ID      string `json:"id"`
	Section string `json:"section"`
	// Text is the clause quoted verbatim from the guidance.
	Text string `json:"text"`
	// Source is the file of Sources the text is quoted from; empty means
	// the first.
	Source string `json:"source,omitempty"`
	// Checks lists the checks that evidence this control. A control no
	// check can evidence is still listed, and scored as not assessed.
	Checks []string `json:"checks"`
	Weight float64  `json:"weight"`
	// ByHand is what the doctor should do themselves for this control. It
	// is required when no check evidences it.
	ByHand string `json:"by_hand,omitempty"`
}

// Ref is the short reference stored with a result.
func (g *Guideline) Ref() GuidelineRef {
	if g == nil {
		return GuidelineRef{}
	}
	return GuidelineRef{ID: g.ID, Title: g.Title, Version: g.Version}
}

// Name is the guideline's short name, or its title.
func (g *Guideline) Name() string {
	if g == nil {
		return ""
	}
	if g.Short != "" {
		return g.Short
	}
	return g.Title
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

// ControlsFor lists the IDs of the controls that name check checkID, in
// the guideline's order.
func (g *Guideline) ControlsFor(checkID string) []string {
	if g == nil {
		return nil
	}
	var out []string
	for _, ctl := range g.Controls {
		if slices.Contains(ctl.Checks, checkID) {
			out = append(out, ctl.ID)
		}
	}
	return out
}

// Rationale is why check c matters under this guideline: its own words
// where it has them, else the check's.
func (g *Guideline) Rationale(c Check) string {
	if g != nil {
		if r := g.Rationales[c.ID]; r != "" {
			return r
		}
	}
	return c.Rationale
}

// NotAssessable lists the controls no check evidences: the doctor has to
// see to them by hand (Control.ByHand says how).
func (g *Guideline) NotAssessable() []Control {
	if g == nil {
		return nil
	}
	var out []Control
	for _, c := range g.Controls {
		if len(c.Checks) == 0 {
			out = append(out, c)
		}
	}
	return out
}

// SourceOf is the source control c quotes.
func (g *Guideline) SourceOf(c Control) (GuidanceText, bool) {
	if g == nil || len(g.Sources) == 0 {
		return GuidanceText{}, false
	}
	if c.Source == "" {
		return g.Sources[0], true
	}
	for _, s := range g.Sources {
		if s.File == c.Source {
			return s, true
		}
	}
	return GuidanceText{}, false
}

// CheckIDs lists every check the guideline names, sorted.
func (g *Guideline) CheckIDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range g.Controls {
		for _, id := range c.Checks {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	sort.Strings(out)
	return out
}

// ParseGuideline decodes and validates a guideline's JSON.
func ParseGuideline(data []byte) (*Guideline, error) {
	var g Guideline
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("decoding guideline: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("decoding guideline: data after the guideline")
	}
	if err := g.validate(); err != nil {
		return nil, err
	}
	return &g, nil
}

func (g *Guideline) validate() error {
	switch {
	case g.ID == "" || g.Title == "":
		return fmt.Errorf("guideline needs an id and a title")
	case g.Version == "":
		return fmt.Errorf("guideline %s has no version: results store it", g.ID)
	case len(g.Controls) == 0:
		return fmt.Errorf("guideline %s has no controls", g.ID)
	case len(g.Sources) == 0:
		return fmt.Errorf("guideline %s names no source text", g.ID)
	}
	files := map[string]bool{}
	for _, s := range g.Sources {
		if s.File == "" || s.Title == "" || path.Base(s.File) != s.File || !strings.HasSuffix(s.File, ".txt") {
			return fmt.Errorf("guideline %s: source %q needs a title and a .txt file beside the guideline", g.ID, s.File)
		}
		files[s.File] = true
	}
	seen := map[string]bool{}
	named := map[string]bool{}
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
		case c.Source != "" && !files[c.Source]:
			return fmt.Errorf("guideline %s: control %s quotes %q, which is not among its sources", g.ID, c.ID, c.Source)
		case len(c.Checks) == 0 && strings.TrimSpace(c.ByHand) == "":
			return fmt.Errorf("guideline %s: control %s has no check, so it must say what to do by hand", g.ID, c.ID)
		}
		seen[c.ID] = true
		dup := map[string]bool{}
		for _, id := range c.Checks {
			if id == "" || dup[id] {
				return fmt.Errorf("guideline %s: control %s names check %q twice or empty", g.ID, c.ID, id)
			}
			dup[id] = true
			named[id] = true
		}
	}
	for id, r := range g.Rationales {
		if !named[id] {
			return fmt.Errorf("guideline %s: a rationale is given for check %s, which no control names", g.ID, id)
		}
		if strings.TrimSpace(r) == "" {
			return fmt.Errorf("guideline %s: empty rationale for check %s", g.ID, id)
		}
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

// ReadText returns the text of source file, from dir of fsys (the
// folder of g's JSON).
func (g *Guideline) ReadText(fsys fs.FS, dir, file string) (string, error) {
	data, err := fs.ReadFile(fsys, path.Join(dir, file))
	if err != nil {
		return "", fmt.Errorf("reading source %s of guideline %s: %w", file, g.ID, err)
	}
	return string(data), nil
}

// VerifyQuotes checks that every control quotes its source verbatim, as
// far as NormalizeQuote: the same words in the same order, whatever the
// line breaks and the shape of the quotation marks.
func (g *Guideline) VerifyQuotes(fsys fs.FS, dir string) []error {
	texts := map[string]string{}
	var errs []error
	for _, s := range g.Sources {
		t, err := g.ReadText(fsys, dir, s.File)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		texts[s.File] = NormalizeQuote(t)
	}
	for _, c := range g.Controls {
		src, ok := g.SourceOf(c)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: no source", c.ID))
			continue
		}
		text, ok := texts[src.File]
		if !ok {
			continue // reported above
		}
		if !strings.Contains(text, NormalizeQuote(c.Text)) {
			errs = append(errs, fmt.Errorf("%s %s: the quote is not in %s: %q", g.ID, c.ID, src.File, c.Text))
		}
	}
	return errs
}

// VerifyChecks reports every check g names that is not in cat.
func (g *Guideline) VerifyChecks(cat Catalogue) []error {
	var errs []error
	for _, c := range g.Controls {
		for _, id := range c.Checks {
			if _, ok := cat.ByID(id); !ok {
				errs = append(errs, fmt.Errorf("%s %s names check %s, which is not in the catalogue", g.ID, c.ID, id))
			}
		}
	}
	return errs
}

// NormalizeQuote makes a quote comparable with its source: curly quotes
// and apostrophes become straight ones and every run of white space one
// space. Words, spelling and punctuation are left alone.
func NormalizeQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032':
			r = '\''
		case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033':
			r = '"'
		}
		if unicode.IsSpace(r) || r == '\u00A0' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Guidelines lists every guideline shipped in assets/guidelines, default
// first, then by ID.
func Guidelines() ([]*Guideline, error) {
	return LoadGuidelines(assets.FS, GuidelineDir)
}

// LoadGuidelines reads every guideline (*.json) in dir of fsys, default
// first, then by ID.
func LoadGuidelines(fsys fs.FS, dir string) ([]*Guideline, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("listing guidelines: %w", err)
	}
	var out []*Guideline
	ids := map[string]string{}
	for _, n := range names {
		g, err := LoadGuideline(fsys, n)
		if err != nil {
			return nil, err
		}
		if prev, ok := ids[g.ID]; ok {
			return nil, fmt.Errorf("guideline %s is defined in both %s and %s", g.ID, prev, n)
		}
		ids[g.ID] = n
		out = append(out, g)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no guideline in %s", dir)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].ID == DefaultGuidelineID) != (out[j].ID == DefaultGuidelineID) {
			return out[i].ID == DefaultGuidelineID
		}
		return out[i].ID < out[j].ID
	})
	// Control IDs are cited without their guideline (in reports, in the
	// combined view), so no two guidelines may share one.
	owner := map[string]string{}
	for _, g := range out {
		for _, c := range g.Controls {
			if o, ok := owner[c.ID]; ok {
				return nil, fmt.Errorf("control %s is in both %s and %s", c.ID, o, g.ID)
			}
			owner[c.ID] = g.ID
		}
	}
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
	return FindGuideline(gs, id)
}

// FindGuideline picks the guideline with the given ID from gs; the error
// lists the IDs there are.
func FindGuideline(gs []*Guideline, id string) (*Guideline, error) {
	var ids []string
	for _, g := range gs {
		if g.ID == id {
			return g, nil
		}
		ids = append(ids, g.ID)
	}
	return nil, fmt.Errorf("no guideline %q (there are: %s)", id, strings.Join(ids, ", "))
}

// Citation is what one guideline says a check evidences.
type Citation struct {
	Guideline GuidelineRef `json:"guideline"`
	Short     string       `json:"short"`
	Controls  []Control    `json:"controls"`
	// Rationale is the guideline's own reason for the check, if it gives
	// one.
	Rationale string `json:"rationale,omitempty"`
}

// Citations is the combined view of check checkID: for each guideline of
// gs, in order, the controls it evidences. A guideline that does not map
// the check is left out.
func Citations(gs []*Guideline, checkID string) []Citation {
	var out []Citation
	for _, g := range gs {
		var ctls []Control
		for _, c := range g.Controls {
			if slices.Contains(c.Checks, checkID) {
				ctls = append(ctls, c)
			}
		}
		if len(ctls) == 0 {
			continue
		}
		out = append(out, Citation{Guideline: g.Ref(), Short: g.Name(), Controls: ctls, Rationale: g.Rationales[checkID]})
	}
	return out
}
