package audit

import (
	"sort"
	"strings"
	"time"
)

// Evaluate runs every check over s for each audited platform and scores
// the findings against g. A platform absent from s.Coverage was not
// audited and gets no findings. No finding is PASS without evidence.
func Evaluate(s *Snapshot, g *Guideline, now time.Time) *Result {
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
	for _, c := range Checks() {
		clauses := c.Clauses
		if g != nil {
			clauses = g.ControlsFor(c)
		}
		for _, p := range c.Platforms {
			if s.CoverageFor(p) == nil {
				continue
			}
			for _, f := range c.Run(s, p) {
				res.Findings = append(res.Findings, complete(f, c, s, p, clauses))
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
	if f.Clauses == nil {
		f.Clauses = append([]string(nil), clauses...)
	}
	if f.Remediation == "" {
		f.Remediation = c.Remediation
	}
	if f.FixURL == "" {
		f.FixURL = c.FixURL(s, p)
	}
	if statusRank(f.Status) > statusRank(NA) {
		f.Status = Unknown
		f.Reason = "The check gave no verdict. " + f.Reason
	}
	if f.Status == Pass && !hasEvidence(f.Evidence) {
		f.Status = Unknown
		f.Reason = "No evidence was recorded for this result, so it cannot pass."
	}
	// Whatever a check says, an UNKNOWN on a platform whose audit stopped
	// names why it stopped.
	if cov := s.CoverageFor(p); f.Status == Unknown && cov != nil && cov.Error != "" && !strings.Contains(f.Reason, cov.Error) {
		f.Reason = strings.TrimSpace(f.Reason + " (the audit of " + p.DisplayName() + " stopped: " + cov.Error + ")")
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
		if ra, rb := statusRank(a.Status), statusRank(b.Status); ra != rb {
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
