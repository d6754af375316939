package page

import (
	"context"
	"time"

	"chaperone/platforms/browser"
)

// List is a lazily loaded list to be shown to its end: a timeline, a
// friends or followers list, a grid of videos.
type List struct {
	// CSS matches one item of the list.
	CSS string
	// More names the list's own "Show more" button, pressed instead of
	// scrolling while it shows.
	More []string
	// Dialog: the list scrolls inside the dialog shown, not the window.
	Dialog bool
	// Limit is enough items (0: no limit).
	Limit int
	// Rounds bounds the loads asked for (0: 200).
	Rounds int
	// Idle is how long a round may bring nothing, with no loader shown,
	// before the list is taken to have ended (0: 150 ms).
	Idle time.Duration
	// Max bounds one round's wait for the list's loader (0: 5 s).
	Max time.Duration
}

// Grown is what Grow saw: the items shown, and whether the list came to
// its end (or to Limit) rather than running out of rounds or being stuck
// behind a loader that never finished.
type Grown struct {
	N   int  `json:"n"`
	End bool `json:"end"`
}

// ErrListUnfinished is Grow's answer for a list that showed nothing and
// never came to its end (a loader that kept spinning): "no items" would
// not be known. It is a PageError: that list is unread, the rest of the
// network is not.
var ErrListUnfinished = &PageError{Reason: "the list kept loading without showing anything, so it could not be read"}

// Grow shows a lazily loaded list to its end. The page itself scrolls and
// waits on its own events (its DOM growing, its loader showing), so a list
// of many pages costs a call every couple of seconds, not three a page.
// A list that showed nothing and did not end is ErrListUnfinished.
func Grow(ctx context.Context, s *Session, tab *browser.Tab, step string, l List) (Grown, error) {
	rounds := l.Rounds
	if rounds <= 0 {
		rounds = 200
	}
	idle, wait := l.Idle, l.Max
	if idle <= 0 {
		idle = 150 * time.Millisecond
	}
	if wait <= 0 {
		wait = 5 * time.Second
	}
	// One call must end well inside a step's timeout: it starts no round
	// after the slice, and a round lasts at most wait and idle.
	slice := min(max(s.b.StepTimeout()/2-wait-idle, 500*time.Millisecond), 2*time.Second)
	type grew struct {
		Grown
		Rounds int  `json:"rounds"`
		Stalls int  `json:"stalls"`
		Stuck  bool `json:"stuck"`
	}
	stalls := 0
	for {
		res, err := Call[grew](ctx, s, tab, step, "grow", map[string]any{
			"css": l.CSS, "more": l.More, "dialog": l.Dialog, "limit": l.Limit, "rounds": rounds, "stalls": stalls,
			"idle": idle.Milliseconds(), "max": wait.Milliseconds(), "slice": slice.Milliseconds(),
		})
		if err != nil {
			return Grown{}, err
		}
		rounds -= res.Rounds
		stalls = res.Stalls
		// A loader that shows for three rounds with nothing new is stuck:
		// what is shown is all there will be, and End says it is not the end.
		if res.End || res.Stuck || rounds <= 0 || res.Rounds == 0 {
			if res.N == 0 && !res.End {
				return res.Grown, ErrListUnfinished
			}
			return res.Grown, nil
		}
	}
}
