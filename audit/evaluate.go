package audit

import (
	"slices"
	"sort"
	"time"
)

// Evaluate runs the checks of one audit over s and scores the findings
// against g. It is a pure function of its arguments: the same snapshot,
// checks, guideline and time give the same result.
//
// Only platforms that were read get findings: one that could not be read
// (s.NotAudited) has none and takes no part in any score. No finding is
// PASS without evidence, and each check gives at most one account-wide
// finding per platform (and one per subject).
func Evaluate(s *Snapshot, checks Catalogue, g *Guideline, now time.Time) *Result {
	now = now.UTC()
	if s == nil {
		s = NewSnapshot(now)
	}
	res := &Result{
		Schema:     Schema,
		ID:         ResultID(now),
		StartedAt:  startedAt(s),
		FinishedAt: now,
		Guideline:  g.Ref(),
		Snapshot:   s,
		Findings:   []Finding{},
	}
	audited := s.Audited()
	type key struct {
		check    string
		platform Platform
		subject  string
	}
	seen := map[key]bool{}
	for _, c := range checks.sorted() {
		// The guideline alone says which of its controls a check
		// evidences, and may say why in its own words.
		clauses := g.ControlsFor(c.ID)
		rationale := g.Rationale(c)
		for _, p := range c.Platforms {
			if !slices.Contains(audited, p) {
				continue
			}
			for _, f := range c.Run(s, p) {
				f = complete(f, c, s, p, clauses)
				f.Rationale = rationale
				k := key{f.CheckID, f.Platform, f.Subject}
				if seen[k] {
					continue
				}
				seen[k] = true
				res.Findings = append(res.Findings, f)
			}
		}
	}
	SortFindings(res.Findings)
	res.Score = ScoreFindings(res.Findings, g, audited)
	return res
}

// ResultID names a result by the time it was made, in a form safe for
// file names: "2026-11-23T14-05-00Z".
func ResultID(t time.Time) string {
	return t.UTC().Format("2006-01-02T15-04-05Z")
}

// startedAt is when reading began: the earliest coverage start, else when
// the snapshot was taken.
func startedAt(s *Snapshot) time.Time {
	t := s.TakenAt
	for _, c := range s.Coverage {
		if !c.Started.IsZero() && (t.IsZero() || c.Started.Before(t)) {
			t = c.Started
		}
	}
	return t.UTC()
}

// complete fills what the check knows into f and enforces the rule that
// a PASS rests on evidence.
func complete(f Finding, c Check, s *Snapshot, p Platform, clauses []string) Finding {
	if f.CheckID == "" {
		f.CheckID = c.ID
	}
	if f.Platform == "" {
		f.Platform = p
	}
	if f.Severity == "" {
		f.Severity = c.Severity
	}
	if f.Title == "" {
		f.Title = c.Title
	}
	f.CheckTitle = c.Title
	// A check names no guideline, so its clauses are always the
	// guideline's.
	f.Clauses = slices.Clone(clauses)
	if StatusRank(f.Status) > StatusRank(NA) {
		f.Status = Unknown
		f.Reason = "The check gave no verdict. " + f.Reason
	}
	if f.Status == Pass && !hasEvidence(f.Evidence) {
		f.Status = Unknown
		f.Reason = "No evidence was recorded for this result, so it cannot pass."
	}
	switch f.Status {
	case Pass, NA:
		// Nothing to fix: a passing row offering a remedy reads as a doubt.
		f.Remediation, f.FixURL = "", ""
	default:
		if f.Remediation == "" {
			f.Remediation = c.Remediation
		}
		if f.FixURL == "" {
			f.FixURL = c.FixURL(s, p)
		}
	}
	return f
}

func hasEvidence(ev []Evidence) bool {
	for _, e := range ev {
		if e.What != "" {
			return true
		}
	}
	return false
}

// SortFindings orders findings worst first (FAIL, UNKNOWN, WARN, PASS,
// N/A), then by platform, check and subject.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if ra, rb := StatusRank(a.Status), StatusRank(b.Status); ra != rb {
			return ra < rb
		}
		if pa, pb := platformIndex(a.Platform), platformIndex(b.Platform); pa != pb {
			return pa < pb
		}
		if a.Platform != b.Platform {
			return a.Platform < b.Platform
		}
		if a.CheckID != b.CheckID {
			return a.CheckID < b.CheckID
		}
		return a.Subject < b.Subject
	})
}

// Rescore is res scored against g instead: the same findings, citing g's
// controls with g's reasons, and g's score. Findings depend only on the
// snapshot and the checks, so this is what Evaluate would give with g,
// without running the checks again (an old audit's pictures are gone and
// its watch-list may have changed). cat supplies the checks' own
// rationales; a check no longer in it keeps only g's. res is not changed.
func Rescore(res *Result, cat Catalogue, g *Guideline) *Result {
	out := *res
	out.Guideline = g.Ref()
	out.Findings = make([]Finding, len(res.Findings))
	for i, f := range res.Findings {
		f.Clauses = slices.Clone(g.ControlsFor(f.CheckID))
		if c, ok := cat.ByID(f.CheckID); ok {
			f.Rationale = g.Rationale(c)
		} else {
			f.Rationale = g.Rationale(Check{ID: f.CheckID})
		}
		f.Evidence = slices.Clone(f.Evidence)
		out.Findings[i] = f
	}
	out.Score = ScoreFindings(out.Findings, g, res.Audited())
	return &out
}
