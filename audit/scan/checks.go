package scan

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"chaperone/audit"
)

// CheckID is the audit check that reports posts of category c.
func CheckID(c Category) string { return "posts." + string(c) }

var registerOnce sync.Once

// RegisterChecks adds one audit check per category to the audit registry:
// each scans the platform's posts and reports every post with a flag of
// its category (FAIL for a high-severity flag on a public post, WARN
// otherwise). Calling it again does nothing.
func RegisterChecks() error {
	sc, err := Default()
	if err != nil {
		return err
	}
	registerOnce.Do(func() {
		for _, c := range sc.Checks() {
			audit.Register(c)
		}
	})
	return nil
}

var checkSeverity = map[Category]audit.Severity{
	Identifier:         audit.SeverityHigh,
	PatientStory:       audit.SeverityHigh,
	Derogatory:         audit.SeverityMedium,
	ConflictOfInterest: audit.SeverityMedium,
	Unprofessional:     audit.SeverityMedium,
}

// Checks are the scanner's audit checks, one per category.
func (s *Scanner) Checks() []audit.Check {
	var out []audit.Check
	for _, c := range Categories {
		info := s.cats[c]
		out = append(out, audit.Check{
			ID:          CheckID(c),
			Title:       info.Title,
			Rationale:   rationale[c],
			Remediation: info.Remediation,
			Severity:    checkSeverity[c],
			Platforms:   append([]audit.Platform(nil), audit.Platforms...),
			Clauses:     append([]string(nil), info.Clauses...),
			Run: func(snap *audit.Snapshot, p audit.Platform) []audit.Finding {
				return s.runCheck(snap, p, c)
			},
		})
	}
	return out
}

var rationale = map[Category]string{
	Identifier:         "An NHS number, hospital number, date of birth, phone number, postcode, email address or name in a post identifies a person outright.",
	PatientStory:       "Most breaches name nobody: a case told with when, where, who and an unusual detail lets friends, family or the patient recognise it.",
	Derogatory:         "Derogatory comments about patients or colleagues damage trust in the profession and can be defamatory.",
	ConflictOfInterest: "Doctors who promote a product or service online must declare any financial or commercial interest.",
	Unprofessional:     "Posts showing intoxication, swearing, discriminatory or sexualised language, or larking about in clinical areas have led to suspensions.",
}

// public reports whether a post can be seen by anyone.
func public(p audit.Post) bool {
	return p.Public || p.Audience == audit.AudiencePublic || p.Audience == audit.AudienceEveryone
}

// runCheck reports the posts of platform p flagged for category c: one
// finding per post, with a redacted snippet as evidence. With no post read
// the answer is UNKNOWN, never PASS.
func (s *Scanner) runCheck(snap *audit.Snapshot, p audit.Platform, c Category) []audit.Finding {
	var posts []audit.Post
	for _, post := range snap.Posts {
		if post.Platform == p {
			posts = append(posts, post)
		}
	}
	if len(posts) == 0 {
		return []audit.Finding{{
			Status: audit.Unknown,
			Reason: "No posts were read from " + p.DisplayName() + ", so they could not be checked.",
		}}
	}
	var out []audit.Finding
	for _, post := range posts {
		flags := s.postFlags(post)
		var mine []Flag
		for _, f := range flags {
			if f.Category == c {
				mine = append(mine, f)
			}
		}
		if len(mine) == 0 {
			continue
		}
		out = append(out, s.finding(post, flags, mine))
	}
	if len(out) == 0 {
		// The evidence is what was scanned, so a PASS says how far it goes.
		ev := audit.Evidence{
			What:   fmt.Sprintf("%d posts scanned, none flagged", len(posts)),
			Source: posts[0].Source,
			At:     snap.TakenAt,
		}
		if cov := snap.CoverageFor(p); cov != nil {
			ev.URL = cov.Profile
			ev.At = cov.Finished
		}
		return []audit.Finding{{
			Status:   audit.Pass,
			Reason:   fmt.Sprintf("None of the %d posts read from %s was flagged.", len(posts), p.DisplayName()),
			Evidence: []audit.Evidence{ev},
		}}
	}
	return out
}

func (s *Scanner) finding(post audit.Post, all, mine []Flag) audit.Finding {
	sev := audit.SeverityLow
	for _, f := range mine {
		if rank(f.Severity) > rank(sev) {
			sev = f.Severity
		}
	}
	status := audit.Warn
	if sev == audit.SeverityHigh && public(post) {
		status = audit.Fail
	}
	var rules []string
	seen := map[string]bool{}
	for _, f := range mine {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			rules = append(rules, f.Why)
		}
	}
	who := "friends"
	if public(post) {
		who = "anyone"
	} else if post.Audience != "" {
		who = strings.ReplaceAll(post.Audience, "_", " ")
	}
	when := ""
	if !post.At.IsZero() {
		when = " of " + post.At.Format("2 Jan 2006")
	}
	var ev []audit.Evidence
	for _, f := range mine {
		what := fmt.Sprintf("Post%s (%s): %s", when, f.Rule, Snippet(post.Text, all, f, 140))
		if f.Image != 0 {
			what = fmt.Sprintf("Post%s, picture %d (%s)", when, f.Image, f.Rule)
		}
		ev = append(ev, audit.Evidence{What: what, Source: post.Source, URL: post.URL, At: post.At})
	}
	sort.Strings(rules)
	return audit.Finding{
		Subject:  post.ID,
		Status:   status,
		Severity: sev,
		Reason:   strings.Join(rules, " ") + " Visible to: " + who + ".",
		Evidence: ev,
	}
}

func rank(s audit.Severity) int {
	switch s {
	case audit.SeverityHigh:
		return 3
	case audit.SeverityMedium:
		return 2
	case audit.SeverityLow:
		return 1
	}
	return 0
}

// imageCache keeps the flags of posts with pictures, so that the five
// checks do not decode the same pictures five times.
var imageCache struct {
	sync.Mutex
	m map[string][]Flag
}

func (s *Scanner) postFlags(post audit.Post) []Flag {
	if len(post.Images) == 0 {
		return s.Text(post.Text)
	}
	key := string(post.Platform) + "\x00" + post.ID + "\x00" + post.Text
	for _, im := range post.Images {
		key += "\x00" + im.File + "\x00" + im.Alt
	}
	imageCache.Lock()
	if f, ok := imageCache.m[key]; ok {
		imageCache.Unlock()
		return f
	}
	imageCache.Unlock()
	flags := s.Post(post)
	imageCache.Lock()
	if imageCache.m == nil || len(imageCache.m) > 4096 {
		imageCache.m = map[string][]Flag{}
	}
	imageCache.m[key] = flags
	imageCache.Unlock()
	return flags
}
