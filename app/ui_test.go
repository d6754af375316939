package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fakeAuditor streams its events, optionally waits to be released, then
// returns its result.
type fakeAuditor struct {
	events  []Event
	reached chan struct{} // told once the events are sent
	release chan struct{} // nil: return at once
	result  *audit.Result
	err     error

	mu         sync.Mutex
	calls      [][]Account
	ctxs       []context.Context
	guidelines []string
}

func (f *fakeAuditor) Audit(ctx context.Context, accounts []Account, guideline string, progress func(Event)) (*audit.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, accounts)
	f.ctxs = append(f.ctxs, ctx)
	f.guidelines = append(f.guidelines, guideline)
	f.mu.Unlock()
	for _, ev := range f.events {
		progress(ev)
	}
	if f.reached != nil {
		f.reached <- struct{}{}
	}
	if f.release != nil {
		select {
		case <-f.release:
		case <-ctx.Done():
			<-f.release // a real audit takes a moment to let go of the browser
			return nil, ctx.Err()
		}
	}
	return f.result, f.err
}

// fakeAccounts is an in-memory account list.
type fakeAccounts struct {
	mu      sync.Mutex
	list    []Account
	listErr error
	addErr  error
	addGate chan struct{} // Add waits for it (or ctx) when set
	added   []string
	removed []string
}

func (f *fakeAccounts) List() ([]Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Account(nil), f.list...), f.listErr
}

func (f *fakeAccounts) Add(ctx context.Context, p audit.Platform, user string) error {
	if f.addGate != nil {
		select {
		case <-f.addGate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.added = append(f.added, string(p)+"/"+user)
	if f.addErr != nil {
		return f.addErr
	}
	f.list = append(f.list, Account{Platform: p, User: user})
	return nil
}

func (f *fakeAccounts) Remove(p audit.Platform, user string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.removed = append(f.removed, string(p)+"/"+user)
	var keep []Account
	for _, a := range f.list {
		if a.Platform != p || a.User != user {
			keep = append(keep, a)
		}
	}
	f.list = keep
	return nil
}

type harness struct {
	ui       *UI
	auditor  *fakeAuditor
	accounts *fakeAccounts
	opened   []string
}

func newHarness(t *testing.T, accounts []Account, auditor *fakeAuditor, opts ...func(*Deps)) *harness {
	t.Helper()
	return newHarnessOn(t, test.NewTempApp(t), accounts, auditor, opts...)
}

// newHarnessOn opens the window on app a, as a second start of the app
// does (same preferences).
func newHarnessOn(t *testing.T, a fyne.App, accounts []Account, auditor *fakeAuditor, opts ...func(*Deps)) *harness {
	t.Helper()
	gs, err := audit.Guidelines()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{auditor: auditor, accounts: &fakeAccounts{list: accounts}}
	d := Deps{
		Auditor:    auditor,
		Accounts:   h.accounts,
		Guidelines: NewGuidelines(gs),
		OpenURL: func(u *url.URL) error {
			h.opened = append(h.opened, u.String())
			return nil
		},
		Location: time.UTC,
	}
	for _, o := range opts {
		o(&d)
	}
	h.ui = New(a, d)
	h.ui.win.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() {
		h.ui.win.Close()
		h.ui.bg.Wait()
	})
	return h
}

// texts lists the text of every visible canvas.Text in the window and its
// dialogs, in drawing order.
func (h *harness) texts() []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			if strings.TrimSpace(x.Text) != "" {
				out = append(out, x.Text)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	c := h.ui.win.Canvas()
	walk(c.Content())
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return out
}

// shows reports whether s is on screen; wrapped text is split into one
// canvas.Text per line, so the lines are joined with spaces first.
func (h *harness) shows(s string) bool {
	return strings.Contains(strings.Join(h.texts(), " "), s)
}

func (h *harness) mustShow(t *testing.T, want ...string) {
	t.Helper()
	for _, w := range want {
		if !h.shows(w) {
			t.Errorf("window does not show %q", w)
		}
	}
}

// assertMarkup compares the window with a markup master, writing it with
// -update.
func assertMarkup(t *testing.T, name string, c fyne.Canvas) {
	t.Helper()
	if *update {
		if err := os.WriteFile(filepath.Join("testdata", name), []byte(test.RenderToMarkup(c)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	test.AssertRendersToMarkup(t, name, c)
}

// assertImage compares the window with a PNG master, writing it with -update.
func assertImage(t *testing.T, name string, c fyne.Canvas) {
	t.Helper()
	img := c.Capture()
	if *update {
		f, err := os.Create(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	test.AssertImageMatches(t, name, img)
}

var someAccounts = []Account{
	{Platform: audit.Facebook, User: "dr.example@example.com"},
	{Platform: audit.Instagram, User: "dr.example"},
}

func TestWelcomeWithNoAccounts(t *testing.T) {
	h := newHarness(t, nil, &fakeAuditor{})
	if h.ui.win.Title() != "Chaperone" {
		t.Errorf("title = %q", h.ui.win.Title())
	}
	h.mustShow(t, "Welcome to Chaperone", "Try the demo", "Not added", "Facebook", "Instagram", "X", "LinkedIn", "TikTok", "WhatsApp")
	if got := len(h.ui.side.addBtns); got != len(audit.Platforms) {
		t.Errorf("%d Add account buttons, want %d", got, len(audit.Platforms))
	}
	if !h.ui.side.runBtn.Disabled() {
		t.Error("Run audit is enabled with no accounts")
	}
	assertMarkup(t, "welcome.xml", h.ui.win.Canvas())
}

func TestTryTheDemo(t *testing.T) {
	aud := &fakeAuditor{
		result: loadResult(t, "result.json"),
		events: []Event{{Platform: audit.Facebook, Step: "Reading privacy settings", Fraction: 0.5}, {Platform: audit.Facebook, Done: true}},
	}
	h := newHarness(t, nil, aud)
	test.Tap(h.ui.side.demoBtn)
	h.ui.bg.Wait()

	if len(aud.calls) != 1 || len(aud.calls[0]) != 1 || aud.calls[0][0] != (Account{Platform: audit.Facebook, Demo: true}) {
		t.Fatalf("auditor got %+v, want the demo account", aud.calls)
	}
	h.mustShow(t, "Demo score", "58", "This is the demo")
	if len(h.accounts.added) != 0 {
		t.Errorf("the demo added accounts: %v", h.accounts.added)
	}
}

func TestRunAuditStreamsProgressThenShowsChecklist(t *testing.T) {
	aud := &fakeAuditor{
		result:  loadResult(t, "result.json"),
		reached: make(chan struct{}),
		release: make(chan struct{}),
		events: []Event{
			{Platform: audit.Facebook, Step: "Logging in", Fraction: 0.2},
			{Platform: audit.Facebook, Step: "Reading privacy settings", Fraction: 0.6},
			{Platform: audit.Instagram, Step: "Logging in", Fraction: 0.1},
			{Platform: audit.Instagram, Done: true, Err: fmt.Errorf("instagram: logging in: %w", context.DeadlineExceeded)},
		},
	}
	h := newHarness(t, someAccounts, aud)
	h.mustShow(t, "Ready to check your accounts", "dr.example@example.com")

	test.Tap(h.ui.side.runBtn)
	<-aud.reached

	pv := h.ui.progView
	if pv == nil || h.ui.content.Objects[0] != pv.root {
		t.Fatal("progress panel not shown while the audit runs")
	}
	if got := pv.bars[0].Value; got != 0.6 {
		t.Errorf("facebook bar = %v, want 0.6", got)
	}
	if got := pv.steps[0].Text; got != "Reading privacy settings" {
		t.Errorf("facebook step = %q", got)
	}
	if got := pv.problems[1].Text; !strings.Contains(got, "took too long") || !pv.problems[1].Visible() {
		t.Errorf("instagram problem = %q (visible %v)", got, pv.problems[1].Visible())
	}
	if !h.ui.side.runBtn.Disabled() || !h.ui.side.demoBtn.Disabled() || !h.ui.side.rmBtns[audit.Facebook][0].Disabled() {
		t.Error("starting buttons stay enabled during an audit")
	}
	assertMarkup(t, "progress.xml", h.ui.win.Canvas())

	close(aud.release)
	h.ui.bg.Wait()

	rv := h.ui.results
	if rv == nil || h.ui.content.Objects[0] != rv.root {
		t.Fatal("checklist not shown after the audit")
	}
	h.mustShow(t, "Your score", "58", "out of 100", "2 FAIL", "1 UNKNOWN", "2 WARN", "3 PASS", "1 N/A",
		"Facebook 64/100", "Instagram not audited",
		"Instagram was not audited. Chaperone is no longer logged in to Instagram.",
		"Future posts are not public", "FAIL", "Fix it", "BMA-KP1 Key points")
	if n := rv.list.Length(); n != 11 {
		t.Errorf("checklist has %d lines, want 11 (2 headings, 9 findings)", n)
	}
	// The first finding is selected and shown in full.
	h.mustShow(t, "What the guidance says", "What Chaperone read", "How to fix it", "Who can see your future posts? = Public")
	if rv.detail.fix == nil {
		t.Fatal("no Fix it button in the detail pane")
	}
	test.Tap(rv.detail.fix)
	if len(h.opened) != 1 || h.opened[0] != "http://127.0.0.1:41235/settings?tab=privacy" {
		t.Errorf("opened %v", h.opened)
	}
	if h.ui.side.runBtn.Disabled() {
		t.Error("Run audit still disabled after the audit")
	}
	assertMarkup(t, "results.xml", h.ui.win.Canvas())
	assertImage(t, "results.png", h.ui.win.Canvas())
}

func TestChecklistRowFixIt(t *testing.T) {
	h := newHarness(t, someAccounts, &fakeAuditor{result: loadResult(t, "result.json")})
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	cl := h.ui.results.cl
	items := h.ui.results.items
	row := newChecklistItem(h.ui)
	for i, it := range items {
		row.show(cl, it)
		if it.IsHeader() {
			if row.row.Visible() || !strings.HasPrefix(row.headTitle.Text, cl.Groups[it.Group].Name) {
				t.Errorf("line %d: heading shows %q", i, row.headTitle.Text)
			}
			continue
		}
		r := cl.Groups[it.Group].Rows[it.Row]
		if !strings.HasPrefix(row.text.String(), string(r.Status)+"  "+r.Title) || row.icon.Resource.Name() != statusIcon(r.Status).Name() {
			t.Errorf("line %d: text %q icon %s", i, row.text.String(), row.icon.Resource.Name())
		}
		if row.fix.Visible() != (r.FixURL != "") {
			t.Errorf("line %d: Fix it visible %v with URL %q", i, row.fix.Visible(), r.FixURL)
		}
	}
	// The first Facebook row: its button opens the real site's page.
	row.show(cl, items[1])
	test.Tap(row.fix)
	if want := cl.Groups[0].Rows[0].FixURL; len(h.opened) != 1 || want == "" || h.opened[0] != want {
		t.Errorf("opened %v, want %q", h.opened, want)
	}
	// Selecting a row shows it in the detail pane.
	h.ui.results.list.Select(1)
	h.mustShow(t, "Facebook · dr.example@example.com", "What Chaperone read")
	// Instagram was not audited: the banner says why, once; its heading
	// offers what to do.
	h.ui.results.list.Select(len(items) - 1)
	h.mustShow(t, "Not audited: nothing on Instagram was scored", "Log in again", "Run the audit again")
	if n := strings.Count(strings.Join(h.texts(), " "), "no longer logged in"); n != 1 {
		t.Errorf("the error is shown %d times, want once", n)
	}
	// A link that is not a web address is refused, not opened.
	h.ui.openFix("file:///etc/passwd")
	if len(h.opened) != 1 {
		t.Errorf("opened %v", h.opened)
	}
	h.mustShow(t, "is not a web address")
}

func TestCancelLeavesWindowUsable(t *testing.T) {
	aud := &fakeAuditor{
		reached: make(chan struct{}),
		release: make(chan struct{}),
		events:  []Event{{Platform: audit.Facebook, Step: "Logging in", Fraction: 0.3}},
		result:  loadResult(t, "result.json"),
	}
	h := newHarness(t, someAccounts, aud)
	test.Tap(h.ui.side.runBtn)
	<-aud.reached

	test.Tap(h.ui.progView.cancel)
	if err := aud.ctxs[0].Err(); !errors.Is(err, context.Canceled) {
		t.Fatalf("audit context err = %v, want canceled", err)
	}
	h.mustShow(t, "Audit stopped", "Stopped", "Stopping…")
	if h.ui.progView.cancel.Visible() {
		t.Error("Cancel still shown after cancelling")
	}

	close(aud.release) // the audit winds down
	h.ui.bg.Wait()
	h.mustShow(t, "Audit stopped", "Run audit")
	if h.ui.side.runBtn.Disabled() || h.ui.side.addBtns[audit.X].Disabled() {
		t.Error("window not usable after the audit stopped")
	}
	if h.ui.result != nil {
		t.Error("a cancelled audit left a result")
	}

	// The window still works: the next audit runs to its checklist.
	aud.reached, aud.release = nil, nil
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	if h.ui.results == nil {
		t.Fatal("no results after running again")
	}
	h.mustShow(t, "Your score")
}

func TestAuditFailureInPlainWords(t *testing.T) {
	aud := &fakeAuditor{err: fmt.Errorf("starting browser: %w", &os.PathError{Op: "exec", Path: "/usr/bin/chromium", Err: errors.New("no such file or directory")})}
	h := newHarness(t, someAccounts, aud)
	h.ui.deps.Explain = func(err error) string {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return "Chromium could not be started."
		}
		return ""
	}
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	h.mustShow(t, "The audit could not finish", "Chromium could not be started.")
	if h.ui.side.runBtn.Disabled() {
		t.Error("Run audit disabled after a failed audit")
	}
}

func TestAddAccount(t *testing.T) {
	gate := make(chan struct{})
	h := newHarness(t, nil, &fakeAuditor{})
	h.accounts.addGate = gate

	test.Tap(h.ui.side.addBtns[audit.LinkedIn])
	if h.ui.addDialog == nil {
		t.Fatal("no form after Add account")
	}
	h.mustShow(t, "Add your LinkedIn account", "Email or username")
	test.Type(h.ui.addEntry, "dr.example@example.com")
	h.ui.addDialog.Submit()

	h.mustShow(t, "Waiting for you to log in to LinkedIn", "A browser window has opened on LinkedIn's login page")
	if !h.ui.side.demoBtn.Disabled() {
		t.Error("demo can start while a login window is open")
	}
	close(gate)
	h.ui.bg.Wait()

	if fmt.Sprint(h.accounts.added) != "[linkedin/dr.example@example.com]" {
		t.Errorf("added %v", h.accounts.added)
	}
	if h.shows("Waiting for you to log in") {
		t.Error("waiting message still shown after login")
	}
	h.mustShow(t, "dr.example@example.com", "Ready to check your accounts")
	if h.ui.side.runBtn.Disabled() {
		t.Error("Run audit disabled with an account added")
	}
}

func TestAddAccountErrorAndCancel(t *testing.T) {
	h := newHarness(t, nil, &fakeAuditor{})
	h.accounts.addErr = errors.New("login: the browser window was closed before you logged in")
	h.ui.addAccount(audit.Facebook, "dr.example")
	h.ui.bg.Wait()
	h.mustShow(t, "Facebook could not be added. The browser window was closed before you logged in (login).")
	if len(h.accounts.list) != 0 {
		t.Error("a failed login added an account")
	}

	// Cancelling the wait reports nothing and leaves no account.
	h2 := newHarness(t, nil, &fakeAuditor{})
	h2.accounts.addGate = make(chan struct{})
	h2.ui.addAccount(audit.X, "dr.example")
	h2.ui.addCancel()
	h2.ui.bg.Wait()
	if h2.shows("could not be added") || h2.shows("Waiting for you") {
		t.Error("cancelled login left a message")
	}
	if h2.ui.addCancel != nil || h2.ui.side.demoBtn.Disabled() {
		t.Error("window not usable after cancelling a login")
	}
}

func TestRemoveAccount(t *testing.T) {
	h := newHarness(t, someAccounts, &fakeAuditor{})
	test.Tap(h.ui.side.rmBtns[audit.Instagram][0])
	h.mustShow(t, "Remove this account?", "Your Instagram account itself is not changed.")
	var yes *widget.Button
	for _, o := range h.ui.win.Canvas().Overlays().List() {
		for _, obj := range test.LaidOutObjects(o) {
			if b, ok := obj.(*widget.Button); ok && b.Text == "Yes" {
				yes = b
			}
		}
	}
	if yes == nil {
		t.Fatal("no Yes button in the confirmation")
	}
	test.Tap(yes)
	if fmt.Sprint(h.accounts.removed) != "[instagram/dr.example]" {
		t.Errorf("removed %v", h.accounts.removed)
	}
	if len(h.ui.side.rmBtns[audit.Instagram]) != 0 || h.ui.side.addBtns[audit.Instagram] == nil {
		t.Error("Instagram still shown as added")
	}
}

func TestAccountListError(t *testing.T) {
	a := test.NewTempApp(t)
	ui := New(a, Deps{Auditor: &fakeAuditor{}, Accounts: &fakeAccounts{listErr: errors.New("accounts.json: unexpected end of JSON input")}})
	defer ui.win.Close()
	if !ui.side.problem.Visible() || !strings.Contains(ui.side.problem.Text, "Could not read your list of accounts") {
		t.Errorf("problem = %q", ui.side.problem.Text)
	}
}

// TestLongChecklist makes sure ~100 findings stay in one virtualised list.
func TestLongChecklist(t *testing.T) {
	r := loadResult(t, "result.json")
	cycle := []audit.Status{audit.Pass, audit.Fail, audit.NA, audit.Warn, audit.Unknown}
	r.Findings = nil
	for i := range 120 {
		p := audit.Platforms[i%len(audit.Platforms)]
		r.Findings = append(r.Findings, audit.Finding{
			CheckID: fmt.Sprintf("%s.check_%d", p, i), Platform: p, Status: cycle[i%len(cycle)],
			Title: fmt.Sprintf("Check %d", i), Reason: "A reason.", Clauses: []string{"BMA-KP2"},
			FixURL: "https://example.com/settings",
		})
	}
	r.Score.Counts, r.Score.PlatformCounts = nil, nil
	h := newHarness(t, someAccounts, &fakeAuditor{result: r})
	start := time.Now()
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	took := time.Since(start)
	if n := h.ui.results.list.Length(); n != 126 {
		t.Errorf("list length %d, want 126", n)
	}
	if took > 5*time.Second {
		t.Errorf("showing 120 findings took %v", took)
	}
	h.ui.results.list.ScrollToBottom()
	h.ui.results.list.Select(125)
	h.mustShow(t, "24 FAIL", "24 UNKNOWN")
}

// An audit that finished but could not be saved still shows its checklist,
// with the problem beside it.
func TestResultWithErrorIsShown(t *testing.T) {
	aud := &fakeAuditor{
		result: loadResult(t, "result.json"),
		err:    errors.New("the audit finished but could not be saved to the history: no keyring is available"),
	}
	h := newHarness(t, someAccounts, aud)
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	if h.ui.results == nil {
		t.Fatal("checklist not shown")
	}
	h.mustShow(t, "Your score", "The audit finished but could not be saved to the history, because no keyring is available.")
}

// An audit that could read nothing shows no score (a 0 would say the doctor
// failed everything), says why for each network and what to do, and
// offers to try again.
func TestAuditThatReadNothing(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	snap := audit.NewSnapshot(now)
	snap.Coverage = []audit.Coverage{
		{Platform: audit.Facebook, Account: "dr.example@example.com", Source: audit.SourceSettings, Started: now, Finished: now,
			Error: "opening https://www.facebook.com/settings: the site could not be reached (ERR_CONNECTION_REFUSED)", Problem: audit.ProblemUnreachable},
		{Platform: audit.Instagram, Account: "dr.example", Source: audit.SourceSettings, Started: now, Finished: now,
			Error: "not supported yet", Problem: audit.ProblemNotSupported},
	}
	res := audit.Evaluate(snap, nil, nil, now)
	h := newHarness(t, someAccounts, &fakeAuditor{result: res})
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	h.mustShow(t, "–", "not scored", "Facebook was not audited. Facebook could not be reached.", "Check the internet connection",
		"Instagram was not audited. Instagram cannot be audited live yet.", "Facebook not audited")
	for _, bad := range []string{"0/100", "out of 100", "ERR_CONNECTION_REFUSED"} {
		if h.shows(bad) {
			t.Errorf("window shows %q for an audit that read nothing", bad)
		}
	}
	assertImage(t, "nothing-read.png", h.ui.win.Canvas())
}
