package report

import (
	"time"

	"chaperone/audit"
)

// Made is one change Chaperone made for the doctor, as the report shows
// it: the setting, old and new value, when, and whether a fresh read
// confirmed it. Never the person an action was about.
type Made struct {
	Platform string    `json:"platform"`
	Setting  string    `json:"setting"`
	From     string    `json:"from,omitempty"`
	To       string    `json:"to,omitempty"`
	At       time.Time `json:"at"`
	Verified bool      `json:"verified"`
	Undone   bool      `json:"undone,omitempty"`
	// OneShot is an action with no setting behind it (limiting past
	// posts, declining requests), judged from what a stranger sees.
	OneShot bool `json:"one_shot,omitempty"`
}

// made lists the actions recorded with the audit, in the order made, and
// their totals. Declined requests are counted, one line for all of them,
// so that no name or number of a person reaches the report.
func made(s *audit.Snapshot) ([]Made, audit.ActionCounts) {
	if s == nil {
		return nil, audit.ActionCounts{}
	}
	var out []Made
	declined := map[audit.Platform]int{}
	for _, a := range s.Actions {
		c := a.Change
		if c.Subject != "" {
			declined[c.Platform]++
			continue
		}
		m := Made{Platform: c.Platform.DisplayName(), Setting: c.Label, At: a.At.UTC(), Verified: a.Verified, Undone: !a.Undone.IsZero(), OneShot: c.OneShot}
		if !c.OneShot {
			m.From, m.To = audit.ValueWord(c.From), audit.ValueWord(c.To)
		}
		out = append(out, m)
	}
	for _, p := range audit.Platforms {
		if n := declined[p]; n > 0 {
			var last Made
			verified := true
			for _, a := range s.Actions {
				if a.Change.Platform == p && a.Change.Subject != "" {
					last = Made{Platform: p.DisplayName(), Setting: a.Change.Label, At: a.At.UTC(), OneShot: true}
					verified = verified && a.Verified
				}
			}
			last.Verified = verified
			out = append(out, last)
		}
	}
	return out, audit.CountActions(s.Actions)
}
