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
}

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
