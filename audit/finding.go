package audit

import "time"

// Status is the verdict of one check on one platform (or one post, or one
// connection).
type Status string

// The statuses a finding can have. UNKNOWN means the audit could not read
// what the check needs; it is never turned into PASS.
const (
	Pass    Status = "PASS"
	Fail    Status = "FAIL"
	Warn    Status = "WARN"
	Unknown Status = "UNKNOWN"
	NA      Status = "N/A"
)

// Severity ranks how much a failure matters.
type Severity string

const (
	SeverityHigh   Severity = "high"
	SeverityMedium Severity = "medium"
	SeverityLow    Severity = "low"
	SeverityInfo   Severity = "info"
)

// Evidence is one thing read that a finding rests on.
type Evidence struct {
	FactID     string    `json:"fact_id,omitempty"`
	What       string    `json:"what"` // human text: "Who can see your future posts? = Public"
	Source     Source    `json:"source,omitempty"`
	URL        string    `json:"url,omitempty"`
	At         time.Time `json:"at,omitempty"`
	Screenshot string    `json:"screenshot,omitempty"`
}

// Finding is the result of one check for one platform, or for one subject
// (a post, a connection) within it.
type Finding struct {
	CheckID  string   `json:"check_id"`
	Platform Platform `json:"platform"`
	// Subject identifies a post or connection for per-item findings; empty
	// for account-wide findings.
	Subject  string   `json:"subject,omitempty"`
	Status   Status   `json:"status"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	// CheckTitle is the check's own title; Title may be specific to the
	// subject ("Post of 30 Aug 2025 may ..."). Reports group by it.
	CheckTitle string     `json:"check_title,omitempty"`
	Reason     string     `json:"reason"` // why this status, in plain words
	Evidence   []Evidence `json:"evidence,omitempty"`
	// Clauses are the IDs of the controls of the guideline the result was
	// scored against (Result.Guideline) that this finding evidences.
	Clauses []string `json:"clauses,omitempty"`
	// Rationale is why the check matters: the guideline's own words for it
	// where it has them, else the check's.
	Rationale   string `json:"rationale,omitempty"`
	Remediation string `json:"remediation,omitempty"`
	// FixURL opens the exact page where the doctor can fix this.
	FixURL string `json:"fix_url,omitempty"`
}
