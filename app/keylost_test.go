package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
	"chaperone/platforms"
	"chaperone/platforms/browser"
)

// errProfileBusy stands in for browser.ErrProfileBusy until that exists;
// only its wording is relied on.
var errProfileBusy = errors.New("an audit is already running (the browser profile demo is in use)")

// buttonIn finds the button labelled text among the window's overlays
// (dialogs) or, with none, in content.
func buttonIn(w fyne.Window, content fyne.CanvasObject, text string) *widget.Button {
	var btn *widget.Button
	find := func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && b.Visible() {
			btn = b
		}
	}
	for _, o := range w.Canvas().Overlays().List() {
		walk(o, find)
	}
	if btn == nil {
		walk(content, find)
	}
	return btn
}

func overlayText(w fyne.Window) string {
	var b strings.Builder
	for _, o := range w.Canvas().Overlays().List() {
		walk(o, func(c fyne.CanvasObject) {
			if l, ok := c.(*widget.Label); ok {
				b.WriteString(l.Text + "\n")
			}
		})
	}
	return b.String()
}

// lostKeyFixture is a history of two audits whose key has gone from the
// keyring, opened as Chaperone would after a restart.
func lostKeyFixture(t *testing.T) (*appraisalFixture, vault.Keyring, []byte) {
	t.Helper()
	f := newAppraisalFixture(t)
	kr := vault.Memory()
	path := filepath.Join(f.dir, history.FileName)
	before := history.Open(path, vault.NewKey(kr, history.KeyName))
	for _, r := range []*audit.Result{f.prev, f.cur} {
		if err := before.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := kr.Delete(vault.Service, "key:"+history.KeyName); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f.store = history.Open(path, vault.NewKey(kr, history.KeyName))
	f.deps.History = f.store
	return f, kr, old
}

func TestHistoryTabLostKeySaysSoOnceAndOffersAFreshStart(t *testing.T) {
	test.NewTempApp(t)
	f, kr, old := lostKeyFixture(t)
	tab := NewHistoryTab(f.deps)
	w := showTabs(t, tab)

	// Said once, in plain words, with the offer.
	if !tab.KeyLost() {
		t.Fatal("the tab did not find the key lost")
	}
	said := overlayText(w)
	if !strings.Contains(said, "Your past audits cannot be opened") || !strings.Contains(said, "nothing is deleted") ||
		!strings.Contains(said, "history-set-aside-2026-05-01.db") {
		t.Fatalf("the dialog says:\n%s", said)
	}
	if strings.Contains(said, `key "history"`) || strings.Contains(said, "vault") {
		t.Fatalf("the dialog shows a raw error:\n%s", said)
	}
	notNow := buttonIn(w, tab.item.Content, "Not now")
	if notNow == nil || buttonIn(w, tab.item.Content, "Start a new history") == nil {
		t.Fatal("the dialog offers no fresh start")
	}
	test.Tap(notNow)
	if n := len(w.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("%d dialogs still open", n)
	}
	// The list (unsealed summaries) still shows; the sealed parts are
	// closed, with no error repeated under the form.
	if rows := historyList(t, tab.item.Content).Length(); rows != 2 {
		t.Fatalf("%d audits listed, want 2", rows)
	}
	ed := tab.Editor()
	if !ed.Found.Disabled() || !ed.ExportPDF.Disabled() {
		t.Fatal("the form of an audit that cannot be opened is open")
	}
	if ed.Status.Text != "" {
		t.Fatalf("the error is repeated under the form: %q", ed.Status.Text)
	}
	if !hasText(tab.item.Content, "Your past audits cannot be opened") {
		t.Fatal("no banner")
	}

	// A new audit: the save refuses (no key made over the old data), the
	// tab keeps it and its report works; nothing is said again.
	next := *f.cur
	next.ID = "after-the-reset"
	next.FinishedAt = time.Date(2026, 4, 30, 10, 0, 0, 0, time.UTC)
	next.StartedAt = next.FinishedAt.Add(-time.Minute)
	if err := f.store.Save(&next); !errors.Is(err, vault.ErrKeyLost) {
		t.Fatalf("save: %v", err)
	}
	if _, err := kr.Get(vault.Service, "key:"+history.KeyName); !errors.Is(err, vault.ErrNotFound) {
		t.Fatal("a key was made over the old history")
	}
	tab.AuditFinished(&next, false)
	if n := len(w.Canvas().Overlays().List()); n != 0 {
		t.Fatal("the lost key was said again")
	}
	if tab.Selected() != next.ID || historyList(t, tab.item.Content).Length() != 3 {
		t.Fatalf("selected %q, %d listed", tab.Selected(), historyList(t, tab.item.Content).Length())
	}
	if ed.Found.Disabled() || ed.ExportJSON.Disabled() {
		t.Fatal("the new audit's form is closed")
	}
	ed.Found.SetText("Two posts were public")
	test.Tap(ed.SaveButton)
	out := filepath.Join(t.TempDir(), "report.json")
	if err := tab.ExportTo(t.Context(), next.ID, out); err != nil {
		t.Fatalf("report of the new audit: %v", err)
	}
	var rep struct {
		Changes struct {
			HasPrevious        bool   `json:"has_previous"`
			PreviousUnreadable string `json:"previous_unreadable"`
		} `json:"changes"`
	}
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &rep); err != nil || rep.Changes.HasPrevious || rep.Changes.PreviousUnreadable == "" {
		t.Fatalf("report changes %+v, %v", rep.Changes, err)
	}
	if !bytes.Contains(data, []byte("Two posts were public")) {
		t.Fatal("the notes typed on the new audit are not in its report")
	}

	// The fresh start, from the banner: the old file is kept as it was,
	// the new audit and its notes go into the new history.
	test.Tap(buttonIn(w, tab.item.Content, "Start a new history…"))
	test.Tap(buttonIn(w, tab.item.Content, "Start a new history"))
	kept := filepath.Join(f.dir, "history-set-aside-2026-05-01.db")
	if got, err := os.ReadFile(kept); err != nil || !bytes.Equal(got, old) {
		t.Fatalf("the old history was not kept as it was: %v", err)
	}
	if tab.KeyLost() || hasText(tab.item.Content, "Your past audits cannot be opened") {
		t.Fatal("still says the key is lost")
	}
	if !strings.Contains(ed.Status.Text, kept) {
		t.Fatalf("does not say where the old history is: %q", ed.Status.Text)
	}
	es, err := f.store.Entries()
	if err != nil || len(es) != 1 || es[0].ID != next.ID || len(tab.NotKept()) != 0 {
		t.Fatalf("new history %+v, %v; not kept %v", es, err, tab.NotKept())
	}
	if n, err := f.store.Notes(next.ID); err != nil || n.Found != "Two posts were public" {
		t.Fatalf("notes %+v, %v", n, err)
	}
	if _, err := kr.Get(vault.Service, "key:"+history.KeyName); err != nil {
		t.Fatal("no key for the new history")
	}
	if err := tab.ExportTo(t.Context(), next.ID, out); err != nil {
		t.Fatalf("report after the fresh start: %v", err)
	}
	if ed.Found.Disabled() {
		t.Fatal("the form is closed after the fresh start")
	}
}

func TestHistoryTabLockedKeyringIsNotALostKey(t *testing.T) {
	f := newAppraisalFixture(t)
	kr := vault.Memory()
	path := filepath.Join(f.dir, history.FileName)
	if err := history.Open(path, vault.NewKey(kr, history.KeyName)).Save(f.cur); err != nil {
		t.Fatal(err)
	}
	f.deps.History = history.Open(path, vault.NewKey(lockedKeyring{vault.ErrLocked}, history.KeyName))
	test.NewTempApp(t)
	tab := NewHistoryTab(f.deps)
	w := showTabs(t, tab)
	if tab.KeyLost() || len(w.Canvas().Overlays().List()) != 0 || hasText(tab.item.Content, "cannot be opened") {
		t.Fatal("a locked keyring was taken for a lost key")
	}
}

func TestPlainErrorSaysKnownProblemsPlainly(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"two-factor refused", fmt.Errorf("facebook: login: %w: page.navigate: net::ERR_ABORTED", platforms.ErrTwoFactor), "asked for a two-factor code"},
		{"session ended", fmt.Errorf("facebook: reading: %w (net::ERR_TOO_MANY_REDIRECTS)", platforms.ErrSessionEnded), "logged Chaperone out in the middle of the audit"},
		{"HTTP 500 on every page", fmt.Errorf("facebook: %w (HTTP 500 at https://www.facebook.com/settings)", platforms.ErrServerError), "answered with errors"},
		{"unreachable", fmt.Errorf("navigating: %w: net::ERR_CONNECTION_REFUSED", browser.ErrUnreachable), "could not be reached"},
		{"audit already running", fmt.Errorf("starting the browser: %w", errProfileBusy), "An audit is already running"},
		{"history key lost", fmt.Errorf("the audit finished but could not be saved to the history: saving audit x: %w", &vault.KeyLostError{Name: history.KeyName}), "start a new one on the History & report tab"},
		{"watch-list key lost", fmt.Errorf("opening the watch-list: %w", &vault.KeyLostError{Name: watchlist.BoxName, Other: true}), "Your watch-list cannot be opened: your keyring holds a different key"},
		{"not a plain file", fmt.Errorf("writing: %w", &vault.NotRegularError{Path: "/tmp/x", Kind: "a symbolic link"}), "not a plain file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := PlainError(tc.err, nil)
			if !strings.Contains(got, tc.want) {
				t.Fatalf("%q does not say %q", got, tc.want)
			}
			for _, raw := range []string{"net::ERR", "facebook:", "HTTP 500", "https://", `"history"`, "%!"} {
				if strings.Contains(got, raw) {
					t.Fatalf("raw error %q in %q", raw, got)
				}
			}
			// An audit's progress line names the network.
			p := NewProgress([]Account{{Platform: audit.Facebook, User: "u"}}, nil)
			p.Apply(Event{Platform: audit.Facebook, Err: tc.err, Done: true})
			if l := p.Lines[0]; !l.Failed || !strings.Contains(l.Problem, tc.want) || strings.Contains(l.Problem, "net::ERR") {
				t.Fatalf("progress line %+v", l)
			}
		})
	}
	p := NewProgress([]Account{{Platform: audit.Facebook, User: "u"}}, nil)
	p.Apply(Event{Platform: audit.Facebook, Err: fmt.Errorf("x: %w", platforms.ErrTwoFactor)})
	if got := p.Lines[0].Problem; !strings.HasPrefix(got, "Facebook asked for a two-factor code.") {
		t.Fatalf("progress line does not name the network: %q", got)
	}
	if got := PlainError(errors.New("something odd"), nil); got != "Something odd." {
		t.Fatalf("an unknown error: %q", got)
	}
}
