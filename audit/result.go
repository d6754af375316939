package audit

import "time"

// Result is one completed audit: what was read, what was found and the
// score. It is what the app shows, the history stores and the report prints.
type Result struct {
	Schema     int          `json:"schema"`
	ID         string       `json:"id"`
	StartedAt  time.Time    `json:"started_at"`
	FinishedAt time.Time    `json:"finished_at"`
	Guideline  GuidelineRef `json:"guideline"`
	Snapshot   *Snapshot    `json:"snapshot"`
	Findings   []Finding    `json:"findings"`
	Score      Score        `json:"score"`
	// Demo marks an audit of the built-in sandbox's fictional accounts:
	// kept out of the history, and its report says DEMO on every page.
	Demo bool `json:"demo,omitempty"`
}

// NotAudited lists the chosen platforms that could not be read, with why
// and what to do. They have no findings and no score.
func (r *Result) NotAudited() []NotAudited { return r.Snapshot.NotAudited() }

// Audited lists the platforms that were read and scored.
func (r *Result) Audited() []Platform { return r.Snapshot.Audited() }

// AnyRead reports whether at least one platform was read: an audit that
// read nothing has no result to keep.
func (r *Result) AnyRead() bool { return len(r.Audited()) > 0 }

// Complete reports whether every chosen platform was read.
func (r *Result) Complete() bool { return r.AnyRead() && len(r.NotAudited()) == 0 }

// Counts are the result's findings by status, of platform p or of all
// when p is empty: the one count every view shows.
func (r *Result) Counts(p Platform) Counts { return Tally(r.Findings, p) }

// GuidelineRef names the guideline a result was scored against.
type GuidelineRef struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
}

// Score is the 0-100 mark of an audit, overall and per platform, with the
// counts behind it so that UNKNOWN is visible rather than hidden.
type Score struct {
	Overall        int                         `json:"overall"`
	PerPlatform    map[Platform]int            `json:"per_platform"`
	Counts         map[Status]int              `json:"counts"`
	PlatformCounts map[Platform]map[Status]int `json:"platform_counts,omitempty"`
	// Controls is the guideline control by control.
	Controls []ControlScore `json:"controls,omitempty"`
}

// ControlScore is how one guideline control fared.
type ControlScore struct {
	ControlID string  `json:"control_id"`
	Status    Status  `json:"status"` // worst status among its findings
	Points    float64 `json:"points"` // 0..1
	Weight    float64 `json:"weight"`
}
