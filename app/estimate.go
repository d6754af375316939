package app

import (
	"fmt"
	"math"
	"time"

	"chaperone/audit/history"
)

// Estimate is how long an audit of n accounts should take, from the
// latest past audit that read every platform it set out to (an incomplete
// one stopped early and would promise too little): its time per platform,
// times n. ok is false with no such audit.
func Estimate(es []history.Entry, n int) (d time.Duration, ok bool) {
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		took := e.FinishedAt.Sub(e.StartedAt)
		if e.Incomplete || len(e.Platforms) == 0 || took <= 0 || e.StartedAt.IsZero() {
			continue
		}
		return took / time.Duration(len(e.Platforms)) * time.Duration(max(n, 1)), true
	}
	return 0, false
}

// EstimateText says an estimate in words: "about 3 minutes", "under a
// minute".
func EstimateText(d time.Duration) string {
	switch {
	case d < 50*time.Second:
		return "under a minute"
	case d < 90*time.Second:
		return "about a minute"
	}
	return fmt.Sprintf("about %d minutes", int(math.Round(d.Minutes())))
}

// durationNote is what the window says about how long an audit of n
// accounts takes: from the last audit when there is one.
func (u *UI) durationNote(n int) string {
	if u.deps.History != nil {
		if es, err := u.deps.History.Entries(); err == nil {
			if d, ok := Estimate(es, n); ok {
				return "From your last audit, this should take " + EstimateText(d) + "."
			}
		}
	}
	return "The first audit takes a minute or two for each account."
}
