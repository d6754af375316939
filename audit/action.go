package audit

import (
	"fmt"
	"time"
)

// Change is one setting Chaperone may change for the doctor, described in
// full before anything is done, so that what the doctor confirms is what
// is changed.
type Change struct {
	Platform Platform `json:"platform"`
	// Check is the check the change answers.
	Check string `json:"check"`
	// Fact is the setting's fact ID; the fresh read after the change is of
	// this fact.
	Fact string `json:"fact"`
	// Page is the address of the settings page the setting is on.
	Page string `json:"page"`
	// Label is the setting's label as the doctor knows it.
	Label string `json:"label"`
	// From is the normalised value the audit read; To is the value wanted.
	From string `json:"from"`
	To   string `json:"to"`
	// OneShot marks an action with no stored setting behind it (Facebook's
	// "Limit past posts", declining a request): it is judged afterwards
	// from what a stranger sees, never from the settings page, and cannot
	// be undone.
	OneShot bool `json:"one_shot,omitempty"`
	// Subject, for an action on one item (a friend request), says which
	// one; it is shown in the app only and never written to a report.
	Subject string `json:"subject,omitempty"`
	// SubjectURL is the subject's profile, to find it on the page by.
	SubjectURL string `json:"subject_url,omitempty"`
}

// Describe is the change in words, without the subject: "Who can see your
// future posts?: Public → Friends".
func (c Change) Describe() string {
	if c.OneShot {
		return c.Label
	}
	return fmt.Sprintf("%s: %s → %s", c.Label, ValueWord(c.From), ValueWord(c.To))
}

// Reverse is the change that puts the old value back.
func (c Change) Reverse() Change {
	r := c
	r.From, r.To = c.To, c.From
	return r
}

// Action is one change Chaperone made (or tried to make), kept with the
// audit and shown, counted, in the report's "Actions taken".
type Action struct {
	Change Change    `json:"change"`
	At     time.Time `json:"at"`
	// Verified is set only when the page, read again after the change,
	// showed To (or, for a one-shot, when the site confirmed it and the
	// public view is judged at the next audit).
	Verified bool `json:"verified"`
	// Seen is what the fresh read showed, or what stopped the change, in
	// plain words ("the change did not take: the page still shows Public").
	Seen string `json:"seen,omitempty"`
	// Undone is when the change was reverted through Chaperone; zero if
	// it was not.
	Undone time.Time `json:"undone,omitempty"`
	// UndoVerified is set when the fresh read after the undo showed From.
	UndoVerified bool `json:"undo_verified,omitempty"`
}

// Undoable reports whether the recorded old value can be put back: a
// verified setting change not yet undone.
func (a Action) Undoable() bool {
	return a.Verified && !a.Change.OneShot && a.Undone.IsZero() && a.Change.From != ""
}

// ValueWord is a normalised value as the doctor reads it ("only_me" →
// "Only me").
func ValueWord(v string) string {
	switch v {
	case "":
		return "(not read)"
	case On:
		return "On"
	case Off:
		return "Off"
	case AudiencePublic:
		return "Public"
	case AudienceFriendsOfFriend:
		return "Friends of friends"
	case AudienceFriends:
		return "Friends"
	case AudienceFriendsExcept:
		return "Friends except…"
	case AudienceSpecific:
		return "Specific friends"
	case AudienceOnlyMe:
		return "Only me"
	case AudienceEveryone:
		return "Everyone"
	case AudienceNobody:
		return "No one"
	case Done:
		return "Done"
	case NotDone:
		return "Not done"
	}
	b := []rune(v)
	for i, r := range b {
		if r == '_' {
			b[i] = ' '
		}
	}
	if len(b) > 0 && b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	return string(b)
}

// AddAction records an action with the audit.
func (s *Snapshot) AddAction(a Action) { s.Actions = append(s.Actions, a) }

// ActionCounts are the totals the report prints: never names.
type ActionCounts struct {
	Total, Verified, NotVerified, Undone int
}

// CountActions tallies actions.
func CountActions(list []Action) ActionCounts {
	var c ActionCounts
	for _, a := range list {
		c.Total++
		switch {
		case a.Verified:
			c.Verified++
		default:
			c.NotVerified++
		}
		if !a.Undone.IsZero() {
			c.Undone++
		}
	}
	return c
}
