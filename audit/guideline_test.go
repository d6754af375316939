package audit

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"chaperone/assets"
)

// sharedGuidance is where the original guidance texts are, beside the
// repository in development and CI; the embedded copies are checked
// against them when they are there. sharedCopies says which embedded
// text is a copy of which original.
const sharedGuidance = "../../shared/guidance"

var sharedCopies = map[string]string{
	"bma-2011.txt":                "003_9475c6e3f992cf7d.txt",
	"mps-digital-docs.txt":        "001_46205fd0a46fe9d5.txt",
	"medical-protection-2021.txt": "004_78265b3208b57df7.txt",
	"nhs-social-media-2018.txt":   "002_089a24cb8962f4c2.txt",
	"nhs-in-cyberspace-2010.txt":  "000_f2ae384e79ecf742.txt",
}

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
		t.Fatalf("Guidelines() = %v, %v", gs, err)
	}
	if _, err := GuidelineByID("no-such"); err == nil || !strings.Contains(err.Error(), DefaultGuidelineID) {
		t.Errorf("unknown guideline: %v (the error should list the guidelines there are)", err)
	}
}

// Every embedded text is a faithful copy of the guidance we hold, and
// every shipped text is accounted for.
func TestEmbeddedTextsAreTheSharedGuidance(t *testing.T) {
	gs, err := Guidelines()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, g := range gs {
		for _, s := range g.Sources {
			used[s.File] = true
			if _, ok := sharedCopies[s.File]; !ok {
				t.Errorf("%s quotes %s, which is not a copy of a text in %s", g.ID, s.File, sharedGuidance)
			}
		}
	}
	for copyName, orig := range sharedCopies {
		if !used[copyName] {
			t.Errorf("%s is shipped but no guideline quotes it", copyName)
		}
		embedded, err := assets.FS.ReadFile(GuidelineDir + "/" + copyName)
		if err != nil {
			t.Errorf("%s: %v", copyName, err)
			continue
		}
		shared, err := os.ReadFile(filepath.Join(sharedGuidance, orig))
		if err != nil {
			t.Logf("%s: original not here (%v); checked against the embedded copy only", copyName, err)
			continue
		}
		if string(shared) != string(embedded) {
			t.Errorf("embedded %s differs from the guidance %s", copyName, orig)
		}
	}
}

// The checks of the old catalogue (data checks, post scanner, connection
// review) all stay mapped to the BMA controls they cited before the
// mapping moved into the guideline.
func TestBMAKeepsEveryMapping(t *testing.T) {
	g := bma(t)
	want := map[string][]string{
		"facebook.future_posts_audience":    {"BMA-KP1", "BMA-KP2", "BMA-3.1", "BMA-3.5"},
		"facebook.pending_requests":         {"BMA-KP6", "BMA-3.7"},
		"facebook.public_view.posts":        {"BMA-KP1", "BMA-KP8", "BMA-3.2", "BMA-5.1"},
		"whatsapp.groups":                   {"BMA-KP3", "BMA-2.2", "BMA-3.5"},
		"x.location_in_posts":               {"BMA-KP3", "BMA-2.2", "BMA-3.3"},
		"posts.identifier":                  {"BMA-KP3", "BMA-2.1", "BMA-2.2"},
		"posts.patient_story":               {"BMA-KP3", "BMA-2.1", "BMA-2.2"},
		"posts.derogatory":                  {"BMA-KP4", "BMA-KP7", "BMA-2.3"},
		"posts.conflict_of_interest":        {"BMA-KP5", "BMA-4.1"},
		"posts.unprofessional":              {"BMA-KP8", "BMA-5.2", "BMA-5.3", "BMA-7.1"},
		"connections.patients_connected":    {"BMA-KP6", "BMA-3.6"},
		"connections.patient_requests":      {"BMA-KP6", "BMA-3.7"},
		"connections.unreviewed_candidates": {"BMA-KP6"},
	}
	for id, ctls := range want {
		got := g.ControlsFor(id)
		for _, c := range ctls {
			if !slices.Contains(got, c) {
				t.Errorf("%s no longer evidences %s (evidences %v)", id, c, got)
			}
		}
	}
	for _, c := range shipped(t) {
		if len(g.ControlsFor(c.ID)) == 0 {
			t.Errorf("check %s evidences no control of the default guideline", c.ID)
		}
	}
}

func TestParseGuidelineRejects(t *testing.T) {
	const head = `"id":"g","title":"t","version":"1","sources":[{"file":"g.txt","title":"T"}]`
	ok := `{` + head + `,"controls":[{"id":"a","text":"x","weight":1,"checks":["c"]}]}`
	for name, data := range map[string]string{
		"no controls":                 `{` + head + `,"controls":[]}`,
		"no id":                       `{"title":"t","version":"1","sources":[{"file":"g.txt","title":"T"}],"controls":[{"id":"a","text":"x","weight":1,"checks":["c"]}]}`,
		"no version":                  `{"id":"g","title":"t","sources":[{"file":"g.txt","title":"T"}],"controls":[{"id":"a","text":"x","weight":1,"checks":["c"]}]}`,
		"no source":                   `{"id":"g","title":"t","version":"1","controls":[{"id":"a","text":"x","weight":1,"checks":["c"]}]}`,
		"source in dir":               `{"id":"g","title":"t","version":"1","sources":[{"file":"../g.txt","title":"T"}],"controls":[{"id":"a","text":"x","weight":1,"checks":["c"]}]}`,
		"unknown source":              `{` + head + `,"controls":[{"id":"a","text":"x","weight":1,"checks":["c"],"source":"h.txt"}]}`,
		"duplicate":                   `{` + head + `,"controls":[{"id":"a","text":"x","weight":1,"checks":["c"]},{"id":"a","text":"y","weight":1,"checks":["c"]}]}`,
		"zero weight":                 `{` + head + `,"controls":[{"id":"a","text":"x","weight":0,"checks":["c"]}]}`,
		"empty quote":                 `{` + head + `,"controls":[{"id":"a","text":" ","weight":1,"checks":["c"]}]}`,
		"check twice":                 `{` + head + `,"controls":[{"id":"a","text":"x","weight":1,"checks":["c","c"]}]}`,
		"not assessed, nothing to do": `{` + head + `,"controls":[{"id":"a","text":"x","weight":1,"checks":[]}]}`,
		"stray rationale":             `{` + head + `,"rationales":{"d":"why"},"controls":[{"id":"a","text":"x","weight":1,"checks":["c"]}]}`,
		"unknown field":               `{` + head + `,"controls":[{"id":"a","text":"x","weight":1,"checks":["c"],"wieght":2}]}`,
		"trailing data":               ok + `{}`,
		"not json":                    `[`,
	} {
		if _, err := ParseGuideline([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := ParseGuideline([]byte(ok)); err != nil {
		t.Errorf("minimal guideline rejected: %v", err)
	}
	byHand := `{` + head + `,"controls":[{"id":"a","text":"x","weight":1,"checks":[],"by_hand":"Read your employer's policy."}]}`
	if _, err := ParseGuideline([]byte(byHand)); err != nil {
		t.Errorf("a control assessed by hand rejected: %v", err)
	}
}

func TestLoadGuidelinesRejectsSharedIDs(t *testing.T) {
	one := `{"id":"%s","title":"t","version":"1","sources":[{"file":"g.txt","title":"T"}],"controls":[{"id":"%s","text":"x","weight":1,"checks":["c"]}]}`
	mk := func(id, ctl string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(strings.ReplaceAll(strings.Replace(one, "%s", id, 1), "%s", ctl))}
	}
	if _, err := LoadGuidelines(fstest.MapFS{"g/a.json": mk("a", "A-1"), "g/b.json": mk("b", "A-1")}, "g"); err == nil {
		t.Error("two guidelines sharing a control ID accepted: citations would be ambiguous")
	}
	if _, err := LoadGuidelines(fstest.MapFS{"g/a.json": mk("a", "A-1"), "g/b.json": mk("a", "B-1")}, "g"); err == nil {
		t.Error("two guidelines with one ID accepted")
	}
	gs, err := LoadGuidelines(fstest.MapFS{"g/z.json": mk("z", "Z-1"), "g/a.json": mk(DefaultGuidelineID, "A-1")}, "g")
	if err != nil || len(gs) != 2 || gs[0].ID != DefaultGuidelineID {
		t.Errorf("LoadGuidelines = %v, %v; want the default first", gs, err)
	}
}

func TestNormalizeQuote(t *testing.T) {
	for in, want := range map[string]string{
		"  a\n   b\t c ":               "a b c",
		"“quoted” and ‘single’":        `"quoted" and 'single'`,
		"doctor’s\u00a0patients":       "doctor's patients",
		"manage\n    this proactively": "manage this proactively",
	} {
		if got := NormalizeQuote(in); got != want {
			t.Errorf("NormalizeQuote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVerifyQuotes(t *testing.T) {
	g, err := ParseGuideline([]byte(`{"id":"g","title":"t","version":"1","sources":[{"file":"g.txt","title":"T"}],"controls":[
		{"id":"a","text":"the doctor’s  duty","weight":1,"checks":["c"]},
		{"id":"b","text":"words not there","weight":1,"checks":["c"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	errs := g.VerifyQuotes(fstest.MapFS{"d/g.txt": {Data: []byte("It is the doctor's\nduty to care.")}}, "d")
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), " b:") {
		t.Errorf("VerifyQuotes = %v; want only b reported", errs)
	}
	if errs := g.VerifyQuotes(fstest.MapFS{}, "d"); len(errs) == 0 {
		t.Error("a missing source text is not reported")
	}
}

// ParseGuideline takes any bytes without panicking, and what it accepts
// is a valid guideline that survives a round trip.
func FuzzParseGuideline(f *testing.F) {
	names, _ := fs.Glob(assets.FS, GuidelineDir+"/*.json")
	for _, n := range names {
		data, _ := assets.FS.ReadFile(n)
		f.Add(data)
	}
	f.Add([]byte(`{"id":"g","title":"t","version":"1","sources":[{"file":"g.txt","title":"T"}],"controls":[{"id":"a","text":"x","weight":1,"checks":["c"]}]}`))
	f.Add([]byte(`{"id":"g","controls":[{"weight":1e309}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ParseGuideline(data)
		if err != nil {
			return
		}
		if err := g.validate(); err != nil {
			t.Fatalf("accepted an invalid guideline: %v", err)
		}
		again, err := json.Marshal(g)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseGuideline(again); err != nil {
			t.Fatalf("round trip rejected: %v", err)
		}
	})
}

// Checks data files with the new kinds parse or fail cleanly.
func FuzzLoadChecks(f *testing.F) {
	names, _ := fs.Glob(assets.FS, "checks/*.json")
	for _, n := range names {
		data, _ := assets.FS.ReadFile(n)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checks, err := LoadChecks(fstest.MapFS{"c/a.json": {Data: data}}, "c")
		if err != nil {
			return
		}
		s := NewSnapshot(factTime)
		for _, p := range Platforms {
			s.Coverage = append(s.Coverage, Coverage{Platform: p, Source: SourceSettings})
		}
		s.Posts = []Post{{Platform: Facebook, ID: "p", Text: "ward round", Public: true, Images: []Image{{Alt: "hospital"}}}}
		for _, c := range checks {
			for _, p := range c.Platforms {
				_ = c.Run(s, p)
			}
		}
	})
}
