// Package tiktok reads a doctor's TikTok account through the browser: the
// privacy and security settings (the private-account checkbox by its
// place beside its text, as it has no name), the devices and security
// alerts, the followers and following lists from the JSON the profile page
// fetches, pending follow requests, the videos' captions and covers, and
// the profile as a logged-out visitor sees it.
//
// Labels, words and paths are data in assets/platforms/tiktok.json; the
// page layer (platforms/page) opens pages on the account's own origin,
// logs in and reads settings by label.
package tiktok

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

//go:embed page.js
var pageJS string

// Adapter is the TikTok adapter.
type Adapter struct {
	// Config overrides the embedded page knowledge (tests).
	Config *Config
}

// Platform implements platforms.Adapter.
func (Adapter) Platform() audit.Platform { return audit.TikTok }

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

// LoggedIn implements platforms.Adapter.
func (a Adapter) LoggedIn(ctx context.Context, tab *browser.Tab, acct platforms.Account) (bool, error) {
	c, err := a.config()
	if err != nil {
		return false, err
	}
	return page.LoggedIn(ctx, tab, &c.Site, acct)
}

// Fact IDs that are not settings read by label.
const (
	factFollowers    = "tiktok.followers"
	factFollowing    = "tiktok.following"
	factPublicVideos = "tiktok.public_view.videos"
	factPublicName   = "tiktok.public_view.name"
	factPublicLinks  = "tiktok.public_view.links"
	factPosts        = "tiktok.posts"
)

var publicFacts = []string{factPublicVideos, factPublicName, factPublicLinks}

type auditor struct {
	c *Config
	s *page.Session
	// profile is the account's profile address, name its display name.
	profile, handle, name string
	private               bool
}

// Audit implements platforms.Adapter. The snapshot always carries
// TikTok's Coverage, with Error set when TikTok could not be read.
func (a Adapter) Audit(ctx context.Context, b *browser.Browser, acct platforms.Account, o platforms.Options) (*audit.Snapshot, error) {
	c, err := a.config()
	if err != nil {
		return nil, err
	}
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
	ids = append(ids, a.c.AccountKind.ID, a.c.Suggest.ID, a.c.Devices.ID, a.c.Alerts.ID, factFollowers, factFollowing, a.c.Requests.ID)
	return append(ids, publicFacts...)
}

func (a *auditor) run(ctx context.Context) error {
	s := a.s
	order := s.Site.PageOrder()
	for _, p := range []string{a.c.Suggest.Page, a.c.Devices.Page, a.c.Alerts.Page} {
		if !contains(order, p) {
			order = append(order, p)
		}
	}
	steps := float64(len(order) + 4)
	for i, name := range order {
		s.Progress("Reading "+strings.ReplaceAll(name, "_", " ")+" settings", float64(i)/steps)
		doc, err := s.ReadSettings(ctx, name)
		if page.IsPageError(err) {
			for _, id := range a.ownOn(name) {
				s.Missing(id, err.Error())
			}
			continue
		}
		if err != nil {
			return err
		}
		if name == a.c.Suggest.Page {
			a.readSuggest(ctx, doc.URL)
		}
		if name == a.c.Devices.Page {
			a.readDevices(ctx, doc.URL)
		}
		if name == a.c.Alerts.Page {
			a.readAlerts(ctx, doc.URL)
		}
	}
	a.appOnly()
	if err := a.readKind(ctx); err != nil {
		return err
	}

	n := float64(len(order))
	s.Progress("Reading your profile and videos", n/steps)
	ok, err := a.openProfile(ctx)
	if err != nil {
		return err
	}
	var own []audit.Post
	if ok {
		if own, err = a.readVideos(ctx, s.Tab(), audit.SourceSettings); errors.Is(err, page.ErrListUnfinished) {
			s.Missing(string(audit.TikTok)+".posts", err.Error())
		} else if err != nil {
			return err
		}
		s.Progress("Reading your followers", (n+1)/steps)
		if err := a.readList(ctx, factFollowers, a.c.Profile.Followers, a.c.Profile.FollowerScene, audit.ConnFollower); err != nil {
			return err
		}
		if err := a.readList(ctx, factFollowing, a.c.Profile.Following, a.c.Profile.FollowingScene, audit.ConnFollowing); err != nil {
			return err
		}
	}
	s.Progress("Reading follow requests", (n+2)/steps)
	if err := a.readRequests(ctx); err != nil {
		return err
	}
	s.Progress("Looking at your profile as a stranger", (n+3)/steps)
	public, err := a.readPublicView(ctx)
	if err != nil {
		return err
	}
	s.Snap.Posts = mergePosts(own, public)
	s.Progress("Done", 1)
	return nil
}

// ownOn lists the facts this adapter reads itself on a settings page.
func (a *auditor) ownOn(name string) []string {
	var out []string
	if a.c.Suggest.Page == name {
		out = append(out, a.c.Suggest.ID)
	}
	if a.c.Devices.Page == name {
		out = append(out, a.c.Devices.ID)
	}
	if a.c.Alerts.Page == name {
		out = append(out, a.c.Alerts.ID)
	}
	return out
}

// appOnly rewords "not found" for settings the web does not show on
// every account: they are set in the app, which Chaperone cannot read.
func (a *auditor) appOnly() {
	for id, where := range a.c.AppOnly {
		why, missing := a.s.Cov.Missing[id]
		if !missing || !strings.Contains(why, "was not found") {
			continue
		}
		delete(a.s.Cov.Missing, id)
		// Absent and renamed look alike from here: say both.
		a.s.Missing(id, "TikTok's web settings page does not show this setting (for some accounts it is set in the TikTok app only, at "+where+"; or the page has changed), so check it in the app")
	}
}

// readKind reads whether the account is personal or a business one: the
// account page offers to switch to the other kind.
func (a *auditor) readKind(ctx context.Context) error {
	s, kc := a.s, a.c.AccountKind
	doc, err := s.Open(ctx, s.Site.Pages[kc.Page])
	if page.IsPageError(err) {
		s.Missing(kc.ID, err.Error())
		return nil
	}
	if err != nil {
		return err
	}
	personal, err := page.Call[bool](ctx, s, s.Tab(), "reading the account type", "saysAny", map[string]any{"phrases": kc.Personal})
	if err != nil {
		return err
	}
	business, err := page.Call[bool](ctx, s, s.Tab(), "reading the account type", "saysAny", map[string]any{"phrases": kc.Professional})
	if err != nil {
		return err
	}
	switch {
	case personal == business:
		s.Missing(kc.ID, "the account page "+doc.URL+" does not say plainly whether this is a personal or a business account")
	case personal:
		s.Set(audit.Fact{ID: kc.ID, Value: audit.KindPersonal, Raw: "personal account", Source: audit.SourceSettings, URL: doc.URL,
			Evidence: "Manage account offers to switch to a business account"})
	default:
		s.Set(audit.Fact{ID: kc.ID, Value: audit.KindProfessional, Raw: "business account", Source: audit.SourceSettings, URL: doc.URL,
			Evidence: "Manage account shows a business account"})
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// readSuggest reads each part of "Suggest your account to others": off
// when every part is off, on when every part is on, else some. A part not
// read leaves the whole unread.
func (a *auditor) readSuggest(ctx context.Context, loc string) {
	s, sc := a.s, a.c.Suggest
	others := a.c.labels()
	on, raw := 0, []string{}
	var rect browser.Rect
	for _, labels := range sc.Parts {
		res, err := s.Tab().ReadLabel(ctx, browser.LabelQuery{Labels: labels, Others: others, Values: []string{"On", "Off"}, Switch: true})
		switch {
		case err != nil:
			s.Missing(sc.ID, err.Error())
			return
		case !res.Found:
			s.Missing(sc.ID, fmt.Sprintf("the option %q of %q was not found on %s", labels[0], sc.Labels[0], loc))
			return
		case res.Key != audit.On && res.Key != audit.Off:
			s.Missing(sc.ID, fmt.Sprintf("the option %q of %q shows no on/off state Chaperone can read (%s) on %s", labels[0], sc.Labels[0], res.Reason, loc))
			return
		}
		if res.Key == audit.On {
			on++
		}
		if rect.W == 0 {
			rect = res.Rect
		}
		raw = append(raw, res.Label+" "+res.Raw)
	}
	v := "some"
	switch on {
	case 0:
		v = audit.Off
	case len(sc.Parts):
		v = audit.On
	}
	s.Set(audit.Fact{
		ID: sc.ID, Value: v, Raw: strings.Join(raw, "; "), Source: audit.SourceSettings, URL: loc,
		Evidence:   sc.Labels[0] + ": " + strings.Join(raw, "; "),
		Screenshot: s.Screenshot(ctx, s.Tab(), rect, sc.ID),
	})
}

type listResult struct {
	Found bool         `json:"found"`
	Empty bool         `json:"empty"`
	Items [][]string   `json:"items"`
	Rect  browser.Rect `json:"rect"`
}

func (a *auditor) listUnder(ctx context.Context, lc ListConfig) (listResult, error) {
	return page.Call[listResult](ctx, a.s, a.s.Tab(), "reading "+lc.Labels[0], "listUnder", map[string]any{"labels": lc.Labels, "empty": lc.Empty})
}

// readDevices reads "Manage devices": every device where the account is
// logged in.
func (a *auditor) readDevices(ctx context.Context, loc string) {
	s, dc := a.s, a.c.Devices
	res, err := a.listUnder(ctx, dc)
	switch {
	case err != nil:
		s.Missing(dc.ID, err.Error())
		return
	case !res.Found:
		s.Missing(dc.ID, fmt.Sprintf("the list %q was not found on %s", dc.Labels[0], loc))
		return
	case len(res.Items) == 0:
		// The device doing the audit is always logged in: none listed is a
		// page Chaperone did not read, not "no devices".
		s.Missing(dc.ID, fmt.Sprintf("no devices listed under %q on %s", dc.Labels[0], loc))
		return
	}
	for _, it := range res.Items {
		s.Snap.Sessions = append(s.Snap.Sessions, parseDevice(it, dc.Current))
	}
	n := fmt.Sprint(len(res.Items))
	s.Set(audit.Fact{
		ID: dc.ID, Value: n, Raw: n + " devices", Source: audit.SourceSettings, URL: loc,
		Evidence:   fmt.Sprintf("%s: %d devices listed", dc.Labels[0], len(res.Items)),
		Screenshot: s.Screenshot(ctx, s.Tab(), res.Rect, dc.ID),
	})
}

// parseDevice reads a device's lines: "Chrome on Linux", "Town, Country ·
// Active 3 days ago" (or "Current device").
func parseDevice(lines []string, current []string) audit.Session {
	d := audit.Session{Platform: audit.TikTok}
	var kept []string
	for _, l := range lines {
		if browser.Normalize(l) == "remove" {
			continue
		}
		kept = append(kept, l)
	}
	if len(kept) > 0 {
		d.Device = kept[0]
	}
	if len(kept) > 1 {
		parts := strings.Split(kept[1], "·")
		d.Location = strings.TrimSpace(parts[0])
		if len(parts) > 1 {
			d.LastActive = strings.TrimSpace(parts[len(parts)-1])
		}
	}
	for _, l := range kept {
		for _, c := range current {
			if strings.Contains(browser.Normalize(l), browser.Normalize(c)) {
				d.Current = true
			}
		}
	}
	return d
}

// readAlerts reads "Security alerts": none, or some to review.
func (a *auditor) readAlerts(ctx context.Context, loc string) {
	s, ac := a.s, a.c.Alerts
	res, err := a.listUnder(ctx, ac)
	switch {
	case err != nil:
		s.Missing(ac.ID, err.Error())
		return
	case !res.Found:
		s.Missing(ac.ID, fmt.Sprintf("the list %q was not found on %s", ac.Labels[0], loc))
		return
	case len(res.Items) == 0 && !res.Empty:
		s.Missing(ac.ID, fmt.Sprintf("no alerts listed under %q and no \"no alerts\" message on %s", ac.Labels[0], loc))
		return
	}
	v, raw := "none", "no security alerts"
	if len(res.Items) > 0 {
		v, raw = "some", fmt.Sprintf("%d security alerts", len(res.Items))
	}
	s.Set(audit.Fact{
		ID: ac.ID, Value: v, Raw: raw, Source: audit.SourceSettings, URL: loc,
		Evidence:   ac.Labels[0] + ": " + raw + " in the last 30 days",
		Screenshot: s.Screenshot(ctx, s.Tab(), res.Rect, ac.ID),
	})
}
