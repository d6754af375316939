// Package whatsapp reads a doctor's WhatsApp Web: the privacy settings
// (Settings > Privacy and its sub-panels), the chats (people go to the
// patient matcher, groups are counted and flagged when their names read
// like a clinical team's chat), and the About text and own status updates
// for the post scanner.
//
// WhatsApp Web has no password: a browser is linked by scanning a QR code
// with the phone. An audit that finds the QR code waits briefly for a
// phone already scanning, then stops with ErrNeedsPhone: the doctor links
// Chaperone once from its login window, and the link stays in the
// browser profile. Two-step verification and linked devices are shown only
// on the phone, so they are always missing with where to look.
//
// Labels, value words and the clicks to each panel come from
// assets/platforms/whatsapp.json; the page layer (platforms/page) keeps
// every page on the account's origin and reads settings by label.
package whatsapp

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
	"chaperone/platforms/page"
)

//go:embed page.js
var pageJS string

// ErrNeedsPhone is a WhatsApp Web that is not linked: only the phone can
// link it (scanning the QR code), so no stored secret helps.
var ErrNeedsPhone = fmt.Errorf("%w: WhatsApp Web is not linked to your phone; open Chaperone's login window for WhatsApp and scan the QR code with your phone (WhatsApp > Settings > Linked devices > Link a device)", platforms.ErrLoginRequired)

// ErrLinkEnded is a link the phone no longer honours.
var ErrLinkEnded = fmt.Errorf("%w: WhatsApp Web logged this browser out (the link with your phone ended or expired); scan the QR code again from Chaperone's login window for WhatsApp", platforms.ErrLoginRequired)

// Fact IDs of what the adapter counts itself.
const (
	factConnections    = "whatsapp.connections"
	factGroupChats     = "whatsapp.group_chats"
	factClinicalGroups = "whatsapp.clinical_groups"
)

// Adapter is the WhatsApp Web adapter.
type Adapter struct {
	// Config overrides the embedded page knowledge (tests).
	Config *Config
}

// Platform implements platforms.Adapter.
func (Adapter) Platform() audit.Platform { return audit.WhatsApp }

func (a Adapter) config() (*Config, error) {
	if a.Config != nil {
		return a.Config, nil
	}
	return LoadConfig()
}

// Site implements platforms.Adapter.
func (a Adapter) Site() platforms.Site {
	c, err := a.config()
	if err != nil {
		// The data is part of the binary; tests load it.
		panic(err)
	}
	return platforms.Site{Origin: c.Origin, LoginPath: c.Login.Path}
}

// LoggedIn implements platforms.Adapter: the tab, at the account's origin,
// shows the app's chat list rather than the QR code. The login window
// waits for it while the doctor scans.
func (a Adapter) LoggedIn(ctx context.Context, tab *browser.Tab, acct platforms.Account) (bool, error) {
	c, err := a.config()
	if err != nil {
		return false, err
	}
	origin := acct.Origin
	if origin == "" {
		origin = c.Origin
	}
	loc, err := tab.Location(ctx)
	if err != nil {
		return false, err
	}
	if platforms.Origin(loc) != origin {
		return false, nil
	}
	names, _ := json.Marshal(c.App.ChatList)
	// The chat list, named as the config says, shown: the app, not the QR.
	expr := `(() => { const want = ` + string(names) + `.map((s) => s.toLowerCase());
		return Array.from(document.querySelectorAll('[aria-label]')).some((el) => want.includes((el.getAttribute('aria-label') || '').toLowerCase()) && el.getClientRects().length > 0); })()`
	return browser.Eval[bool](ctx, tab, "looking for WhatsApp's chat list", expr)
}

type appState struct {
	App     bool `json:"app"`
	QR      bool `json:"qr"`
	Expired bool `json:"expired"`
	Other   bool `json:"other"`
}

func (c *Config) stateQuery() map[string]any {
	return map[string]any{"chatList": c.App.ChatList, "qr": c.Link.QR, "expired": c.Link.Expired, "other": c.OtherWindow.Phrases}
}

type auditor struct {
	c *Config
	s *page.Session
}

// Audit implements platforms.Adapter.
func (a Adapter) Audit(ctx context.Context, b *browser.Browser, acct platforms.Account, o platforms.Options) (*audit.Snapshot, error) {
	c, err := a.config()
	if err != nil {
		return nil, err
	}
	// No stored secret links WhatsApp Web: the kit must never try a
	// password form here, so a QR page is a wall with no credentials.
	o.Credentials = nil
	s, err := page.Start(ctx, b, &c.Site, acct, o, pageJS)
	au := &auditor{c: c, s: s}
	if err == nil {
		err = au.run(ctx)
	}
	return s.Finish(err, au.allFactIDs())
}

func (a *auditor) allFactIDs() []string {
	var ids []string
	for _, f := range a.c.Facts {
		ids = append(ids, f.ID)
	}
	return append(ids, factConnections, factGroupChats, factClinicalGroups)
}

func (a *auditor) run(ctx context.Context) error {
	s := a.s
	order := s.Site.PageOrder()
	steps := float64(len(order) + 4)
	s.Progress("Opening WhatsApp Web", 0)
	if err := a.openApp(ctx); err != nil {
		return err
	}
	// One page: each panel is opened from the app's own controls, not by
	// loading it again (the real app takes seconds to start).
	for i, name := range order {
		s.Progress("Reading "+strings.ReplaceAll(name, "_", " ")+" settings", float64(i+1)/steps)
		if err := a.home(ctx); err != nil {
			return err
		}
		if err := a.readPanel(ctx, name); err != nil {
			return err
		}
	}
	n := float64(len(order) + 1)
	s.Progress("Reading your About text and status updates", n/steps)
	var posts []audit.Post
	if err := a.home(ctx); err != nil {
		return err
	}
	about, err := a.readAbout(ctx)
	if err != nil {
		return err
	}
	posts = append(posts, about...)
	if err := a.home(ctx); err != nil {
		return err
	}
	updates, err := a.readStatusUpdates(ctx)
	if err != nil {
		return err
	}
	posts = append(posts, updates...)
	s.Snap.Posts = append(s.Snap.Posts, posts...)

	s.Progress("Reading your chats and groups", (n+1)/steps)
	if err := a.home(ctx); err != nil {
		return err
	}
	if err := a.readChats(ctx); err != nil {
		return err
	}
	for _, p := range a.c.PhoneOnly {
		s.Missing(p.ID, p.Why)
	}
	s.Progress("Done", 1)
	return nil
}

// openApp loads the app and gets past what stands before it: the QR code
// (a phone already scanning is waited for, briefly; otherwise the phone is
// needed) and the "open in another window" notice.
func (a *auditor) openApp(ctx context.Context) error {
	err := a.open(ctx)
	switch {
	case errors.Is(err, platforms.ErrLoginRequired), errors.Is(err, platforms.ErrSessionEnded):
		if lerr := a.waitForLink(ctx, errors.Is(err, platforms.ErrSessionEnded)); lerr != nil {
			return lerr
		}
		if err = a.open(ctx); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	st, err := a.state(ctx)
	if err != nil {
		return err
	}
	if st.Other {
		if err := a.useHere(ctx); err != nil {
			return err
		}
		if st, err = a.state(ctx); err != nil {
			return err
		}
	}
	if !st.App {
		if err := a.waitApp(ctx); err != nil {
			return err
		}
	}
	return nil
}

// open loads the app's one page. The QR page reloads itself the moment
// the phone links it, so a check that the reload cut short (an evaluation
// lost with its document, a document not yet declaring its language) is
// tried again, a few times, before it counts.
func (a *auditor) open(ctx context.Context) error {
	var err error
	for try := 0; try < 4; try++ {
		var doc browser.Doc
		doc, err = a.s.Open(ctx, a.s.Site.Login.Path)
		if !transient(doc, err) {
			return err
		}
		if serr := sleep(ctx, 300*time.Millisecond); serr != nil {
			return serr
		}
	}
	return err
}

// transient reports whether err is a page that was replaced while it was
// being looked at.
func transient(doc browser.Doc, err error) bool {
	if err == nil || errors.Is(err, platforms.ErrOtherOrigin) || errors.Is(err, platforms.ErrLoginRequired) || errors.Is(err, context.Canceled) {
		return false
	}
	if page.IsPageError(err) {
		// A document caught before its <html> tag was parsed declares no
		// language yet; one that never does stays an error after the tries.
		return doc.Lang == "" && doc.Status < 400
	}
	msg := err.Error()
	return strings.Contains(msg, "navigated or closed") || strings.Contains(msg, "context was destroyed") || strings.Contains(msg, "Cannot find context")
}

func (a *auditor) state(ctx context.Context) (appState, error) {
	return page.Call[appState](ctx, a.s, a.s.Tab(), "looking at WhatsApp Web", "appState", a.c.stateQuery())
}

// home goes back to the chat list, where every drawer starts (the ⋮ Menu
// is in the chat list's header, covered by an open drawer).
func (a *auditor) home(ctx context.Context) error {
	shown, err := page.Call[bool](ctx, a.s, a.s.Tab(), "going back to the chat list", "shows", map[string]any{"names": a.c.App.Home, "by": "name"})
	if err != nil || !shown {
		return err
	}
	_, err = a.press(ctx, a.c.App.Home[0], "name")
	return err
}

// waitApp waits, within a step, for the app to draw its chat list.
func (a *auditor) waitApp(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := a.state(ctx)
		if err != nil {
			return err
		}
		if st.App {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: WhatsApp Web showed neither its chat list nor the QR code", platforms.ErrPageChanged)
		}
		if err := sleep(ctx, 150*time.Millisecond); err != nil {
			return err
		}
	}
}

// waitForLink is the QR page: the phone alone can link this browser. A
// phone already scanning gets a few seconds; then the audit stops with a
// reason that says the phone is needed (never a password, never a hang).
func (a *auditor) waitForLink(ctx context.Context, ended bool) error {
	s := a.s
	cookies, _ := s.Tab().Cookies(ctx, s.Acct.Origin+"/")
	var names []string
	for _, ck := range cookies {
		names = append(names, ck.Name)
	}
	had := ended || s.Site.HasSession(names)
	wait := time.Duration(a.c.Link.WaitMS) * time.Millisecond
	deadline := time.Now().Add(wait)
	for {
		// A page reloading as the link completes answers nothing for a
		// moment: only the deadline turns that into an error.
		st, err := a.state(ctx)
		late := time.Now().After(deadline)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err == nil && (st.App || st.Other):
			return nil
		case err == nil && (st.Expired || (late && st.QR)):
			if had {
				return ErrLinkEnded
			}
			return ErrNeedsPhone
		case late && err != nil:
			return err
		case late:
			return fmt.Errorf("%w: WhatsApp Web showed a page that is neither its app nor its QR code", platforms.ErrPageChanged)
		}
		if err := sleep(ctx, 200*time.Millisecond); err != nil {
			return err
		}
	}
}

// useHere answers "WhatsApp is open in another window" with its Use here
// button: the only way on, and it leaves the settings as they are.
func (a *auditor) useHere(ctx context.Context) error {
	ok, err := page.Call[bool](ctx, a.s, a.s.Tab(), "choosing to use WhatsApp in this window", "press",
		map[string]any{"names": a.c.OtherWindow.UseHere, "by": "text", "origin": a.s.Acct.Origin})
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: WhatsApp says it is open in another window, and Chaperone did not find its %q button", platforms.ErrPageChanged, a.c.OtherWindow.UseHere[0])
	}
	return a.waitApp(ctx)
}

// press clicks a control by name (or its words), waiting briefly for it to
// be drawn; false when it never was.
func (a *auditor) press(ctx context.Context, name, by string) (bool, error) {
	deadline := time.Now().Add(4 * time.Second)
	for {
		ok, err := page.Call[bool](ctx, a.s, a.s.Tab(), "opening "+name, "press",
			map[string]any{"names": []string{name}, "by": by, "origin": a.s.Acct.Origin})
		if err != nil || ok {
			return ok, err
		}
		if time.Now().After(deadline) {
			return false, nil
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return false, err
		}
	}
}

// openDrawer tries each way of opening a drawer (the A/B layouts) and
// says which controls were looked for when none worked.
func (a *auditor) openDrawer(ctx context.Context, ways [][]string) (bool, string, error) {
	var tried []string
	for _, seq := range ways {
		tried = append(tried, "“"+strings.Join(seq, "” then “")+"”")
		// The first control of a way must be there now: a missing one
		// means the other layout.
		first, err := page.Call[bool](ctx, a.s, a.s.Tab(), "looking for "+seq[0], "shows", map[string]any{"names": seq[:1], "by": "name"})
		if err != nil {
			return false, "", err
		}
		if !first {
			continue
		}
		ok := true
		for _, name := range seq {
			if ok, err = a.press(ctx, name, "name"); err != nil {
				return false, "", err
			}
			if !ok {
				break
			}
		}
		if ok {
			return true, "", nil
		}
	}
	return false, strings.Join(tried, ", or "), nil
}

// readPanel opens Settings, then the panel's rows by their words, and
// reads the panel's facts by label.
func (a *auditor) readPanel(ctx context.Context, name string) error {
	s := a.s
	facts := s.Site.FactsOn(name)
	miss := func(why string) {
		for _, f := range facts {
			s.Missing(f.ID, why)
		}
	}
	ok, tried, err := a.openDrawer(ctx, a.c.Settings.Open)
	if err != nil {
		return err
	}
	if !ok {
		miss("WhatsApp Web's Settings could not be opened: no control named " + tried + " was found")
		return nil
	}
	for _, step := range a.c.Panels[name] {
		ok, err := a.press(ctx, step, "text")
		if err != nil {
			return err
		}
		if !ok {
			miss(fmt.Sprintf("the %q entry was not found in WhatsApp Web's settings", step))
			return nil
		}
	}
	var labels []string
	for _, f := range facts {
		labels = append(labels, f.Labels...)
	}
	s.Settle(ctx, s.Tab(), labels)
	loc, err := s.Tab().Location(ctx)
	if err != nil {
		return err
	}
	s.ReadFacts(ctx, s.Tab(), loc, facts)
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
