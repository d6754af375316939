package audit

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"chaperone/assets"
)

// Checks are data where possible: assets/checks/<platform>.json lists, for
// each fact, the values that pass, warn and fail (in the manner of
// kube-bench). Checks that need logic name a "kind" whose code is in
// checks_code.go; their wording still lives in the data.

type ruleFile struct {
	// Platform is the network the file's checks are for; Platforms lists
	// them for checks that apply to several (a file gives one or the other).
	Platform  Platform   `json:"platform,omitempty"`
	Platforms []Platform `json:"platforms,omitempty"`
	Checks    []ruleSpec `json:"checks"`
}

type ruleSpec struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind,omitempty"` // "" = value rule
	Fact        string   `json:"fact,omitempty"`
	Label       string   `json:"label"`
	Title       string   `json:"title"`
	Severity    Severity `json:"severity"`
	Rationale   string   `json:"rationale"`
	Remediation string   `json:"remediation"`
	// Clauses is the old way of mapping a check to a guideline, from the
	// check's side. It is refused: the guideline names its checks.
	Clauses json.RawMessage `json:"clauses,omitempty"`
	FixPath string          `json:"fix_path,omitempty"`
	// Value rule: the normalised values giving each status. A value in no
	// list is UNKNOWN, never PASS.
	Pass []string `json:"pass,omitempty"`
	Warn []string `json:"warn,omitempty"`
	Fail []string `json:"fail,omitempty"`
	// Why is the plain-words reason per status.
	Why map[Status]string `json:"why,omitempty"`
	// Pairs is for kind public_view_matches.
	Pairs []pairSpec `json:"pairs,omitempty"`
	// Request is, for kind pending_requests, what the network calls a
	// request ("friend request", "follow request", "invitation").
	Request string `json:"request,omitempty"`
	// Places are, for kind clinical_area_images, the words that put a
	// picture in a clinical area when the platform's description of it or
	// the post says them.
	Places []string `json:"places,omitempty"`
	// Clinical are, for kind pseudonymous_advice, the words that make a
	// public post clinical content; NotName the titles, roles and
	// post-nominals a display name may hold besides a name; Pseudonym the
	// words that mark a made-up name.
	Clinical  []string `json:"clinical,omitempty"`
	NotName   []string `json:"not_name,omitempty"`
	Pseudonym []string `json:"pseudonym,omitempty"`
	// Professional lists, for kind cross_links, the networks whose
	// accounts are professional unless the account says otherwise.
	Professional []Platform `json:"professional,omitempty"`
}

// pairSpec compares a setting with what the public view showed.
type pairSpec struct {
	Setting         string `json:"setting"`
	SettingLabel    string `json:"setting_label"`
	PublicView      string `json:"public_view"`
	PublicViewLabel string `json:"public_view_label"`
	// Open lists setting values under which strangers are meant to see it.
	Open     []string `json:"open"`
	Mismatch Status   `json:"mismatch"`
	Why      string   `json:"why"`
}

// DataChecks are the checks shipped in assets/checks. The data is part of
// the binary, so a broken file is a build defect that tests catch; each
// call parses afresh, so no run shares check values with another.
func DataChecks() ([]Check, error) {
	return LoadChecks(assets.FS, "checks")
}

// LoadChecks reads every *.json rule file in dir of fsys.
func LoadChecks(fsys fs.FS, dir string) ([]Check, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("listing check files: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no check files in %s", dir)
	}
	sort.Strings(names)
	var out []Check
	seen := map[string]bool{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		checks, err := parseRuleFile(data)
		if err != nil {
			return nil, fmt.Errorf("check file %s: %w", name, err)
		}
		for _, c := range checks {
			if seen[c.ID] {
				return nil, fmt.Errorf("check file %s: duplicate check %q", name, c.ID)
			}
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	return out, nil
}

func parseRuleFile(data []byte) ([]Check, error) {
	var rf ruleFile
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields() // a misspelt key would silently drop a rule
	if err := dec.Decode(&rf); err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	ps := rf.Platforms
	switch {
	case rf.Platform != "" && len(ps) > 0:
		return nil, fmt.Errorf("give platform or platforms, not both")
	case rf.Platform != "":
		ps = []Platform{rf.Platform}
	case len(ps) == 0:
		return nil, fmt.Errorf("no platform")
	}
	var out []Check
	for _, r := range rf.Checks {
		c, err := r.build(ps)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (r ruleSpec) build(ps []Platform) (Check, error) {
	c := Check{
		ID:          r.ID,
		Title:       r.Title,
		Rationale:   r.Rationale,
		Remediation: r.Remediation,
		Severity:    r.Severity,
		Platforms:   slices.Clone(ps),
	}
	if r.FixPath != "" {
		c.FixPath = map[Platform]string{}
		for _, p := range ps {
			c.FixPath[p] = r.FixPath
		}
	}
	if r.Fact != "" {
		c.Facts = []string{r.Fact}
	}
	if r.Label == "" {
		return c, fmt.Errorf("check %q: no label", r.ID)
	}
	if len(r.Clauses) > 0 {
		return c, fmt.Errorf("check %q names guideline clauses: a check names no guideline, the guideline's controls name their checks (assets/guidelines); move them with `go run ./audit/internal/convert`", r.ID)
	}
	switch r.Kind {
	case "connection_security", "clinical_area_images", "pseudonymous_advice", "cross_links":
	default:
		if len(ps) != 1 {
			return c, fmt.Errorf("check %q reads one network's facts, so its file must name one platform", r.ID)
		}
	}
	switch r.Kind {
	case "":
		if r.Fact == "" || len(r.Pass)+len(r.Warn)+len(r.Fail) == 0 {
			return c, fmt.Errorf("check %q: a value rule needs a fact and values", r.ID)
		}
		if err := r.checkValueLists(); err != nil {
			return c, err
		}
		c.Run = r.runValueRule
	case "sessions":
		if r.Fact == "" {
			return c, fmt.Errorf("check %q: sessions needs the count fact", r.ID)
		}
		c.Run = r.runSessions
	case "pending_requests":
		if r.Request == "" {
			return c, fmt.Errorf("check %q: pending_requests needs what the network calls a request", r.ID)
		}
		c.Run = r.runPendingRequests
	case "connection_security":
		c.Run = r.runConnectionSecurity
	case "public_view_matches":
		if len(r.Pairs) == 0 {
			return c, fmt.Errorf("check %q: no pairs to compare", r.ID)
		}
		for _, pr := range r.Pairs {
			if pr.Mismatch != Fail && pr.Mismatch != Warn {
				return c, fmt.Errorf("check %q: mismatch status must be FAIL or WARN, not %q", r.ID, pr.Mismatch)
			}
			if pr.SettingLabel == "" || pr.PublicViewLabel == "" {
				return c, fmt.Errorf("check %q: pair %s/%s needs both labels", r.ID, pr.Setting, pr.PublicView)
			}
			c.Facts = append(c.Facts, pr.Setting, pr.PublicView)
		}
		c.Run = r.runPublicViewMatches
	case "clinical_area_images":
		if len(r.Places) == 0 {
			return c, fmt.Errorf("check %q: no places to look for", r.ID)
		}
		c.Run = r.runClinicalAreaImages
	case "pseudonymous_advice":
		if len(r.Clinical) == 0 || !strings.Contains(r.Fact, "{platform}") {
			return c, fmt.Errorf("check %q: needs clinical words and a name fact with {platform}", r.ID)
		}
		c.Facts = nil
		for _, p := range ps {
			c.Facts = append(c.Facts, platformFact(r.Fact, p))
		}
		c.Run = r.runPseudonymousAdvice
	case "cross_links":
		if !strings.Contains(r.Fact, "{platform}") {
			return c, fmt.Errorf("check %q: needs a links fact with {platform}", r.ID)
		}
		c.Facts = nil
		for _, p := range ps {
			c.Facts = append(c.Facts, platformFact(r.Fact, p), string(p)+"."+profileKindFact)
		}
		c.Run = r.runCrossLinks
	default:
		return c, fmt.Errorf("check %q: unknown kind %q", r.ID, r.Kind)
	}
	if err := validCheck(c); err != nil {
		return c, err
	}
	return c, nil
}

// checkValueLists rejects a value listed under two statuses.
func (r ruleSpec) checkValueLists() error {
	seen := map[string]Status{}
	for st, list := range map[Status][]string{Pass: r.Pass, Warn: r.Warn, Fail: r.Fail} {
		for _, v := range list {
			n := normValue(v)
			if prev, ok := seen[n]; ok && prev != st {
				return fmt.Errorf("check %q: value %q is both %s and %s", r.ID, v, prev, st)
			}
			seen[n] = st
		}
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if normValue(x) == v {
			return true
		}
	}
	return false
}

// reason is the rule's own words for st, or a plain default.
func (r ruleSpec) reason(st Status, f Fact) string {
	if w := r.Why[st]; w != "" {
		return w
	}
	return fmt.Sprintf("%s is %q.", r.Label, displayValue(f))
}

func (r ruleSpec) runValueRule(s *Snapshot, p Platform) []Finding {
	f, ok := s.Fact(r.Fact)
	if !ok {
		return []Finding{{
			Status:   Unknown,
			Reason:   notRead(s, p, r.Fact, "“"+r.Label+"”"),
			Evidence: unknownEvidence(s, p, r.Fact, r.Label),
		}}
	}
	v := normValue(f.Value)
	var st Status
	switch {
	case v == "":
		return []Finding{{
			Status:   Unknown,
			Reason:   fmt.Sprintf("“%s” was read but had no value.", r.Label),
			Evidence: []Evidence{factEvidence(f, r.Label)},
		}}
	case contains(r.Fail, v):
		st = Fail
	case contains(r.Warn, v):
		st = Warn
	case contains(r.Pass, v):
		st = Pass
	default:
		// An unexpected value may be a renamed option: say so rather than
		// guess.
		return []Finding{{
			Status:   Unknown,
			Reason:   fmt.Sprintf("“%s” has a value Chaperone does not recognise (%q); check it by hand.", r.Label, displayValue(f)),
			Evidence: []Evidence{factEvidence(f, r.Label)},
		}}
	}
	return []Finding{{Status: st, Reason: r.reason(st, f), Evidence: []Evidence{factEvidence(f, r.Label)}}}
}
