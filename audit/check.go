package audit

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// Check is one rule of the audit: metadata a doctor can read, plus a pure
// function that turns a Snapshot into findings for one platform.
//
// A check names no guideline: each guideline's controls name the checks
// that evidence them (see Guideline), so that a guideline can be added
// without touching any check.
type Check struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Rationale is why the check matters, in words that hold under any
	// guideline; a guideline may give its own (Guideline.Rationales).
	Rationale   string     `json:"rationale"`
	Remediation string     `json:"remediation"`
	Severity    Severity   `json:"severity"`
	Platforms   []Platform `json:"platforms"`
	// Facts lists the fact IDs the check reads, for documentation and for
	// tests that remove them.
	Facts []string `json:"facts,omitempty"`
	// FixPath is, per platform, the page where the doctor fixes this,
	// relative to the account's base URL ("/settings?tab=privacy").
	// "{profile}" stands for the audited profile's URL.
	FixPath map[Platform]string `json:"fix_path,omitempty"`
	// Run evaluates the check for platform p, which Evaluate only passes
	// when p was audited. It must not modify s. Fields of the returned
	// findings left empty (CheckID, Platform, Severity, Title,
	// Remediation, FixURL) are filled in from the check; their clauses and
	// rationale come from the guideline scored against.
	Run func(s *Snapshot, p Platform) []Finding `json:"-"`
}

// DefaultBaseURL is the real site of each platform, used for fix links when
// the coverage does not name a base URL (the sandbox does).
func DefaultBaseURL(p Platform) string {
	switch p {
	case Facebook:
		return "https://www.facebook.com"
	case Instagram:
		return "https://www.instagram.com"
	case X:
		return "https://x.com"
	case LinkedIn:
		return "https://www.linkedin.com"
	case TikTok:
		return "https://www.tiktok.com"
	case WhatsApp:
		return "https://web.whatsapp.com"
	}
	return ""
}

// FixURL is the absolute address of the page where the doctor can fix what
// c checks on platform p, built on the audited account's base URL; "" when
// the check has no fix page.
func (c Check) FixURL(s *Snapshot, p Platform) string {
	path, ok := c.FixPath[p]
	if !ok || path == "" {
		return ""
	}
	base := DefaultBaseURL(p)
	profile := ""
	if s != nil {
		if cov := s.CoverageFor(p); cov != nil {
			if cov.BaseURL != "" {
				base = cov.BaseURL
			}
			profile = cov.Profile
		}
	}
	base = strings.TrimRight(base, "/")
	if strings.HasPrefix(path, "{profile}") {
		if profile == "" {
			// The real sites resolve /me to the logged-in user's profile.
			profile = base + "/me"
		}
		return strings.TrimRight(profile, "/") + strings.TrimPrefix(path, "{profile}")
	}
	if u, err := url.Parse(path); err == nil && u.IsAbs() {
		return path
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return base + path
}

// Catalogue is the checks of one audit: built for each run (the shipped
// data checks, the post scanner's, the connection checks over that run's
// watch-list) and handed to Evaluate, so that two audits in one process
// never share checks or their state.
type Catalogue []Check

// NewCatalogue joins lists of checks, rejecting an invalid check or an ID
// used twice.
func NewCatalogue(lists ...[]Check) (Catalogue, error) {
	var out Catalogue
	seen := map[string]bool{}
	for _, l := range lists {
		for _, c := range l {
			if err := validCheck(c); err != nil {
				return nil, err
			}
			if seen[c.ID] {
				return nil, fmt.Errorf("check %q is defined twice", c.ID)
			}
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	return out, nil
}

// ByID finds a check of the catalogue.
func (cat Catalogue) ByID(id string) (Check, bool) {
	for _, c := range cat {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

// For lists the checks that apply to platform p, sorted by ID.
func (cat Catalogue) For(p Platform) []Check {
	var out []Check
	for _, c := range cat.sorted() {
		if slices.Contains(c.Platforms, p) {
			out = append(out, c)
		}
	}
	return out
}

func (cat Catalogue) sorted() []Check {
	out := slices.Clone(cat)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func validCheck(c Check) error {
	switch {
	case c.ID == "":
		return fmt.Errorf("check without ID")
	case c.Run == nil:
		return fmt.Errorf("check %q has no Run function", c.ID)
	case c.Title == "":
		return fmt.Errorf("check %q has no title", c.ID)
	case len(c.Platforms) == 0:
		return fmt.Errorf("check %q names no platform", c.ID)
	}
	switch c.Severity {
	case SeverityHigh, SeverityMedium, SeverityLow, SeverityInfo:
	default:
		return fmt.Errorf("check %q: unknown severity %q", c.ID, c.Severity)
	}
	return nil
}

// notRead explains why something the check needs is missing on platform p:
// the adapter's reason for that fact if it gave one, and the platform-wide
// error if the audit of p stopped. what names the missing thing.
func notRead(s *Snapshot, p Platform, factID, what string) string {
	msg := what + " was not read"
	cov := s.CoverageFor(p)
	if cov == nil {
		return msg + ": " + p.DisplayName() + " was not audited"
	}
	if why := cov.Missing[factID]; factID != "" && why != "" {
		msg += ": " + why
	}
	return msg
}

// unknownEvidence records what was looked for, so an UNKNOWN finding still
// says where the audit tried to read.
func unknownEvidence(s *Snapshot, p Platform, factID, label string) []Evidence {
	ev := Evidence{FactID: factID, What: label + ": not read"}
	if cov := s.CoverageFor(p); cov != nil {
		ev.Source = cov.Source
		ev.At = coverageTime(s, cov)
	}
	return []Evidence{ev}
}

// coverageTime is when a platform's reading ended, as near as is known.
func coverageTime(s *Snapshot, cov *Coverage) time.Time {
	switch {
	case !cov.Finished.IsZero():
		return cov.Finished
	case !cov.Started.IsZero():
		return cov.Started
	}
	return s.TakenAt
}

// factEvidence is the evidence a read fact gives: "label = value".
func factEvidence(f Fact, label string) Evidence {
	return Evidence{
		FactID:     f.ID,
		What:       label + " = " + displayValue(f),
		Source:     f.Source,
		URL:        f.URL,
		At:         f.At,
		Screenshot: f.Screenshot,
	}
}

// displayValue is the value as the page said it when known, with the
// normalised value in words when they differ.
func displayValue(f Fact) string {
	raw := strings.TrimSpace(f.Raw)
	words := strings.ReplaceAll(f.Value, "_", " ")
	switch {
	case raw == "":
		return words
	case words == "" || normValue(raw) == normValue(f.Value):
		return raw
	case containsWord(normValue(raw), normValue(f.Value)):
		// "4 pending" already says 4: "(4)" after it would be noise.
		return raw
	}
	// The page's wording alone can mislead (a button's label, a count), so
	// the reading Chaperone made of it follows.
	return raw + " (" + words + ")"
}

// containsWord reports whether the underscore-joined words of s include
// w's, in order.
func containsWord(s, w string) bool {
	return w != "" && strings.Contains("_"+s+"_", "_"+w+"_")
}

// normValue canonicalises a fact value for comparison with rule values, so
// that "Only me", "only-me" and "only_me" agree and Yes/No read as On/Off.
func normValue(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	v = strings.Join(strings.FieldsFunc(v, func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n'
	}), "_")
	switch v {
	case "yes", "enabled", "true", "allowed":
		return On
	case "no", "disabled", "false", "not_allowed":
		return Off
	}
	return v
}

// isLoopback reports whether rawURL points at this computer (the sandbox).
func isLoopback(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
