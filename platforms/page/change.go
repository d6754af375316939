package page

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
)

//go:embed change.js
var changeJS string

// Control is how a setting is changed on its page, as data beside the
// labels it is read by.
type Control struct {
	// Kind is "switch" (a switch or checkbox in the row, saved on click),
	// "select" (a list in the row), "dialog" (a row button opens a dialog
	// of radios, or of one switch) or "confirm" (a row button opens a
	// dialog whose button does a one-shot action).
	Kind string `json:"kind"`
	// Open names the row's button that opens the dialog ("Edit").
	Open []string `json:"open,omitempty"`
	// Save names the dialog's save button. A dialog without one shown
	// saved the choice on selection and is closed with Done.
	Save []string `json:"save,omitempty"`
	// Done names the button that closes a dialog whose choice was saved
	// on selection ("Done", "Close").
	Done []string `json:"done,omitempty"`
	// Confirm names the confirming button of a one-shot dialog.
	Confirm []string `json:"confirm,omitempty"`
	// Dialogs are titles, besides the setting's labels, of the dialog the
	// change opens; any other dialog stops the change unanswered.
	Dialogs []string `json:"dialogs,omitempty"`
}

// Validate checks that the control names what its kind needs.
func (c Control) Validate() error {
	switch c.Kind {
	case "switch", "select":
		return nil
	case "dialog":
		if len(c.Open) == 0 || (len(c.Save) == 0 && len(c.Done) == 0) {
			return errors.New("a dialog control needs open and save or done buttons")
		}
		if len(c.Done) == 0 || len(c.Save) == 0 {
			return errors.New("a dialog control needs both save and done buttons (sites save either way)")
		}
		return nil
	case "confirm":
		if len(c.Open) == 0 || len(c.Confirm) == 0 || len(c.Done) == 0 {
			return errors.New("a confirm control needs open, confirm and done buttons")
		}
		return nil
	}
	return fmt.Errorf("unknown control kind %q", c.Kind)
}

// uiWords are words of buttons that sit in a setting's row beside its
// value (the reader's list, with the control's own).
var uiWords = []string{"edit", "change", "manage", "learn more", "see more", "show more", "more", "view", "update", "review", "options", "settings", "help"}

// changeResult is what the page code reports.
type changeResult struct {
	OK    bool   `json:"ok"`
	Why   string `json:"why"`
	Saw   string `json:"saw"`
	Saved bool   `json:"saved"`
}

// Outcome is a change made and read again.
type Outcome struct {
	// Before and After are the normalised values read before the change
	// and afresh after it; After is "" when the fresh read failed.
	Before, After string
	// Raw is the fresh read as the page showed it.
	Raw string
	// Verified is set only when After equals the value wanted.
	Verified bool
	// Seen says, in plain words, what the page showed.
	Seen string
	// URL is the page the change was made on.
	URL string
}

// Reading is one fresh read of a fact.
type Reading struct {
	Value, Raw, Why string
}

// ReadOne reads fact f afresh from the page tab shows now (at loc); Why
// says why no value was read.
func (s *Session) ReadOne(ctx context.Context, f Fact, loc string) (Reading, error) {
	res, err := s.tab.ReadLabel(ctx, browser.LabelQuery{Labels: f.Labels, Others: s.Site.Labels(), Values: f.Words(), Switch: f.Switch})
	if err != nil {
		return Reading{}, err
	}
	switch {
	case !res.Found:
		return Reading{Why: fmt.Sprintf("the setting %q was not found on %s", f.Labels[0], loc)}, nil
	case res.Key == "":
		return Reading{Raw: res.Raw, Why: res.Reason + " on " + loc}, nil
	}
	v, ok := f.ValueFor(res.Key)
	if !ok {
		return Reading{Raw: res.Raw, Why: fmt.Sprintf("unrecognised value %q next to %q on %s", res.Raw, res.Label, loc)}, nil
	}
	return Reading{Value: v, Raw: res.Raw}, nil
}

// FactByID is the fact the page knowledge reads under id.
func (s *Site) FactByID(id string) (Fact, bool) {
	for _, f := range s.Facts {
		if f.ID == id {
			return f, true
		}
	}
	return Fact{}, false
}

// WordsFor are the page words that show value v of f.
func (f Fact) WordsFor(v string) []string {
	var out []string
	for w, x := range f.Values {
		if x == v {
			out = append(out, w)
		}
	}
	if f.Switch && (v == audit.On || v == audit.Off) && len(out) == 0 {
		out = append(out, v)
	}
	return out
}

// openSettings opens the fact's page and waits for its rows.
func (s *Session) openSettings(ctx context.Context, f Fact) (browser.Doc, error) {
	doc, err := s.Open(ctx, s.Site.Pages[f.Page])
	if err != nil {
		return doc, err
	}
	s.Settle(ctx, s.tab, f.Labels)
	return doc, nil
}

// ChangeSetting changes fact f from the value the audit read (from) to to
// on the account's own site, then reloads the page and reads it again.
// It stops, changing nothing, when the page is not the account's own
// (Open's guards), when the setting now shows something other than from,
// or when the row or its control is not as the data describes; it stops
// unanswered at any dialog it does not know. The outcome is Verified only
// when the fresh read equals to; otherwise the error is ErrNotTaken and
// Seen says what the page still shows.
//
// ctls are the shapes the setting's control may take (layouts differ): the
// first the row has is operated; a row with none of them is not touched.
func (s *Session) ChangeSetting(ctx context.Context, f Fact, ctls []Control, from, to string) (Outcome, error) {
	out := Outcome{}
	if len(ctls) == 0 {
		return out, fmt.Errorf("%w: no control is known for %q", platforms.ErrUnexpected, f.Labels[0])
	}
	for _, ctl := range ctls {
		if err := ctl.Validate(); err != nil {
			return out, fmt.Errorf("%w: %v", platforms.ErrUnexpected, err)
		}
	}
	words := f.WordsFor(to)
	if len(words) == 0 {
		return out, fmt.Errorf("%w: Chaperone does not know how %q shows %s", platforms.ErrUnexpected, f.Labels[0], audit.ValueWord(to))
	}
	doc, err := s.openSettings(ctx, f)
	if err != nil {
		return out, err
	}
	out.URL = doc.URL
	now, err := s.ReadOne(ctx, f, doc.URL)
	if err != nil {
		return out, err
	}
	out.Before = now.Value
	switch {
	case now.Value == "":
		out.Seen = "the setting could not be read before the change (" + now.Why + "); nothing was changed"
		return out, fmt.Errorf("%w: %s", platforms.ErrUnexpected, out.Seen)
	case now.Value == to:
		out.After, out.Raw, out.Verified = now.Value, now.Raw, true
		out.Seen = "the page already showed " + now.Raw + "; nothing was changed"
		return out, nil
	case from != "" && now.Value != from:
		out.Seen = fmt.Sprintf("the page now shows %s, not %s as the audit read; nothing was changed", now.Raw, audit.ValueWord(from))
		return out, fmt.Errorf("%w: %s", platforms.ErrStale, out.Seen)
	}
	var res changeResult
	for _, ctl := range ctls {
		if res, err = s.operate(ctx, f, ctl, words, to); err != nil {
			return out, err
		}
		if res.Why != "nocontrol" {
			break
		}
	}
	if !res.OK {
		out.Seen = s.explain(f, res)
		return out, fmt.Errorf("%w: %s", platforms.ErrUnexpected, out.Seen)
	}
	// Reload: only what the site serves afresh counts, not what the page's
	// script drew after the click.
	doc, err = s.openSettings(ctx, f)
	if err != nil {
		out.Seen = "the page could not be read again after the change: " + err.Error()
		return out, err
	}
	again, err := s.ReadOne(ctx, f, doc.URL)
	if err != nil {
		return out, err
	}
	out.After, out.Raw = again.Value, again.Raw
	switch {
	case again.Value == to:
		out.Verified = true
		out.Seen = "read again after the change: " + again.Raw
		return out, nil
	case again.Value == "":
		out.Seen = "the change could not be confirmed: " + again.Why
	default:
		out.Seen = "the change did not take: the page still shows " + again.Raw
	}
	return out, fmt.Errorf("%w: %s", platforms.ErrNotTaken, out.Seen)
}

// OneShot runs a one-shot action of fact f's row (a button, then the
// site's confirmation). It proves nothing by itself: the caller judges the
// result elsewhere (the public view). Seen says what the site showed.
func (s *Session) OneShot(ctx context.Context, f Fact, ctl Control) (string, error) {
	if ctl.Kind != "confirm" {
		return "", fmt.Errorf("%w: %q is not a one-shot action", platforms.ErrUnexpected, f.Labels[0])
	}
	if err := ctl.Validate(); err != nil {
		return "", fmt.Errorf("%w: %v", platforms.ErrUnexpected, err)
	}
	if _, err := s.openSettings(ctx, f); err != nil {
		return "", err
	}
	res, err := s.operate(ctx, f, ctl, nil, "")
	if err != nil {
		return "", err
	}
	if !res.OK {
		seen := s.explain(f, res)
		return seen, fmt.Errorf("%w: %s", platforms.ErrUnexpected, seen)
	}
	return "the site accepted “" + ctl.Confirm[0] + "”", nil
}

// operate runs the page code that finds the row and works its control.
func (s *Session) operate(ctx context.Context, f Fact, ctl Control, words []string, to string) (changeResult, error) {
	norm := func(in []string) []string {
		out := make([]string, 0, len(in))
		for _, x := range in {
			if n := browser.Normalize(x); n != "" {
				out = append(out, n)
			}
		}
		return out
	}
	mine := map[string]bool{}
	for _, l := range norm(f.Labels) {
		mine[l] = true
	}
	var others []string
	for _, o := range norm(s.Site.Labels()) {
		if !mine[o] {
			others = append(others, o)
		}
	}
	ui := append(append(append(append([]string{}, uiWords...), ctl.Open...), ctl.Save...), ctl.Done...)
	step := min(s.b.StepTimeout(), 10*time.Second)
	q := map[string]any{
		"origin": s.Acct.Origin, "labels": norm(f.Labels), "others": others, "values": norm(f.Words()),
		"ui": norm(ui), "words": norm(words), "want": to, "sw": f.Switch, "kind": ctl.Kind,
		"open": norm(ctl.Open), "save": norm(ctl.Save), "done": norm(ctl.Done), "confirm": norm(ctl.Confirm),
		"dialogs": norm(ctl.Dialogs), "idle": 300, "max": step.Milliseconds() / 2,
	}
	arg, err := json.Marshal(q)
	if err != nil {
		return changeResult{}, err
	}
	res, err := browser.Eval[changeResult](ctx, s.tab, fmt.Sprintf("changing %q", f.Labels[0]), "("+changeJS+")("+string(arg)+")")
	if err == nil && res.Why == "origin" {
		return res, s.otherOrigin(res.Saw)
	}
	return res, err
}

// explain puts what the page code saw in words.
func (s *Session) explain(f Fact, r changeResult) string {
	l := f.Labels[0]
	switch r.Why {
	case "label":
		return fmt.Sprintf("the setting %q was not on the page", l)
	case "twice":
		return fmt.Sprintf("the setting %q is on the page more than once, so which row to change cannot be told", l)
	case "row":
		return fmt.Sprintf("the row of %q could not be told from the rows around it", l)
	case "control", "nocontrol":
		return fmt.Sprintf("the control of %q was not as expected (%s); nothing was clicked", l, r.Saw)
	case "option":
		return fmt.Sprintf("the choices offered for %q were not the expected ones (%s)", l, r.Saw)
	case "nodialog":
		return fmt.Sprintf("no dialog opened for %q", l)
	case "unknown":
		return fmt.Sprintf("the site showed a dialog Chaperone does not know (“%s”); it stopped without answering it, so the change did not take", strings.TrimSpace(r.Saw))
	case "alert":
		return "the site refused the change: " + r.Saw
	case "stuck":
		return fmt.Sprintf("the dialog “%s” did not close after saving", r.Saw)
	}
	return "the page did something Chaperone did not expect (" + r.Why + ")"
}
