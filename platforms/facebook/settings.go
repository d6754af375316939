package facebook

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"chaperone/audit"
	"chaperone/platforms/browser"
	"chaperone/platforms/page"
)

// readSettings reads every settings page of the 2026 layout, then looks
// for what was not found there on the legacy pages.
func (a *auditor) readSettings(ctx context.Context, steps float64) error {
	s := a.s
	order := s.Site.PageOrder()
	if !slices.Contains(order, a.c.Sessions.Page) {
		order = append(order, a.c.Sessions.Page)
	}
	for i, name := range order {
		s.Progress("Reading "+strings.ReplaceAll(name, "_", " ")+" settings", float64(i)/steps)
		var err error
		if strings.HasPrefix(s.Site.Pages[name], "@") {
			err = a.readAccountsCentre(ctx, name)
		} else {
			var doc browser.Doc
			doc, err = s.ReadSettings(ctx, name)
			if err == nil && name == a.c.Sessions.Page {
				a.readSessions(ctx, doc.URL)
			}
		}
		if err != nil && !page.IsPageError(err) {
			return err
		}
	}
	return a.readLegacy(ctx)
}

// pageFacts are the facts read by label on an Accounts Centre page: those
// made of several controls (login alerts) are read by their own code.
func (a *auditor) pageFacts(name string) []page.Fact {
	var out []page.Fact
	for _, f := range a.s.Site.FactsOn(name) {
		if f.ID != a.c.AccountsCentre.LoginAlerts.ID {
			out = append(out, f)
		}
	}
	return out
}

// pageIDs are every fact ID an Accounts Centre page holds.
func (a *auditor) pageIDs(name string) []string {
	var ids []string
	for _, f := range a.s.Site.FactsOn(name) {
		ids = append(ids, f.ID)
	}
	ac := a.c.AccountsCentre
	if ac.LoginAlerts.Page == name && !slices.Contains(ids, ac.LoginAlerts.ID) {
		ids = append(ids, ac.LoginAlerts.ID)
	}
	if ac.TwoFactorMethod.Page == name {
		ids = append(ids, ac.TwoFactorMethod.ID)
	}
	if a.c.Sessions.Page == name {
		ids = append(ids, a.c.Sessions.ID)
	}
	return ids
}

type pickerResult struct {
	Shown   bool `json:"shown"`
	Entries []struct {
		Lines []string `json:"lines"`
	} `json:"entries"`
}

// readAccountsCentre opens an Accounts Centre page (its own origin on the
// real site, a related origin of the account's), answers its account
// picker with the one Facebook profile it lists, and reads the page. A
// picker that lists no Facebook profile, or several, leaves the page's
// facts unknown: which one is this account cannot be told.
func (a *auditor) readAccountsCentre(ctx context.Context, name string) error {
	s := a.s
	ids := a.pageIDs(name)
	missing := func(why string) {
		for _, id := range ids {
			s.Missing(id, why)
		}
	}
	doc, err := s.Open(ctx, s.Site.Pages[name])
	if err != nil {
		if page.IsPageError(err) {
			missing(err.Error())
		}
		return err
	}
	ac := a.c.AccountsCentre
	q := map[string]any{"picker": ac.Picker}
	pick, err := page.Call[pickerResult](ctx, s, s.Tab(), "reading the account picker", "accountPicker", q)
	if err != nil {
		missing(err.Error())
		return nil
	}
	if pick.Shown {
		idx, why := a.choose(pick)
		if why != "" {
			missing(why + " on " + doc.URL)
			return nil
		}
		q["index"] = idx
		ok, err := page.Call[bool](ctx, s, s.Tab(), "choosing the account", "chooseAccount", q)
		if err != nil || !ok {
			missing(fmt.Sprintf("could not choose the account in %q on %s (%v)", ac.Picker[0], doc.URL, err))
			return nil
		}
	}
	facts := a.pageFacts(name)
	s.Settle(ctx, s.Tab(), a.pageLabels(name, facts))
	s.ReadFacts(ctx, s.Tab(), doc.URL, facts)
	if ac.LoginAlerts.Page == name {
		a.readLoginAlerts(ctx, doc.URL)
	}
	if ac.TwoFactorMethod.Page == name {
		a.readTwoFactorMethod(ctx, doc.URL)
	}
	if a.c.Sessions.Page == name {
		a.readSessions(ctx, doc.URL)
	}
	return nil
}

// choose picks the picker entry that is this network's profile. The
// picker names profiles, not logins, so only a single Facebook profile can
// be taken for the account: two (a second profile, a Page) or none is
// reported rather than guessed.
func (a *auditor) choose(p pickerResult) (int, string) {
	words := a.c.AccountsCentre.Platform
	var hits []int
	var names []string
	for i, e := range p.Entries {
		for _, l := range e.Lines[min(1, len(e.Lines)):] {
			if slices.ContainsFunc(words, func(w string) bool { return browser.Normalize(w) == browser.Normalize(l) }) {
				hits = append(hits, i)
				names = append(names, e.Lines[0])
				break
			}
		}
	}
	picker := a.c.AccountsCentre.Picker[0]
	switch len(hits) {
	case 1:
		return hits[0], ""
	case 0:
		return 0, fmt.Sprintf("Accounts Centre asked to %q and listed no %s profile (%d entries)", picker, words[0], len(p.Entries))
	}
	return 0, fmt.Sprintf("Accounts Centre asked to %q and listed %d %s profiles (%s): which one is this account cannot be told", picker, len(hits), words[0], strings.Join(names, ", "))
}

// pageLabels are the words that show an Accounts Centre page has drawn
// the chosen account's settings.
func (a *auditor) pageLabels(name string, facts []page.Fact) []string {
	var out []string
	for _, f := range facts {
		out = append(out, f.Labels...)
	}
	ac := a.c.AccountsCentre
	if ac.LoginAlerts.Page == name {
		out = append(append(out, ac.LoginAlerts.InApp...), ac.LoginAlerts.Email...)
	}
	if ac.TwoFactorMethod.Page == name {
		for _, m := range ac.TwoFactorMethod.Methods {
			out = append(out, m.Labels...)
		}
	}
	if a.c.Sessions.Page == name {
		out = append(out, a.c.Sessions.Labels...)
	}
	return out
}

// others are every label the page may show, for the own-row rule.
func (a *auditor) others() []string {
	ac := a.c.AccountsCentre
	out := append(a.s.Site.Labels(), ac.LoginAlerts.InApp...)
	out = append(out, ac.LoginAlerts.Email...)
	for _, m := range ac.TwoFactorMethod.Methods {
		out = append(out, m.Labels...)
	}
	return out
}

var onOff = map[string]string{"On": audit.On, "Off": audit.Off}

// readControl reads one on/off control by its label; why is set when it
// could not be read.
func (a *auditor) readControl(ctx context.Context, labels []string, values map[string]string, loc string) (v string, res browser.LabelResult, why string) {
	words := make([]string, 0, len(values))
	for w := range values {
		words = append(words, w)
	}
	res, err := a.s.Tab().ReadLabel(ctx, browser.LabelQuery{Labels: labels, Others: a.others(), Values: words, Switch: true})
	switch {
	case err != nil:
		return "", res, err.Error()
	case !res.Found:
		return "", res, fmt.Sprintf("the setting %q was not found on %s", labels[0], loc)
	case res.Key == "":
		return "", res, res.Reason + " on " + loc
	}
	for w, val := range values {
		if browser.Normalize(w) == res.Key {
			return val, res, ""
		}
	}
	if res.Key == audit.On || res.Key == audit.Off {
		return res.Key, res, ""
	}
	return "", res, fmt.Sprintf("unrecognised value %q next to %q on %s", res.Raw, res.Label, loc)
}

// readLoginAlerts joins the two "Login alerts" checkboxes into one fact:
// on (both), partial (one), off (none). Either unread leaves it unknown.
func (a *auditor) readLoginAlerts(ctx context.Context, loc string) {
	la := a.c.AccountsCentre.LoginAlerts
	inApp, r1, why := a.readControl(ctx, la.InApp, onOff, loc)
	if why != "" {
		a.s.Missing(la.ID, why)
		return
	}
	email, r2, why := a.readControl(ctx, la.Email, onOff, loc)
	if why != "" {
		a.s.Missing(la.ID, why)
		return
	}
	v := audit.Off
	switch {
	case inApp == audit.On && email == audit.On:
		v = audit.On
	case inApp == audit.On || email == audit.On:
		v = "partial"
	}
	a.s.Set(audit.Fact{
		ID: la.ID, Value: v, Raw: r1.Raw + "/" + r2.Raw, Source: audit.SourceSettings, URL: loc,
		Evidence:   fmt.Sprintf("%s = %s; %s = %s", r1.Label, r1.Raw, r2.Label, r2.Raw),
		Screenshot: a.s.Screenshot(ctx, a.s.Tab(), union(r1.Rect, r2.Rect), la.ID),
	})
}

// readTwoFactorMethod reads which two-factor methods are on and keeps the
// strongest; with two-factor off it is "none".
func (a *auditor) readTwoFactorMethod(ctx context.Context, loc string) {
	tm := a.c.AccountsCentre.TwoFactorMethod
	var rect browser.Rect
	var found, seen []string
	for _, m := range tm.Methods {
		v, res, why := a.readControl(ctx, m.Labels, tm.Values, loc)
		if why != "" {
			a.s.Missing(tm.ID, why)
			return
		}
		rect = union(rect, res.Rect)
		seen = append(seen, res.Label+" = "+res.Raw)
		if v == audit.On {
			found = append(found, m.Value)
		}
	}
	v := "none"
	if len(found) > 0 {
		v = found[0]
	}
	if f, ok := a.s.Snap.Facts["facebook.two_factor"]; ok && f.Value == audit.Off {
		v = "none"
	}
	a.s.Set(audit.Fact{
		ID: tm.ID, Value: v, Raw: v, Source: audit.SourceSettings, URL: loc,
		Evidence:   strings.Join(seen, "; "),
		Screenshot: a.s.Screenshot(ctx, a.s.Tab(), rect, tm.ID),
	})
}

func union(a, b browser.Rect) browser.Rect {
	if a.W == 0 && a.H == 0 {
		return b
	}
	if b.W == 0 && b.H == 0 {
		return a
	}
	x1, y1 := min(a.X, b.X), min(a.Y, b.Y)
	x2, y2 := max(a.X+a.W, b.X+b.W), max(a.Y+a.H, b.Y+b.H)
	return browser.Rect{X: x1, Y: y1, W: x2 - x1, H: y2 - y1}
}

// readLegacy looks for the facts not read on the 2026 pages on their
// legacy pages (older accounts still have them). The reason first given
// for a fact stays when it is not found there either.
func (a *auditor) readLegacy(ctx context.Context) error {
	s, lg := a.s, a.c.Legacy
	byPage := map[string][]page.Fact{}
	for _, f := range s.Site.Facts {
		p := lg.Facts[f.ID]
		if _, read := s.Snap.Facts[f.ID]; p == "" || read {
			continue
		}
		if l := lg.Labels[f.ID]; len(l) > 0 {
			f.Labels = l
		}
		byPage[p] = append(byPage[p], f)
	}
	_, sessionsRead := s.Snap.Facts[a.c.Sessions.ID]
	if lg.Sessions != "" && !sessionsRead && byPage[lg.Sessions] == nil {
		byPage[lg.Sessions] = []page.Fact{}
	}
	names := make([]string, 0, len(byPage))
	for n := range byPage {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		facts := byPage[name]
		doc, err := s.Open(ctx, lg.Pages[name])
		if page.IsPageError(err) {
			continue
		}
		if err != nil {
			return err
		}
		// A legacy address that now redirects (to the 2026 page, or to
		// Accounts Centre's hub) is not the legacy page: what is there
		// answers another question.
		if !samePage(s.URL(lg.Pages[name]), doc.URL) {
			continue
		}
		var labels []string
		for _, f := range facts {
			labels = append(labels, f.Labels...)
		}
		if name == lg.Sessions && !sessionsRead {
			labels = append(labels, a.c.Sessions.Labels...)
		}
		s.Settle(ctx, s.Tab(), labels)
		s.ReadFacts(ctx, s.Tab(), doc.URL, facts)
		if name == lg.Sessions && !sessionsRead {
			a.readSessions(ctx, doc.URL)
		}
	}
	return nil
}

// judgePastPosts: "Limit past posts" keeps no state, so it is never read
// from the settings page. Public posts a logged-out visitor still sees
// show it was not done (or posts were made public since); no public post
// proves nothing, and the fact stays unknown with the reason.
func (a *auditor) judgePastPosts() {
	pp := a.c.PastPosts
	pub, ok := a.s.Snap.Facts[pp.JudgedBy]
	switch {
	case !ok:
		a.s.Missing(pp.ID, fmt.Sprintf("%q leaves no setting to read, and the public view of the profile could not be read", pp.Labels[0]))
	case pub.Value == audit.Visible:
		a.s.Set(audit.Fact{
			ID: pp.ID, Value: audit.NotDone, Raw: pub.Raw, Source: pub.Source, URL: pub.URL,
			Evidence:   fmt.Sprintf("%q leaves no setting to read; a logged-out visitor still sees public posts (%s)", pp.Labels[0], pub.Evidence),
			Screenshot: pub.Screenshot,
		})
	default:
		a.s.Missing(pp.ID, fmt.Sprintf("%q leaves no setting to read; a logged-out visitor sees no public post, which does not show whether older posts were limited", pp.Labels[0]))
	}
}

// samePage reports whether a loaded address is the page asked for: the
// same path and the same tab.
func samePage(want, got string) bool {
	w, err1 := url.Parse(want)
	g, err2 := url.Parse(got)
	if err1 != nil || err2 != nil {
		return false
	}
	return strings.TrimRight(w.Path, "/") == strings.TrimRight(g.Path, "/") && w.Query().Get("tab") == g.Query().Get("tab")
}
