package app

import (
	"context"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/fix"
)

// fakeFixer plans from a fixed list and records what it was asked to do.
type fakeFixer struct {
	items []fix.Item
	// verified decides each change's outcome; err is returned with an
	// unverified one (and stops the batch, as the real one does).
	verified func(audit.Change) bool

	mu      sync.Mutex
	applied [][]audit.Change
	undone  []int
}

func (f *fakeFixer) Plan(*audit.Result) []fix.Item { return f.items }

func (f *fakeFixer) Apply(_ context.Context, res *audit.Result, changes []audit.Change, progress func(fix.Step)) ([]audit.Action, error) {
	f.mu.Lock()
	f.applied = append(f.applied, changes)
	f.mu.Unlock()
	var out []audit.Action
	for i, c := range changes {
		progress(fix.Step{Index: i, Text: "Changing " + c.Describe()})
		a := audit.Action{Change: c, Verified: f.verified(c), Seen: "read again after the change: " + audit.ValueWord(c.To)}
		if !a.Verified {
			a.Seen = "the change did not take: the page still shows " + audit.ValueWord(c.From)
		}
		res.Snapshot.AddAction(a)
		out = append(out, a)
		progress(fix.Step{Index: i, Action: &a})
		if !a.Verified {
			return out, platforms.ErrNotTaken
		}
	}
	return out, nil
}

func (f *fakeFixer) Undo(_ context.Context, res *audit.Result, i int, _ func(fix.Step)) (audit.Action, error) {
	f.mu.Lock()
	f.undone = append(f.undone, i)
	f.mu.Unlock()
	a := res.Snapshot.Actions[i]
	back := audit.Action{Change: a.Change.Reverse(), Verified: true, Seen: "read again: " + audit.ValueWord(a.Change.From)}
	return back, nil
}

var (
	futureChange = audit.Change{Platform: audit.Facebook, Check: "facebook.future_posts_audience", Fact: "facebook.future_posts_audience",
		Page: "https://www.facebook.com/settings?tab=privacy", Label: "Who can see your future posts?", From: audit.AudiencePublic, To: audit.AudienceFriends}
	phoneChange = audit.Change{Platform: audit.Facebook, Check: "facebook.lookup_phone", Fact: "facebook.lookup_phone",
		Page: "https://www.facebook.com/settings?tab=privacy", Label: "Who can look you up using the phone number you provided?", From: audit.AudienceFriends, To: audit.AudienceOnlyMe}
)

func newFixHarness(t *testing.T, ff *fakeFixer) *harness {
	t.Helper()
	res := loadResult(t, "result.json")
	for _, f := range res.Findings {
		switch f.CheckID {
		case futureChange.Check:
			c := futureChange
			ff.items = append(ff.items, fix.Item{Finding: f, Change: &c})
		case phoneChange.Check:
			c := phoneChange
			ff.items = append(ff.items, fix.Item{Finding: f, Change: &c})
		case "facebook.public_view.friends_list":
			ff.items = append(ff.items, fix.Item{Finding: f, Guidance: []string{"Open the page.", "Set it to Only me.", "Run the audit again to confirm the change."}})
		}
	}
	h := newHarness(t, someAccounts, &fakeAuditor{result: res})
	h.ui.deps.Fixer = ff
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	return h
}

// button finds a shown button by its text in the window or its dialogs.
func (h *harness) button(t *testing.T, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || found != nil {
			return
		}
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				found = x
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
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	walk(c.Content())
	if found == nil {
		t.Fatalf("no button %q; window shows %q", text, h.texts())
	}
	return found
}

// selectRow shows the detail of the finding of check id.
func (h *harness) selectRow(t *testing.T, id string) {
	t.Helper()
	v := h.ui.results
	for i, it := range v.items {
		if !it.IsHeader() && v.cl.Groups[it.Group].Rows[it.Row].CheckID == id {
			v.list.Select(i)
			return
		}
	}
	t.Fatalf("no row for %s", id)
}

// TestFixItForMe: the dialog shows exactly what will change; Cancel
// changes nothing; confirming makes that change only, shows PASS from the
// fresh read, and offers Undo, which restores it.
func TestFixItForMe(t *testing.T) {
	ff := &fakeFixer{verified: func(audit.Change) bool { return true }}
	h := newFixHarness(t, ff)
	h.selectRow(t, futureChange.Check)
	test.Tap(h.button(t, "Fix it for me"))
	h.mustShow(t, "Facebook: Who can see your future posts?: Public → Friends, on https://www.facebook.com/settings?tab=privacy",
		"it says PASS only if the page then shows the new value")
	test.Tap(h.button(t, "Cancel"))
	h.ui.bg.Wait()
	if len(ff.applied) != 0 || h.ui.fix.dlg != nil {
		t.Fatalf("Cancel: applied %v, dialog %v", ff.applied, h.ui.fix.dlg)
	}

	h.selectRow(t, futureChange.Check)
	test.Tap(h.button(t, "Fix it for me"))
	test.Tap(h.button(t, "Make this change"))
	h.ui.bg.Wait()
	if len(ff.applied) != 1 || len(ff.applied[0]) != 1 || ff.applied[0][0] != futureChange {
		t.Fatalf("applied %+v, want exactly the previewed change", ff.applied)
	}
	h.mustShow(t, "PASS  Who can see your future posts?: Public → Friends (read again after the change: Friends)", "1 of 1 confirmed by reading the page again")
	test.Tap(h.button(t, "Undo 1"))
	h.ui.bg.Wait()
	if len(ff.undone) != 1 || ff.undone[0] != 0 {
		t.Fatalf("undone %v, want the first action", ff.undone)
	}
	h.mustShow(t, "UNDONE  Who can see your future posts?: Friends → Public")
	test.Tap(h.button(t, "Close"))
	// The change made is not offered again; the score is marked as the audit's.
	h.mustShow(t, "Changes were made after this audit")
}

// TestFixAllHighStopsAtFirstSurprise: the batch previews every
// high-importance change, and a change that did not take is NOT CHANGED
// with what the page showed, the rest not tried.
func TestFixAllHighStopsAtFirstSurprise(t *testing.T) {
	ff := &fakeFixer{verified: func(c audit.Change) bool { return c.Check != futureChange.Check }}
	h := newFixHarness(t, ff)
	test.Tap(h.button(t, "Fix all high-importance items (1)"))
	h.mustShow(t, "Who can see your future posts?: Public → Friends")
	if h.shows("phone number") {
		t.Error("a low-importance change is in the high-importance batch")
	}
	test.Tap(h.button(t, "Make this change"))
	h.ui.bg.Wait()
	h.mustShow(t, "NOT CHANGED  Who can see your future posts?: the change did not take: the page still shows Public")
	for _, o := range h.texts() {
		if strings.HasPrefix(o, "Undo") {
			t.Errorf("an unconfirmed change offers %q", o)
		}
	}
}

// TestShowMeHow: a finding Chaperone does not change gets steps by hand.
func TestShowMeHow(t *testing.T) {
	h := newFixHarness(t, &fakeFixer{verified: func(audit.Change) bool { return true }})
	h.selectRow(t, "facebook.public_view.friends_list")
	test.Tap(h.button(t, "Show me how"))
	h.mustShow(t, "Chaperone does not change this for you", "2.  Set it to Only me.")
}
