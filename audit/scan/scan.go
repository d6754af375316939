// Package scan finds posts that may identify a patient or breach
// professional standards, in five categories a post may belong to
// together: identifiers (NHS, CHI, Medicare and hospital numbers, dates
// of birth, phone numbers, postcodes, street addresses, email addresses,
// names in a care context), recognisable patient stories, derogatory
// comments, undisclosed promotion and unprofessional content, plus what
// the attached photos give away (GPS position, clinical images).
//
// Two components work together. Explainable rules do what rules do well:
// check digits, formats, context words; each fires a flag with its span
// and a reason. A classifier (a logistic regression per category over
// hashed words, word pairs, character n-grams and the rules' findings,
// trained by `make train-scanner` from the committed corpus; see
// audit/scan/train) judges what rules cannot: a real encounter told about
// one person, demeaning language, promotion, conduct. Some rules decide
// alone (a valid check digit, a labelled number, a date after "DOB", a
// postcode or a street address); the other rule flags are kept only when
// the classifier agrees. A finding the post itself explains (test values,
// the author's own details, consent, a declared interest) is shown as a
// "check", at low severity, rather than dropped.
//
// The word lists and the rules' wording are data (assets/lexicons), as
// is the classifier (assets/scan). A post is tokenised once and every
// word list is matched in the same pass, so scanning is linear in the
// length of the text.
package scan

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"sync"

	"chaperone/assets"
	"chaperone/audit"
	"chaperone/audit/scan/learn"
)

// Category is the kind of problem a flag points at. The names are fixed:
// the CLI's JSON and the audit's check IDs use them.
type Category string

const (
	Identifier         Category = "identifier"
	PatientStory       Category = "patient_story"
	Derogatory         Category = "derogatory"
	ConflictOfInterest Category = "conflict_of_interest"
	Unprofessional     Category = "unprofessional"
)

// Categories lists every category in the order reports show them.
var Categories = []Category{Identifier, PatientStory, Derogatory, ConflictOfInterest, Unprofessional}

// Flag is one thing the scanner found in a post.
type Flag struct {
	Category Category       `json:"category"`
	Rule     string         `json:"rule"`
	Severity audit.Severity `json:"severity"`
	// Start and End are the byte span of the text the flag rests on; for a
	// flag about an attached image both are 0.
	Start int    `json:"start"`
	End   int    `json:"end"`
	Why   string `json:"why"`
	// Image is the 1-based number of the attached image the flag is
	// about; 0 for the post's text.
	Image int `json:"image,omitempty"`
	// Check marks a flag shown only for the doctor to check: the post
	// says why it may be fine (a test number, the author's own details,
	// consent, news already public). Its severity is info, and it is not
	// a breach.
	Check bool `json:"check,omitempty"`
	// Score is the classifier's probability for the flag's category, on
	// flags the classifier raised (rule "model_<category>").
	Score float64 `json:"score,omitempty"`
}

// Scanner holds the compiled word lists and rules. It is safe for
// concurrent use.
type Scanner struct {
	lx    *lexicon
	rules map[string]ruleSpec
	cats  map[Category]CategoryInfo
	g     groups
	// fp names the features this scanner extracts (see fingerprint).
	fp [32]byte
	// model is the classifier (nil: rules alone); yHead and mHead are its
	// outputs per category (mHead -1 when it has no check output).
	model        *learn.Model
	checkModel   *learn.Model
	yHead, mHead [5]int
	// nearP is half the probability at each category's threshold: a
	// score above it is near enough for a reason in the post to make
	// the category a check.
	nearP     [5]float64
	checkCues []checkCue
	// common is the list of common English words (see people.go).
	common map[string]struct{}
}

// groups are the word lists the code relies on, resolved once.
type groups struct {
	subject, clinical, workplace, when, where, who, unusual, suppressStory, encounterVerbs groupID
	slang, slangExcept, meta, insult, target, self, negation                               groupID
	promoStrong, promoWeak, commercial, disclosure, publicHealth                           groupID
	intox, intoxExcept, thirdPerson, profanity, discriminatory, sexual                     groupID
	funPhoto, clinicalArea, funMarker, lyingDown                                           groupID
	hospitalWords, idContext, nhsContext, dobContext, nameContext                          groupID
	roleMailbox, titles, forenames, postcodeAreas, colleagueContext                        groupID
	checkSynthetic, checkOwn, checkConsent                                                 groupID
}

// New builds a scanner from the lexicons/ folder of fsys (word lists as
// lexicons/*.txt, rules in lexicons/rules.json) and the classifier in
// ModelFile.
func New(fsys fs.FS) (*Scanner, error) {
	s, err := NewRules(fsys)
	if err != nil {
		return nil, err
	}
	data, err := ReadModel(fsys)
	if err != nil {
		return nil, err
	}
	m, err := learn.ParseBundle(data)
	if err != nil {
		return nil, fmt.Errorf("reading the scanner model: %w", err)
	}
	return s.WithModel(m)
}

// NewRules builds a scanner with the rules alone (no classifier): what
// the classifier is trained on, and what `Mode.RulesOnly` measures.
func NewRules(fsys fs.FS) (*Scanner, error) {
	lx, err := loadLexicon(fsys, "lexicons")
	if err != nil {
		return nil, err
	}
	rf, err := loadRules(fsys, "lexicons/rules.json")
	if err != nil {
		return nil, err
	}
	s := &Scanner{lx: lx, rules: map[string]ruleSpec{}, cats: map[Category]CategoryInfo{}}
	for _, r := range rf.Rules {
		s.rules[r.ID] = r
	}
	for k, v := range rf.Categories {
		s.cats[Category(k)] = v
	}
	for _, id := range ruleIDs {
		if _, ok := s.rules[id]; !ok {
			return nil, fmt.Errorf("rules.json does not define rule %q", id)
		}
	}
	var errs []error
	get := func(name string) groupID {
		id, err := lx.group(name)
		if err != nil {
			errs = append(errs, err)
		}
		return id
	}
	g := &s.g
	g.subject, g.clinical, g.workplace = get("subject"), get("clinical"), get("workplace")
	g.when, g.where = get("when"), get("where")
	g.who, g.unusual, g.suppressStory, g.encounterVerbs = get("who"), get("unusual"), get("suppress_story"), get("encounter_verbs")
	g.slang, g.slangExcept, g.meta, g.insult = get("slang"), get("slang_except"), get("meta"), get("insult")
	g.target, g.self, g.negation = get("target"), get("self"), get("negation")
	g.promoStrong, g.promoWeak, g.commercial = get("promo_strong"), get("promo_weak"), get("commercial")
	g.disclosure, g.publicHealth = get("disclosure"), get("public_health")
	g.intox, g.intoxExcept, g.thirdPerson = get("intox"), get("intox_except"), get("third_person")
	g.profanity, g.discriminatory, g.sexual = get("profanity"), get("discriminatory"), get("sexual")
	g.funPhoto, g.clinicalArea, g.funMarker, g.lyingDown = get("fun_photo"), get("clinical_area"), get("fun_marker"), get("lying_down")
	g.hospitalWords, g.idContext, g.nhsContext = get("hospital_words"), get("id_context"), get("nhs_context")
	g.dobContext, g.nameContext, g.roleMailbox = get("dob_context"), get("name_context"), get("role_mailbox")
	g.titles, g.forenames, g.postcodeAreas = get("titles"), get("forenames"), get("postcode_areas")
	g.colleagueContext = get("colleague_context")
	for _, c := range []struct {
		list string
		cat  Category
		why  string
	}{
		{"check_synthetic", Identifier, "the post says the details are test, example or made-up values"},
		{"check_own", Identifier, "the details look like the author's own"},
		{"check_consent", "", "the post says it is shared with consent"},
		{"check_press", "", "the post refers to news already public"},
		{"disclosure", ConflictOfInterest, "the post declares the interest"},
	} {
		s.checkCues = append(s.checkCues, checkCue{group: get(c.list), cat: c.cat, why: c.why})
	}
	g.checkSynthetic, g.checkOwn, g.checkConsent = get("check_synthetic"), get("check_own"), get("check_consent")
	if len(errs) > 0 {
		return nil, errs[0]
	}
	if s.common, err = loadCommonWords(fsys); err != nil {
		return nil, err
	}
	if s.fp, err = fingerprint(fsys); err != nil {
		return nil, err
	}
	for i := range s.yHead {
		s.yHead[i], s.mHead[i] = -1, -1
	}
	return s, nil
}

// ruleIDs are the rules the code can fire; rules.json must define each.
var ruleIDs = []string{
	ruleNHS, ruleNHSLabelled, ruleNHSFormat, ruleCHI, ruleHospitalNumber, ruleDOB, rulePhone,
	ruleEmail, rulePostcode, ruleName, ruleStory, ruleClinicalImage,
	ruleDocumentImage, rulePhotoLocation, ruleSlang, ruleInsult, rulePromotion,
	ruleIntox, ruleProfanity, ruleDiscriminatory, ruleSexual, ruleAreaPhoto,
	ruleMedicare, ruleAddress, ruleStreet, rulePersonName,
	modelRule(Identifier), modelRule(PatientStory), modelRule(Derogatory),
	modelRule(ConflictOfInterest), modelRule(Unprofessional),
}

const (
	ruleNHS            = "nhs_number"
	ruleNHSLabelled    = "nhs_number_labelled"
	ruleNHSFormat      = "nhs_number_format"
	ruleCHI            = "chi_number"
	ruleHospitalNumber = "hospital_number"
	ruleDOB            = "date_of_birth"
	rulePhone          = "phone_number"
	ruleEmail          = "email_address"
	rulePostcode       = "postcode"
	ruleName           = "patient_name"
	ruleStory          = "identifiable_story"
	ruleClinicalImage  = "clinical_image"
	ruleDocumentImage  = "document_image"
	rulePhotoLocation  = "photo_location"
	ruleSlang          = "derogatory_slang"
	ruleInsult         = "insult"
	rulePromotion      = "undisclosed_promotion"
	ruleIntox          = "intoxication"
	ruleProfanity      = "profanity"
	ruleDiscriminatory = "discriminatory"
	ruleSexual         = "sexualised"
	ruleAreaPhoto      = "clinical_area_photo"
	ruleMedicare       = "medicare_number"
	ruleAddress        = "street_address"
	ruleStreet         = "street_name"
	rulePersonName     = "person_name"
)

var (
	defaultOnce sync.Once
	defaultScan *Scanner
	defaultErr  error
)

// Default is the scanner built from the lexicons shipped in the binary.
func Default() (*Scanner, error) {
	defaultOnce.Do(func() { defaultScan, defaultErr = New(assets.FS) })
	return defaultScan, defaultErr
}

// Category describes a category: title and remediation.
func (s *Scanner) Category(c Category) CategoryInfo { return s.cats[c] }

// flag builds a flag for rule over [start, end) with the rule's data.
func (s *Scanner) flag(rule string, start, end int) Flag {
	r := s.rules[rule]
	return Flag{Category: Category(r.Category), Rule: rule, Severity: audit.Severity(r.Severity), Start: start, End: end, Why: r.Why}
}

// Text scans a post's text and returns its flags ordered by position
// (nil when the text is clean): those of every category the post is in,
// and, marked Check, those of every category it is only a check for.
func (s *Scanner) Text(text string) []Flag {
	return s.Analyze(text).Flags
}

// pass is the state of scanning one text.
type pass struct {
	s        *Scanner
	d        doc
	hits     [][]hit
	buf      []byte
	flags    []Flag
	clinical bool
	// taken marks byte ranges already claimed by an identifier, so that a
	// number is reported once; sorted, never overlapping.
	taken     []span
	seen      map[flagKey]bool
	datesDone bool
	dateSpans []dateSpan
	// slangSpans are the derogatory slang flags, in text order.
	slangSpans []span
	// ages caches ageAt for every token (filled on first use; story and
	// subjects both ask for every token).
	ages []int32
	// sentStarts caches sentenceStart (filled on first use).
	sentStarts []int
	cues       cueState
	ex         learn.Example
	sents      []sentFeatures
	cueBuf     []int
	subjBuf    []hit
	namesDone  bool
	nameOK     []int8 // per token: 0 unknown, 1 may be part of a name, -1 not
	nameCands  []nameCand
}

type span struct{ start, end int }

func newPass(s *Scanner, text string) *pass {
	p := passPool.Get().(*pass)
	p.s = s
	p.d = tokenizeInto(text, p.d.toks[:0], p.buf[:0], s.lx)
	if cap(p.hits) < len(s.lx.names) {
		p.hits = make([][]hit, len(s.lx.names))
	}
	p.hits = p.hits[:len(s.lx.names)]
	for i := range p.hits {
		p.hits[i] = p.hits[i][:0]
	}
	s.lx.match(&p.d, p.hits)
	p.clinical = len(p.hits[s.g.clinical]) > 0 || len(p.hits[s.g.subject]) > 0
	return p
}

// release returns p's buffers to the pool; p must not be used after.
func (p *pass) release() {
	p.buf = p.d.normBuf
	p.d = doc{toks: p.d.toks[:0]}
	p.flags = p.flags[:0]
	p.taken = p.taken[:0]
	clear(p.seen)
	p.slangSpans = p.slangSpans[:0]
	p.ages = p.ages[:0]
	p.sentStarts = p.sentStarts[:0]
	p.datesDone = false
	p.dateSpans = p.dateSpans[:0]
	p.cues = cueState{}
	p.namesDone = false
	p.nameOK = p.nameOK[:0]
	p.sents = p.sents[:0]
	p.nameCands = p.nameCands[:0]
	p.ex.Text, p.ex.Rule = p.ex.Text[:0], p.ex.Rule[:0]
	p.s = nil
	passPool.Put(p)
}

var passPool = sync.Pool{New: func() any { return &pass{} }}

func (p *pass) any(g groupID) bool { return len(p.hits[g]) > 0 }

// add records a flag, dropping an exact repeat. A post has few flags, so
// the repeat is looked for by a scan of the flags; the set is only built
// for the rare post with many.
func (p *pass) add(f Flag) {
	k := flagKey{f.Rule, f.Start, f.End}
	if len(p.flags) < dedupScan {
		for i := range p.flags {
			if g := &p.flags[i]; g.Start == f.Start && g.End == f.End && g.Rule == f.Rule {
				return
			}
		}
	} else {
		if len(p.seen) == 0 {
			if p.seen == nil {
				p.seen = map[flagKey]bool{}
			}
			for _, g := range p.flags {
				p.seen[flagKey{g.Rule, g.Start, g.End}] = true
			}
		}
		if p.seen[k] {
			return
		}
		p.seen[k] = true
	}
	p.flags = append(p.flags, f)
}

// dedupScan is the number of flags up to which add scans for a repeat.
const dedupScan = 16

type flagKey struct {
	rule       string
	start, end int
}

// result is a copy of the flags (the caller keeps it; the pass's slice is
// reused), sorted by position.
func (p *pass) result() []Flag {
	if len(p.flags) == 0 {
		return nil
	}
	out := append([]Flag(nil), p.flags...)
	slices.SortStableFunc(out, func(a, b Flag) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(a.End, b.End)
	})
	return out
}

// overlaps reports whether [a, b) overlaps a span already claimed.
func (p *pass) overlaps(a, b int) bool {
	i := sort.Search(len(p.taken), func(i int) bool { return p.taken[i].end > a })
	return i < len(p.taken) && p.taken[i].start < b
}

// claim marks [a, b) as taken, keeping the list sorted (claims come mostly
// in text order, so the insertion is at or near the end).
func (p *pass) claim(a, b int) {
	i := sort.Search(len(p.taken), func(i int) bool { return p.taken[i].start >= a })
	p.taken = append(p.taken, span{})
	copy(p.taken[i+1:], p.taken[i:])
	p.taken[i] = span{a, b}
}

// firstHit is the index of the first hit of g starting at or after token
// from; hits are recorded in token order.
func (p *pass) firstHit(g groupID, from int) int {
	hs := p.hits[g]
	return sort.Search(len(hs), func(i int) bool { return hs[i].from >= from })
}

// tokSpan is the source byte span of tokens [from, to).
func (p *pass) tokSpan(from, to int) (int, int) {
	return p.d.toks[from].start, p.d.toks[to-1].end
}

// hitIn reports whether group g has a hit whose tokens lie in [from, to).
func (p *pass) hitIn(g groupID, from, to int) bool {
	hs := p.hits[g]
	for k := p.firstHit(g, from); k < len(hs) && hs[k].from < to; k++ {
		if hs[k].to <= to {
			return true
		}
	}
	return false
}

// sentenceStart is the index of the first token of sentence s (or of
// the first sentence after it; len(toks) past the last). The starts are
// worked out once per pass: names and the derogatory checks ask for them
// token after token.
func (p *pass) sentenceStart(s int) int {
	if s <= 0 || len(p.d.toks) == 0 {
		return 0
	}
	if len(p.sentStarts) == 0 {
		// sentStarts[k] is the first token of sentence k or later, for
		// k up to the last sentence + 1.
		last := p.d.toks[len(p.d.toks)-1].sent
		for k, i := 0, 0; k <= last+1; k++ {
			for i < len(p.d.toks) && p.d.toks[i].sent < k {
				i++
			}
			p.sentStarts = append(p.sentStarts, i)
		}
	}
	if s >= len(p.sentStarts) {
		return len(p.d.toks)
	}
	return p.sentStarts[s]
}

// hitInSentence reports whether g has a hit in sentence sent.
func (p *pass) hitInSentence(g groupID, sent int) bool {
	hs := p.hits[g]
	k := p.firstHit(g, p.sentenceStart(sent))
	return k < len(hs) && p.d.toks[hs[k].from].sent == sent
}

// hitsInSentences returns the hits of g that start in sentences
// [from, to].
func (p *pass) hitsInSentences(g groupID, from, to int) []hit {
	hs := p.hits[g]
	a := p.firstHit(g, p.sentenceStart(from))
	b := p.firstHit(g, p.sentenceStart(to+1))
	return hs[a:b]
}

// inSet reports whether token i's word is in the single-word list g.
func (p *pass) inSet(g groupID, i int) bool {
	return p.s.lx.wordInfo(&p.d.toks[i]).sets&(1<<uint(g)) != 0
}

// ageLen is p.ageAt(i), computed once per token per pass.
func (p *pass) ageLen(i int) int {
	if len(p.ages) != len(p.d.toks) {
		p.ages = p.ages[:0]
		p.sentStarts = p.sentStarts[:0]
		for k := range p.d.toks {
			p.ages = append(p.ages, int32(p.ageAt(k)))
		}
	}
	return int(p.ages[i])
}

// maxModel bounds the model once inflated: the shipped one is 4.2 MB.
const maxModel = 64 << 20

// ReadModel is the classifier's bundle as stored in ModelFile of fsys,
// inflated (it is kept gzipped: the weights compress to 40%).
func ReadModel(fsys fs.FS) ([]byte, error) {
	f, err := fsys.Open(ModelFile)
	if err != nil {
		return nil, fmt.Errorf("reading the scanner model: %w", err)
	}
	defer f.Close()
	return InflateModel(f)
}

// InflateModel reads a model as ModelFile stores it.
func InflateModel(r io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("reading the scanner model: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(zr, maxModel+1))
	if err != nil {
		return nil, fmt.Errorf("reading the scanner model: %w", err)
	}
	if len(data) > maxModel {
		return nil, fmt.Errorf("reading the scanner model: larger than %d MB inflated", maxModel>>20)
	}
	return data, nil
}

// CompressModel is a bundle as ModelFile stores it. The same bundle
// gives the same bytes (no name or time in the header).
func CompressModel(bundle []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(bundle); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
