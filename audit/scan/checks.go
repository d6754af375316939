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

var checkSeverity = map[Category]audit.Severity{
	Identifier:         audit.SeverityHigh,
	PatientStory:       audit.SeverityHigh,
	Derogatory:         audit.SeverityMedium,
	ConflictOfInterest: audit.SeverityMedium,
	Unprofessional:     audit.SeverityMedium,
}

// Checks are the scanner's audit checks, one per category. They name no
// guideline: the guidelines' controls name them by CheckID.
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
		out = append(out, s.finding(snap, post, c, flags, mine))
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

// headline says, in words, what a flagged post may do; it follows "Post
// of 30 Aug 2025" in the finding's title.
var headline = map[Category]string{
	Identifier:         "may identify a patient",
	PatientStory:       "may tell a recognisable patient story",
	Derogatory:         "may read as derogatory about patients or colleagues",
	ConflictOfInterest: "may promote something without declaring an interest",
	Unprofessional:     "may fall short of professional standards",
}

// alwaysFail are the categories that fail whatever the post's audience:
// friends-only audiences leak (MPS: "tight privacy settings can create a
// false sense of security"), and a patient identified to friends is still
// a patient identified.
var alwaysFail = map[Category]bool{Identifier: true, PatientStory: true}

func (s *Scanner) finding(snap *audit.Snapshot, post audit.Post, c Category, all, mine []Flag) audit.Finding {
	sev := audit.SeverityLow
	for _, f := range mine {
		if rank(f.Severity) > rank(sev) {
			sev = f.Severity
		}
	}
	status := audit.Warn
	switch {
	case alwaysFail[c] && rank(sev) >= rank(audit.SeverityMedium):
		status = audit.Fail
	case sev == audit.SeverityHigh && public(post):
		status = audit.Fail
	}
	var whys []string
	seen := map[string]bool{}
	for _, f := range mine {
		if !seen[f.Why] {
			seen[f.Why] = true
			whys = append(whys, f.Why)
		}
	}
	who := "your friends"
	switch {
	case public(post):
		who = "anyone"
	case post.Audience != "":
		who = strings.ReplaceAll(post.Audience, "_", " ")
	}
	title := "A post " + headline[c]
	if !post.At.IsZero() {
		title = "Post of " + post.At.Format("2 Jan 2006") + " " + headline[c]
	}
	// The evidence is when and how the post was read, not when it was
	// written: the title already dates the post.
	readAt := snap.TakenAt
	if cov := snap.CoverageFor(post.Platform); cov != nil && !cov.Finished.IsZero() {
		readAt = cov.Finished
	}
	var ev []audit.Evidence
	pictures := map[int]bool{}
	for _, f := range mine {
		if f.Image != 0 {
			if !pictures[f.Image] {
				pictures[f.Image] = true
				ev = append(ev, audit.Evidence{What: fmt.Sprintf("Picture %d of the post: %s", f.Image, f.Why), Source: post.Source, URL: post.URL, At: readAt})
			}
			continue
		}
		ev = append(ev, audit.Evidence{What: "“" + Snippet(post.Text, all, f, 140) + "”", Source: post.Source, URL: post.URL, At: readAt})
	}
	sort.Strings(whys)
	return audit.Finding{
		Subject:  post.ID,
		Status:   status,
		Severity: sev,
		Title:    title,
		Reason:   strings.Join(whys, " ") + " Visible to: " + who + ".",
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
