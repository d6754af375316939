package facebook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"chaperone/assets"
	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

var _ platforms.Fixer = Adapter{}

// FixData is how Chaperone changes Facebook settings for the doctor
// (assets/platforms/facebook_fix.json): the control of each fixable
// setting, by name, and which check each change answers.
type FixData struct {
	Platform audit.Platform          `json:"platform"`
	Note     string                  `json:"note,omitempty"`
	Controls map[string]page.Control `json:"controls"`
	Fixes    []FixEntry              `json:"fixes"`
	// GuidanceOnly are checks never changed for the doctor (two-factor,
	// sessions: they need the phone or the doctor's judgement).
	GuidanceOnly []string `json:"guidance_only"`
	// Decline declines pending requests from confirmed patients, one by
	// one (decline.go).
	Decline DeclineData `json:"decline"`
}

// FixEntry is one fixable check.
type FixEntry struct {
	Check string `json:"check"`
	Fact  string `json:"fact"`
	To    string `json:"to,omitempty"`
	// Control is the control's name; Also are other shapes it takes on
	// other layouts, tried in order when the row has none of the first.
	Control string   `json:"control"`
	Also    []string `json:"also,omitempty"`
	OneShot bool     `json:"one_shot,omitempty"`
	// Page and Labels place a one-shot whose row holds no setting the
	// page knowledge reads (Limit past posts has no state).
	Page   string   `json:"page,omitempty"`
	Labels []string `json:"labels,omitempty"`
}

// fact is the row the entry works on.
func (e FixEntry) fact(c *Config) (page.Fact, bool) {
	if f, ok := c.FactByID(e.Fact); ok {
		return f, true
	}
	if e.OneShot && e.Page != "" && len(e.Labels) > 0 && c.Pages[e.Page] != "" {
		return page.Fact{ID: e.Fact, Page: e.Page, Labels: e.Labels}, true
	}
	return page.Fact{}, false
}

// controls are the entry's control shapes, in order.
func (e FixEntry) controls(d *FixData) []page.Control {
	var out []page.Control
	for _, n := range append([]string{e.Control}, e.Also...) {
		if c, ok := d.Controls[n]; ok {
			out = append(out, c)
		}
	}
	return out
}

// LoadFixData reads the embedded fix data and checks it against the page
// knowledge c.
func LoadFixData(c *Config) (*FixData, error) {
	data, err := assets.FS.ReadFile("platforms/facebook_fix.json")
	if err != nil {
		return nil, fmt.Errorf("facebook fix data: %w", err)
	}
	return ParseFixData(data, c)
}

// ParseFixData decodes fix data, rejecting unknown keys, a control or fact
// the page knowledge does not have, and a target value no page word shows.
func ParseFixData(data []byte, c *Config) (*FixData, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d FixData
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("facebook fix data: %w", err)
	}
	if dec.More() {
		return nil, errors.New("facebook fix data: more than one JSON value")
	}
	var errs []error
	if d.Platform != audit.Facebook {
		errs = append(errs, fmt.Errorf("platform %q is not facebook", d.Platform))
	}
	for name, ctl := range d.Controls {
		if err := ctl.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("control %q: %w", name, err))
		}
	}
	for _, e := range d.Fixes {
		ctl, ok := d.Controls[e.Control]
		for _, n := range e.Also {
			if _, also := d.Controls[n]; !also {
				ok = false
			}
		}
		f, known := e.fact(c)
		switch {
		case e.Check == "":
			errs = append(errs, errors.New("a fix without a check"))
		case !ok:
			errs = append(errs, fmt.Errorf("fix %s: unknown control %q", e.Check, e.Control))
		case !known:
			errs = append(errs, fmt.Errorf("fix %s: fact %q is not in the page knowledge", e.Check, e.Fact))
		case e.OneShot != (ctl.Kind == "confirm"):
			errs = append(errs, fmt.Errorf("fix %s: one_shot goes with a confirm control, and only then", e.Check))
		case !e.OneShot && len(f.WordsFor(e.To)) == 0:
			errs = append(errs, fmt.Errorf("fix %s: no page word shows %q", e.Check, e.To))
		}
	}
	if d.Decline.Check != "" && (d.Decline.Label == "" || len(d.Decline.Buttons) == 0) {
		errs = append(errs, errors.New("decline: a label and the buttons are required"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("facebook fix data: %w", err)
	}
	return &d, nil
}

func (a Adapter) fixData() (*Config, *FixData, error) {
	c, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	d, err := LoadFixData(c)
	return c, d, err
}

// Fixes implements platforms.Fixer: the changes that would answer the
// failing checks, each from the value the audit read. A setting answering
// two checks is listed once.
func (a Adapter) Fixes(snap *audit.Snapshot, findings []audit.Finding) []audit.Change {
	c, d, err := a.fixData()
	if err != nil || snap == nil {
		return nil
	}
	acct := platforms.Account{Platform: audit.Facebook, Origin: c.Origin}
	if cov := snap.CoverageFor(audit.Facebook); cov != nil && cov.BaseURL != "" {
		acct.Origin, acct.User = cov.BaseURL, cov.Account
	}
	urls := &page.Session{Site: &c.Site, Acct: acct}
	failing := map[string]audit.Status{}
	for _, f := range findings {
		if f.Subject == "" {
			failing[f.CheckID] = f.Status
		}
	}
	var out []audit.Change
	seen := map[string]bool{}
	for _, e := range d.Fixes {
		st, ok := failing[e.Check]
		if !ok || (st != audit.Fail && st != audit.Warn) || seen[e.Fact] {
			continue
		}
		f, _ := e.fact(c)
		ch := audit.Change{Platform: audit.Facebook, Check: e.Check, Fact: e.Fact, Page: urls.PageURL(f.Page), Label: f.Labels[0], To: e.To, OneShot: e.OneShot}
		if fact, ok := snap.Fact(e.Fact); ok {
			ch.From = fact.Value
		}
		if !e.OneShot && (ch.From == "" || ch.From == ch.To) {
			continue
		}
		seen[e.Fact] = true
		out = append(out, ch)
	}
	return append(out, a.declines(c, d, snap, findings, urls)...)
}

// GuidanceOnly reports whether a check is one Chaperone never changes.
func (a Adapter) GuidanceOnly(check string) bool {
	_, d, err := a.fixData()
	if err != nil {
		return true
	}
	return contains(d.GuidanceOnly, check)
}

// Fix implements platforms.Fixer (see its contract).
func (a Adapter) Fix(ctx context.Context, b *browser.Browser, acct platforms.Account, ch audit.Change, o platforms.Options) (audit.Action, error) {
	act := audit.Action{Change: ch}
	c, d, err := a.fixData()
	if err != nil {
		return act, err
	}
	if ch.Subject != "" {
		s, err := page.Start(ctx, b, &c.Site, acct, o, pageJS)
		act.At = s.Now()
		defer func() { _, _ = s.Finish(nil, nil) }()
		if err != nil {
			act.Seen = err.Error()
			return act, err
		}
		return a.decline(ctx, c, d, s, ch, act)
	}
	var entry *FixEntry
	for i := range d.Fixes {
		if d.Fixes[i].Fact == ch.Fact && d.Fixes[i].OneShot == ch.OneShot {
			entry = &d.Fixes[i]
			break
		}
	}
	if entry == nil || ch.Platform != audit.Facebook {
		act.Seen = "Chaperone does not change this setting for you"
		return act, fmt.Errorf("%w: %s", platforms.ErrNotFixable, ch.Fact)
	}
	f, _ := entry.fact(c)
	ctls := entry.controls(d)
	s, err := page.Start(ctx, b, &c.Site, acct, o, pageJS)
	act.At = s.Now()
	defer func() { _, _ = s.Finish(nil, nil) }()
	if err != nil {
		act.Seen = err.Error()
		return act, err
	}
	if ch.OneShot {
		return a.oneShot(ctx, c, s, f, ctls[0], act)
	}
	s.Progress("Changing “"+f.Labels[0]+"”", 0.2)
	out, err := s.ChangeSetting(ctx, f, ctls, ch.From, ch.To)
	act.Verified, act.Seen = out.Verified, out.Seen
	if act.Seen == "" && err != nil {
		act.Seen = err.Error()
	}
	s.Progress("Done", 1)
	return act, err
}

// oneShot runs "Limit past posts" and judges it from the public view only:
// Verified when a logged-out visitor no longer sees any post.
func (a Adapter) oneShot(ctx context.Context, c *Config, s *page.Session, f page.Fact, ctl page.Control, act audit.Action) (audit.Action, error) {
	s.Progress("Limiting who can see past posts", 0.2)
	seen, err := s.OneShot(ctx, f, ctl)
	if err != nil {
		act.Seen = seen
		if seen == "" {
			act.Seen = err.Error()
		}
		return act, err
	}
	s.Progress("Looking at your profile as a stranger", 0.6)
	au := &auditor{c: c, s: s}
	profile, err := au.profileURL(ctx)
	if err != nil {
		act.Seen = seen + ", but the public view could not be checked: " + err.Error()
		return act, err
	}
	au.name = au.displayName(ctx)
	if _, err := au.readPublicView(ctx, profile); err != nil {
		act.Seen = seen + ", but the public view could not be checked: " + err.Error()
		return act, err
	}
	fact, ok := s.Snap.Fact(factPublicPosts)
	switch {
	case !ok:
		act.Seen = seen + ", but what a stranger sees could not be read (" + s.Cov.Missing[factPublicPosts] + ")"
		return act, fmt.Errorf("%w: %s", platforms.ErrNotTaken, act.Seen)
	case fact.Value != audit.Hidden:
		act.Seen = seen + ", but a logged-out visitor still sees posts on the profile"
		return act, fmt.Errorf("%w: %s", platforms.ErrNotTaken, act.Seen)
	}
	act.Verified = true
	act.Seen = seen + "; a logged-out visitor now sees no posts on the profile"
	s.Progress("Done", 1)
	return act, nil
}
