package scan

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"chaperone/audit"
	"chaperone/audit/scan/learn"
)

// ModelFile is where the classifier's weights live in the assets.
const ModelFile = "scan/model.bin.gz"

// Verdict is what the scanner concluded about one category of one post.
type Verdict string

const (
	// Clear: nothing of the category was found.
	Clear Verdict = ""
	// Flagged: the post is in the category.
	Flagged Verdict = "flag"
	// CheckOnly: the post looks like the category but says why it may be
	// fine (test values, the author's own details, consent, news already
	// public); it is shown for the doctor to check, at low severity, and
	// is not counted as a breach.
	CheckOnly Verdict = "check"
)

// CategoryResult is the scanner's answer for one category of a post.
type CategoryResult struct {
	Category Category `json:"category"`
	Verdict  Verdict  `json:"verdict,omitempty"`
	// Score is the classifier's probability that the post is in the
	// category (0..1).
	Score float64 `json:"score"`
	// CheckScore is the classifier's probability that the post is a
	// "check" for the category (0 when the model has no such output).
	CheckScore float64 `json:"check_score,omitempty"`
}

// Analysis is everything the scanner found in a post's text.
type Analysis struct {
	// Flags are the flags of every category whose verdict is Flagged or
	// CheckOnly, ordered by position. A CheckOnly category's flags have
	// Check set and severity info.
	Flags []Flag `json:"flags"`
	// Categories has one entry per category, in Categories order.
	Categories [5]CategoryResult `json:"categories"`
}

// Verdict is the verdict for category c.
func (a Analysis) Verdict(c Category) Verdict {
	for _, r := range a.Categories {
		if r.Category == c {
			return r.Verdict
		}
	}
	return Clear
}

// Mode selects the components of the scanner, for measuring what each
// one gains; the zero value is the full scanner.
type Mode struct {
	// RulesOnly reports every rule flag as it fires, with no classifier.
	RulesOnly bool
	// ModelOnly ignores the rules' verdicts (they still feed the
	// classifier as features): hard identifier rules no longer decide
	// alone, the rules' reasons no longer make a check, and the
	// classifier's check outputs are read for every post.
	ModelOnly bool
}

// fingerprint ties a model to the feature extractor and word lists of a
// scanner: a model trained on other lists would read its features wrong.
func fingerprint(fsys fs.FS) ([32]byte, error) {
	h := sha256.New()
	h.Write([]byte(featureVersion))
	ents, err := fs.ReadDir(fsys, "lexicons")
	if err != nil {
		return [32]byte{}, fmt.Errorf("reading lexicons: %w", err)
	}
	names := make([]string, 0, len(ents))
	for _, e := range ents {
		// The lists' documentation is not what the scanner reads: editing
		// it must not ask for a model trained anew.
		if !e.IsDir() && !strings.HasSuffix(e.Name(), ".md") {
			names = append(names, path.Join("lexicons", e.Name()))
		}
	}
	sort.Strings(names)
	names = append(names, CommonWordsFile)
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return [32]byte{}, fmt.Errorf("reading lexicon %s: %w", n, err)
		}
		fmt.Fprintf(h, "\x00%s\x00%d\x00", n, len(data))
		h.Write(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")))
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out, nil
}

// Fingerprint identifies the features this scanner extracts; a model
// must have been trained for the same.
func (s *Scanner) Fingerprint() [32]byte { return s.fp }

// WithModel returns a copy of s that uses the classifier b: its first
// model has an output per category, its second (optional) the "check:"
// outputs. Both must have been trained for s's features.
func (s *Scanner) WithModel(b *learn.Bundle) (*Scanner, error) {
	if len(b.Models) == 0 || len(b.Models) > 2 {
		return nil, fmt.Errorf("the scanner model has %d parts, want 1 or 2", len(b.Models))
	}
	for _, m := range b.Models {
		if m.Fingerprint != s.fp {
			return nil, errors.New("the scanner model was trained for other word lists or features: run `make train-scanner`")
		}
	}
	c := *s
	c.model = b.Models[0]
	c.checkModel = nil
	if len(b.Models) == 2 {
		c.checkModel = b.Models[1]
	}
	for i, cat := range Categories {
		c.yHead[i] = c.model.HeadIndex(string(cat))
		c.mHead[i] = -1
		if c.checkModel != nil {
			c.mHead[i] = c.checkModel.HeadIndex(CheckHead(cat))
		}
		if c.yHead[i] < 0 {
			return nil, fmt.Errorf("the scanner model has no output for %s", cat)
		}
		c.nearP[i] = learn.Sigmoid(float64(c.model.Heads[c.yHead[i]].Threshold)) / 2
	}
	return &c, nil
}

// Model is the classifier's main model, one output per category (nil
// for rules alone).
func (s *Scanner) Model() *learn.Model { return s.model }

// CheckHead is the name of the model output that says a post is only a
// "check" for category c.
func CheckHead(c Category) string { return "check:" + string(c) }

// Features are the hashed features of text, as the classifier sees them.
func (s *Scanner) Features(text string) learn.Example {
	p := newPass(s, text)
	defer p.release()
	p.rules()
	var ex learn.Example
	p.features(&ex)
	return learn.Example{Text: append([]uint32(nil), ex.Text...), Rule: append([]uint32(nil), ex.Rule...)}
}

// rules runs every explainable rule.
func (p *pass) rules() {
	p.identifiers()
	p.story()
	p.derogatory()
	p.promotion()
	p.unprofessional()
}

// Analyze scans a post's text with the rules and the classifier.
func (s *Scanner) Analyze(text string) Analysis { return s.AnalyzeMode(text, Mode{}) }

// AnalyzeMode is Analyze with some components left out.
func (s *Scanner) AnalyzeMode(text string, mode Mode) Analysis {
	var a Analysis
	for i, c := range Categories {
		a.Categories[i].Category = c
	}
	if len(text) == 0 {
		return a
	}
	p := newPass(s, text)
	defer p.release()
	p.rules()
	// A post of one or two words gives the classifier nothing to read:
	// the rules alone judge it.
	if s.model == nil || mode.RulesOnly || len(p.d.toks) < minWords {
		a.Flags = p.result()
		for _, f := range a.Flags {
			a.Categories[catIndex(f.Category)].Verdict = Flagged
		}
		return a
	}
	p.features(&p.ex)
	var z, zc [learn.MaxHeads]float32
	s.model.Score(p.ex, z[:])
	// The check outputs are read only for a post that gives a reason a
	// finding may be fine: the classifier alone never lowers one.
	var cue [5]bool
	anyCue := false
	for i, c := range Categories {
		cue[i] = p.checkCue(c)
		anyCue = anyCue || cue[i]
	}
	if s.checkModel != nil && (anyCue || mode.ModelOnly) {
		s.checkModel.Score(p.ex, zc[:])
	}
	var keep [5]Verdict
	for i, c := range Categories {
		r := &a.Categories[i]
		y := s.yHead[i]
		sz := learn.Sigmoid(float64(z[y]))
		r.Score = round3(sz)
		pos := z[y] >= s.model.Heads[y].Threshold
		if !mode.ModelOnly && p.hardRule(c) {
			pos = true
		}
		modelCheck := false
		if m := s.mHead[i]; m >= 0 && (cue[i] || mode.ModelOnly) {
			r.CheckScore = round3(learn.Sigmoid(float64(zc[m])))
			modelCheck = zc[m] >= s.checkModel.Heads[m].Threshold
		}
		// Near the threshold counts too: the reasons a post gives for
		// being fine are what pull its score down.
		near := sz >= s.nearP[i]
		cand := pos || near || p.ruleFlag(c) || c == ConflictOfInterest && (p.any(s.g.promoStrong) || p.any(s.g.promoWeak))
		ruleMit := !mode.ModelOnly && p.mitigated(c)
		switch {
		case pos:
			// Lowering a finding needs a reason written in the post: the
			// classifier's word alone never turns a breach into a check.
			if ruleMit || modelCheck {
				r.Verdict = CheckOnly
			} else {
				r.Verdict = Flagged
			}
		case modelCheck || ruleMit && cand:
			r.Verdict = CheckOnly
		}
		keep[i] = r.Verdict
	}
	// Flags of the categories kept: the rules' own where they fired, the
	// classifier's where they did not.
	var has [5]bool
	for _, f := range p.flags {
		k := catIndex(f.Category)
		if keep[k] == Clear {
			continue
		}
		has[k] = true
		a.Flags = append(a.Flags, s.finish(p, f, keep[k]))
	}
	for i, c := range Categories {
		if keep[i] == Clear || has[i] {
			continue
		}
		f := p.modelFlag(c, s.yHead[i], a.Categories[i].Score)
		a.Flags = append(a.Flags, s.finish(p, f, keep[i]))
	}
	sortFlags(a.Flags)
	return a
}

// minWords is the fewest words the classifier judges.
const minWords = 3

// finish lowers a flag to a check when its category's verdict is one.
func (s *Scanner) finish(p *pass, f Flag, v Verdict) Flag {
	if v != CheckOnly {
		return f
	}
	f.Check = true
	f.Severity = audit.SeverityInfo
	f.Why += " " + p.checkReason(f.Category)
	return f
}

// round3 keeps three decimals: scores are for reading, not for sums.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func catIndex(c Category) int {
	for i, k := range Categories {
		if k == c {
			return i
		}
	}
	return 0
}

// hardRules are identifier rules that decide alone: a valid check digit,
// a number labelled or printed as an NHS number in a patient post, a
// date after "DOB", a full postcode or a street address are identifiers
// whatever the classifier thinks of the words around them (a reason in
// the post may still lower them to a check). Names found by shape, phone
// numbers and emails are weighed by the classifier: on held-out voices,
// deciding them alone cost more false alarms than it found.
var hardRules = map[string]bool{
	ruleNHS: true, ruleNHSLabelled: true, ruleCHI: true, ruleHospitalNumber: true,
	ruleDOB: true, rulePostcode: true, ruleMedicare: true, ruleAddress: true, ruleNHSFormat: true,
}

// ruleFlag reports any rule flag of category c.
func (p *pass) ruleFlag(c Category) bool {
	for _, f := range p.flags {
		if f.Category == c {
			return true
		}
	}
	return false
}

// mitigated reports whether the rules see the post say why category c
// may be fine: test values or consent for an identifier, the author's own
// contact details, consent for a story, a declared interest for a
// promotion. A cue after "not", "no" or "without" does not count.
func (p *pass) mitigated(c Category) bool {
	g := p.s.g
	switch c {
	case Identifier:
		if p.cueFree(g.checkSynthetic) || p.cueFree(g.checkConsent) {
			return true
		}
		if !p.cueFree(g.checkOwn) && !p.orgContact() {
			return false
		}
		for _, f := range p.flags {
			if f.Category == Identifier && f.Rule != rulePhone && f.Rule != ruleEmail {
				return false
			}
		}
		return true
	case PatientStory:
		return p.cueFree(g.checkConsent)
	case ConflictOfInterest:
		return p.any(g.disclosure) || p.adLabel()
	}
	return false
}

// checkCue reports a word that explains a check of category c (a test
// value, the author's own details, consent, the news, a declared
// interest).
func (p *pass) checkCue(c Category) bool {
	for _, r := range p.s.checkCues {
		if (r.cat == "" || r.cat == c) && p.cueFree(r.group) {
			return true
		}
	}
	return c == Identifier && p.orgContact()
}

// cueFree reports a hit of g not negated by the three words before it.
func (p *pass) cueFree(g groupID) bool {
	for _, h := range p.hits[g] {
		if _, neg := p.cueBefore(p.s.g.negation, h.from, 2); neg {
			continue
		}
		if h.from > 0 && p.d.word(h.from-1) == "without" || h.from > 1 && p.d.word(h.from-2) == "without" {
			continue
		}
		return true
	}
	return false
}

// testNHSNumber reports an NHS-number flag on a number in the 999 range,
// which NHS England reserves for test records.
func (p *pass) testNHSNumber() bool {
	for _, f := range p.flags {
		switch f.Rule {
		case ruleNHS, ruleNHSLabelled, ruleNHSFormat:
			if strings.HasPrefix(p.d.text[f.Start:f.End], "999") {
				return true
			}
		}
	}
	return false
}

// orgContact reports a phone number or mailbox the post presents as an
// organisation's ("ring the surgery on", "our prescriptions line").
func (p *pass) orgContact() bool {
	for _, f := range p.flags {
		if f.Rule == rulePhone && p.orgPhone(p.tokAt(f.Start)) {
			return true
		}
	}
	return false
}

func (p *pass) hardRule(c Category) bool {
	for _, f := range p.flags {
		if f.Category == c && hardRules[f.Rule] {
			return true
		}
	}
	return false
}

// modelFlag is the flag for a category the classifier found with no rule
// behind it. Its span is the sentence whose words weigh most towards the
// category, so the doctor sees where to look.
func (p *pass) modelFlag(c Category, head int, score float64) Flag {
	f := p.s.flag(modelRule(c), 0, len(p.d.text))
	f.Score = score
	f.Why = strings.TrimSuffix(f.Why, ".") + " (classifier score " + strconv.FormatFloat(score, 'f', 2, 64) + ")."
	if len(p.d.toks) == 0 {
		return f
	}
	// The sentence whose features add most to the head's sum (the scale
	// of text features is the same for every sentence).
	m := p.s.model
	best, bestW := 0, int64(math.MinInt64)
	for _, sf := range p.sents {
		if w := m.RowSum(p.ex.Text[sf.from:sf.to], head); w > bestW {
			best, bestW = sf.sent, w
		}
	}
	from := p.sentenceStart(best)
	to := p.sentenceStart(best + 1)
	if to > from {
		f.Start, f.End = p.tokSpan(from, to)
	}
	return f
}

func modelRule(c Category) string { return modelRules[catIndex(c)] }

var modelRules = func() (out [5]string) {
	for i, c := range Categories {
		out[i] = "model_" + string(c)
	}
	return out
}()

// checkReason says, in plain words, why a category is only a check.
func (p *pass) checkReason(c Category) string {
	var why []string
	for _, r := range p.s.checkCues {
		if (r.cat == "" || r.cat == c) && p.cueFree(r.group) {
			why = append(why, r.why)
		}
	}
	if c == Identifier && len(why) > 0 && p.testNHSNumber() {
		why = append(why, "the NHS number is in the 999 range kept for test records")
	}
	if len(why) == 0 {
		return "Shown as a check, not a breach: the post reads as an exception (a test value, the author's own details, consent, or news already public); make sure it is."
	}
	return "Shown as a check, not a breach: " + strings.Join(why, "; ") + "; make sure it is."
}

// checkCue is a word list whose presence explains a check.
type checkCue struct {
	group groupID
	cat   Category // "" for any category
	why   string
}

func sortFlags(fl []Flag) {
	slices.SortStableFunc(fl, func(a, b Flag) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(a.End, b.End)
	})
}
