package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"chaperone/audit"
)

// resultsHarness is the window showing result.json's checklist.
func resultsHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, someAccounts, &fakeAuditor{result: loadResult(t, "result.json")})
	test.Tap(h.ui.side.runBtn)
	h.ui.bg.Wait()
	if h.ui.results == nil {
		t.Fatal("no checklist")
	}
	return h
}

func shownStatuses(v *resultsView) (headers int, sts []audit.Status) {
	for _, it := range v.items {
		if it.IsHeader() {
			headers++
			continue
		}
		sts = append(sts, v.cl.Groups[it.Group].Rows[it.Row].Status)
	}
	return headers, sts
}

// The status chips filter the checklist: one chip shows that status,
// more show them together, a chip again takes its status out.
func TestStatusChipsFilter(t *testing.T) {
	h := resultsHarness(t)
	v := h.ui.results
	_, all := shownStatuses(v)
	steps := []struct {
		tap     audit.Status
		want    []audit.Status
		headers int
	}{
		{audit.Fail, []audit.Status{audit.Fail}, 1},
		{audit.Warn, []audit.Status{audit.Fail, audit.Warn}, 1},
		{audit.Fail, []audit.Status{audit.Warn}, 1},
		{audit.Warn, nil, 2}, // nothing chosen: everything, both platforms
	}
	for i, s := range steps {
		test.Tap(v.chips[s.tap])
		headers, got := shownStatuses(v)
		for _, st := range got {
			if s.want != nil && !slices.Contains(s.want, st) {
				t.Errorf("step %d: %s shown with filter %v", i, st, s.want)
			}
		}
		if s.want == nil && len(got) != len(all) {
			t.Errorf("step %d: %d rows, want all %d", i, len(got), len(all))
		}
		if headers != s.headers {
			t.Errorf("step %d: %d headings, want %d", i, headers, s.headers)
		}
		if len(got) > 0 && v.list.Length() != len(v.items) {
			t.Errorf("step %d: list length %d, items %d", i, v.list.Length(), len(v.items))
		}
	}
	test.Tap(v.chips[audit.NA])
	test.Tap(v.chips[audit.Fail])
	if _, got := shownStatuses(v); len(got) != 3 {
		t.Errorf("FAIL and N/A: %v", got)
	}
	if imp := v.chips[audit.Fail].Importance; imp != statusImportance(audit.Fail) {
		t.Error("a chosen chip does not look chosen")
	}
}

// The checklist sorts by platform (grouped), status or importance (one
// list whose rows name their platform).
func TestChecklistSort(t *testing.T) {
	h := resultsHarness(t)
	v := h.ui.results
	for _, tt := range []struct {
		by   string
		less func(a, b Row) bool
	}{
		{"Status", func(a, b Row) bool { return statusRank(a.Status) <= statusRank(b.Status) }},
		{"Importance", func(a, b Row) bool { return severityRank(a.Severity) <= severityRank(b.Severity) }},
	} {
		v.sortSel.SetSelected(tt.by)
		headers, _ := shownStatuses(v)
		if headers != 0 {
			t.Errorf("%s: %d headings in a single list", tt.by, headers)
		}
		for i := 1; i < len(v.items); i++ {
			a := v.cl.Groups[v.items[i-1].Group].Rows[v.items[i-1].Row]
			b := v.cl.Groups[v.items[i].Group].Rows[v.items[i].Row]
			if !tt.less(a, b) {
				t.Errorf("%s: %q before %q", tt.by, a.Title, b.Title)
			}
		}
		item := newChecklistItem(h.ui)
		item.showIn(v.cl, v.items[0], true)
		if got := item.text.String(); !strings.Contains(got, "Facebook · ") {
			t.Errorf("%s: a row does not name its platform: %q", tt.by, got)
		}
	}
	v.sortSel.SetSelected("Platform")
	if headers, _ := shownStatuses(v); headers != 2 {
		t.Errorf("by platform: %d headings", headers)
	}
}

func pressKey(h *harness, k fyne.KeyName) {
	h.ui.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k})
}

// The arrow keys move through the checklist, the detail pane following.
func TestChecklistKeyboard(t *testing.T) {
	h := resultsHarness(t)
	v := h.ui.results
	if v.selected != 1 {
		t.Fatalf("opened on item %d, want the first finding", v.selected)
	}
	pressKey(h, fyne.KeyDown)
	l := v.list
	l.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if v.selected < 1 {
		t.Fatalf("selected %d after the down arrow", v.selected)
	}
	at := v.selected
	l.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if v.selected != at+1 {
		t.Errorf("down arrow: %d, want %d", v.selected, at+1)
	}
	l.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if v.selected != at {
		t.Errorf("up arrow: %d, want %d", v.selected, at)
	}
	r := v.cl.Groups[v.items[at].Group].Rows[v.items[at].Row]
	h.mustShow(t, r.Title)
}

// Escape closes a dialog without doing anything; Return confirms it.
func TestDialogKeys(t *testing.T) {
	h := newHarness(t, someAccounts, &fakeAuditor{})
	h.ui.askRemove(audit.Facebook, "dr.example@example.com")
	if h.ui.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no dialog")
	}
	pressKey(h, fyne.KeyEscape)
	if h.ui.win.Canvas().Overlays().Top() != nil || len(h.accounts.removed) != 0 {
		t.Fatalf("Escape: dialog open %v, removed %v", h.ui.win.Canvas().Overlays().Top() != nil, h.accounts.removed)
	}
	h.ui.askRemove(audit.Facebook, "dr.example@example.com")
	pressKey(h, fyne.KeyReturn)
	if h.ui.win.Canvas().Overlays().Top() != nil || len(h.accounts.removed) != 1 {
		t.Fatalf("Return: dialog open %v, removed %v", h.ui.win.Canvas().Overlays().Top() != nil, h.accounts.removed)
	}
	// A dialog with one button closes with either key.
	for _, k := range []fyne.KeyName{fyne.KeyEscape, fyne.KeyReturn} {
		h.ui.openFix("file:///etc/passwd")
		pressKey(h, k)
		if h.ui.win.Canvas().Overlays().Top() != nil {
			t.Errorf("%s does not close the error dialog", k)
		}
	}
}

// Rows wrap: at the narrowest window and a wide one, at 1x and 2x, every
// row on screen is as tall as its wrapped text needs, so nothing is cut
// or runs into the next row.
func TestChecklistWraps(t *testing.T) {
	h := resultsHarness(t)
	minW := h.ui.win.Content().MinSize().Width
	for _, tc := range []struct {
		name  string
		width float32
		scale float32
	}{
		{"narrow", minW, 1}, {"wide", 1280, 1}, {"narrow", minW, 2}, {"wide", 1280, 2},
	} {
		name := fmt.Sprintf("checklist-%s-%gx.png", tc.name, tc.scale)
		t.Run(name, func(t *testing.T) {
			c := h.ui.win.Canvas().(interface{ SetScale(float32) })
			c.SetScale(tc.scale)
			h.ui.win.Resize(fyne.NewSize(tc.width, 800))
			checked := 0
			var walk func(o fyne.CanvasObject)
			walk = func(o fyne.CanvasObject) {
				if o == nil || !o.Visible() {
					return
				}
				switch x := o.(type) {
				case *checklistItem:
					if x.Size().Width == 0 {
						return
					}
					checked++
					if need := x.MinSize().Height; need > x.Size().Height+0.5 {
						t.Errorf("row %q is %.0f tall, its text needs %.0f", firstLine(x), x.Size().Height, need)
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
			walk(h.ui.win.Canvas().Content())
			if checked < 3 {
				t.Fatalf("only %d rows on screen", checked)
			}
			assertImage(t, name, h.ui.win.Canvas())
		})
	}
}

func firstLine(it *checklistItem) string {
	if it.head.Visible() {
		return it.headTitle.Text
	}
	s := it.text.String()
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}
