package facebook

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

//go:embed decline.js
var declineJS string

// DeclineData is how a pending request is declined: the check whose
// per-person findings ask for it, and the card's button.
type DeclineData struct {
	Check   string   `json:"check"`
	Label   string   `json:"label"`
	Buttons []string `json:"buttons"`
}

type declineResult struct {
	OK  bool   `json:"ok"`
	Why string `json:"why"`
	Saw string `json:"saw"`
}

// declines are the one-shot changes for the failing per-person findings
// of the patient-requests check: one per confirmed patient's request.
func (a Adapter) declines(c *Config, d *FixData, snap *audit.Snapshot, findings []audit.Finding, urls *page.Session) []audit.Change {
	if d.Decline.Check == "" {
		return nil
	}
	var out []audit.Change
	for _, f := range findings {
		if f.CheckID != d.Decline.Check || f.Subject == "" || f.Status != audit.Fail || f.FixURL == "" {
			continue
		}
		for _, r := range snap.PendingRequests {
			if r.Platform == audit.Facebook && r.URL == f.FixURL {
				out = append(out, audit.Change{Platform: audit.Facebook, Check: f.CheckID, Fact: c.Requests.ID, Page: urls.URL(c.Requests.Path),
					Label: d.Decline.Label, OneShot: true, Subject: r.Name, SubjectURL: r.URL})
				break
			}
		}
	}
	return out
}

// decline declines one request and proves it by loading the requests page
// again: Verified only when the person is no longer listed on a list that
// was read.
func (a Adapter) decline(ctx context.Context, c *Config, d *FixData, s *page.Session, ch audit.Change, act audit.Action) (audit.Action, error) {
	u, err := url.Parse(ch.SubjectURL)
	if err != nil || ch.Subject == "" || platforms.Origin(ch.SubjectURL) != s.Acct.Origin {
		act.Seen = "the request's profile is not on the account's own site"
		return act, fmt.Errorf("%w: %s", platforms.ErrUnexpected, act.Seen)
	}
	path := u.Path
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if _, err := s.Open(ctx, c.Requests.Path); err != nil {
		act.Seen = err.Error()
		return act, err
	}
	arg, _ := json.Marshal(map[string]any{"origin": s.Acct.Origin, "path": path, "name": ch.Subject, "decline": d.Decline.Buttons})
	res, err := browser.Eval[declineResult](ctx, s.Tab(), "declining a friend request", "("+declineJS+")("+string(arg)+")")
	if err != nil {
		act.Seen = err.Error()
		return act, err
	}
	if !res.OK {
		switch res.Why {
		case "missing":
			act.Seen = "the request is no longer listed, or its card was not recognised; nothing was clicked"
		case "twice":
			act.Seen = "the person's request appears more than once, so which to decline cannot be told; nothing was clicked"
		case "unknown":
			act.Seen = "the site showed a dialog Chaperone does not know (“" + res.Saw + "”); it stopped without answering it"
		case "origin":
			act.Seen = "the page came from another site"
		default:
			act.Seen = "the page did something Chaperone did not expect (" + res.Why + ")"
		}
		return act, fmt.Errorf("%w: %s", platforms.ErrUnexpected, act.Seen)
	}
	// The fresh list must be a list that was read: the person gone from it
	// and either others still listed or the page's own "no requests" words.
	doc, err := s.Open(ctx, c.Requests.Path)
	if err != nil {
		act.Seen = "declined, but the requests page could not be read again: " + err.Error()
		return act, err
	}
	au := &auditor{c: c, s: s}
	people, err := page.Call[[]person](ctx, s, s.Tab(), "reading friend requests", "people", au.peopleQuery("", c.Requests.Confirm))
	if err != nil {
		act.Seen = "declined, but the requests could not be read again: " + err.Error()
		return act, err
	}
	for _, p := range people {
		if p.Path == path {
			act.Seen = "the request did not go: it is still listed on " + doc.URL
			return act, fmt.Errorf("%w: %s", platforms.ErrNotTaken, act.Seen)
		}
	}
	if len(people) == 0 {
		empty, err := page.Call[bool](ctx, s, s.Tab(), "reading friend requests", "saysAny", map[string]any{"phrases": c.Requests.Empty})
		if err != nil || !empty {
			act.Seen = "declined, but the requests page showed neither requests nor its \"no requests\" words, so it could not be confirmed"
			return act, fmt.Errorf("%w: %s", platforms.ErrNotTaken, act.Seen)
		}
	}
	act.Verified = true
	act.Seen = "declined; the request is no longer listed"
	return act, nil
}
