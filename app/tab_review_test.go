package app

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
)

// All names below are fictional.
var reviewNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

type reviewHarness struct {
	tab    *ReviewTab
	win    fyne.Window
	store  *watchlist.Store
	dir    string
	mu     sync.Mutex
	opened []string
}

func newReviewHarness(t *testing.T, kr vault.Keyring, dir string, demo func() *watchlist.Review) *reviewHarness {
	t.Helper()
	a := test.NewTempApp(t)
	if dir == "" {
		dir = t.TempDir()
	}
	h := &reviewHarness{dir: dir, store: watchlist.Open(kr, dir)}
	h.tab = NewReviewTab(ReviewDeps{
		Store: h.store,
		Demo:  demo,
		OpenURL: func(u *url.URL) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.opened = append(h.opened, u.String())
			return nil
		},
		Now: func() time.Time { return reviewNow },
	})
	h.tab.bg.Wait()
	h.win = a.NewWindow("review")
	h.win.SetContent(h.tab.Item(h.win).Content)
	h.win.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() {
		h.tab.bg.Wait()
		h.win.Close()
	})
	return h
}

// texts is every visible text of the window and its dialogs, joined.
func (h *reviewHarness) text() string {
	var out []string
	walkObjects(h.win.Canvas(), func(o fyne.CanvasObject) bool {
		if x, ok := o.(*canvas.Text); ok && strings.TrimSpace(x.Text) != "" {
			out = append(out, x.Text)
		}
		return true
	})
	return strings.Join(out, " ")
}

// walkObjects visits the visible objects of c, its overlays included,
// until visit returns false.
func walkObjects(c fyne.Canvas, visit func(fyne.CanvasObject) bool) {
	stop := false
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if stop || o == nil || !o.Visible() {
			return
		}
		if !visit(o) {
			stop = true
			return
		}
		switch x := o.(type) {
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
	walk(c.Content())
	for _, o := range c.Overlays().List() {
		walk(o)
	}
}

func (h *reviewHarness) mustShow(t *testing.T, want ...string) {
	t.Helper()
	got := h.text()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("tab does not show %q", w)
		}
	}
}

func (h *reviewHarness) mustNotShow(t *testing.T, unwanted ...string) {
	t.Helper()
	got := h.text()
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			t.Errorf("tab shows %q", w)
		}
	}
}

// tapIn taps the button labelled btn on the candidate card titled name.
func (h *reviewHarness) tapIn(t *testing.T, name, btn string) {
	t.Helper()
	var card *fyne.Container
	walkObjects(h.win.Canvas(), func(o fyne.CanvasObject) bool {
		if c, ok := o.(*fyne.Container); ok && len(c.Objects) > 0 {
			if l, ok := c.Objects[0].(*widget.Label); ok && l.Text == name {
				card = c
				return false
			}
		}
		return true
	})
	if card == nil {
		t.Fatalf("no card for connection %d", len(name))
	}
	for _, o := range card.Objects {
		row, ok := o.(*fyne.Container)
		if !ok {
			continue
		}
		for _, b := range row.Objects {
			if b, ok := b.(*widget.Button); ok && b.Text == btn {
				test.Tap(b)
				h.tab.bg.Wait()
				return
			}
		}
	}
	t.Fatalf("no %q button on the card", btn)
}

// tapButton taps the first visible button labelled text, dialogs included.
func (h *reviewHarness) tapButton(t *testing.T, text string) {
	t.Helper()
	var found *widget.Button
	walkObjects(h.win.Canvas(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
		return true // the last one: dialogs are drawn after the content
	})
	if found == nil {
		t.Fatalf("no %q button", text)
	}
	test.Tap(found)
	h.tab.bg.Wait()
}

func (h *reviewHarness) addPerson(t *testing.T, name, year, place string) {
	t.Helper()
	h.tab.nameIn.SetText(name)
	h.tab.yearIn.SetText(year)
	h.tab.placeIn.SetText(place)
	h.tab.form.OnSubmit()
	h.tab.bg.Wait()
}

func (h *reviewHarness) people(t *testing.T) []watchlist.Person {
	t.Helper()
	l, err := h.store.Load()
	if err != nil {
		t.Fatal(err)
	}
	return l.People
}

// reviewSnapshot has, among others, a watch-list person under a nickname
// as a friend and another as a pending request.
func reviewSnapshot(extra ...audit.Connection) *audit.Snapshot {
	s := audit.NewSnapshot(reviewNow)
	s.Connections = []audit.Connection{
		{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: "Maggie Thornton", URL: "https://www.facebook.com/maggie.thornton.77", Location: "Hollingford", Mutual: 3},
		{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: "Priya Ramanathan", URL: "https://www.facebook.com/priya.r", Location: "Leeds", Mutual: 40},
	}
	s.Connections = append(s.Connections, extra...)
	s.PendingRequests = []audit.Connection{
		{Platform: audit.Facebook, Kind: audit.ConnRequest, Name: "Steve Aldridge", URL: "https://www.facebook.com/steve.aldridge.5", Mutual: 0},
	}
	return s
}

var reviewPeople = []watchlist.Person{
	{Name: "Margaret Thornton", BirthYear: 1961, Place: "Hollingford"},
	{Name: "Stephen Aldridge", Place: "Hollingford"},
	{Name: "Olwen Fairweather", BirthYear: 1958, Place: "Exeter"},
	{Name: "Daniel Whitcombe", Place: "Hollingford"},
}

// filesUnder lists every file below dir.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReviewTabAddPerson(t *testing.T) {
	h := newReviewHarness(t, vault.Memory(), "", nil)
	h.mustShow(t, "Your watch-list is empty.", "Run an audit")

	h.addPerson(t, "  Olwen   Fairweather ", "1958", "Exeter")
	got := h.people(t)
	if len(got) != 1 || got[0].Name != "Olwen Fairweather" || got[0].BirthYear != 1958 || got[0].Place != "Exeter" {
		t.Fatalf("stored %d people, want the one typed, tidied", len(got))
	}
	h.mustShow(t, "1 person on your watch-list.", "Added to your watch-list.")
	h.mustNotShow(t, "Fairweather") // names are hidden by default
	if h.tab.nameIn.Text != "" {
		t.Error("the form was not cleared")
	}

	h.tab.showNames.SetChecked(true)
	h.mustShow(t, "Olwen Fairweather, born 1958, Exeter")
	h.tab.showNames.SetChecked(false)
	h.mustNotShow(t, "Fairweather")

	h.addPerson(t, "Olwen Fairweather", "1958", "Exeter")
	h.mustShow(t, "already on your watch-list")
	h.addPerson(t, "Idris Pennant", "58", "")
	h.mustShow(t, "The year of birth should be four digits")
	h.addPerson(t, " ", "", "")
	h.mustShow(t, "Type the person's name first.")
	if n := len(h.people(t)); n != 1 {
		t.Errorf("%d people stored after a duplicate and two bad entries, want 1", n)
	}

	// Removing from the names list.
	h.tab.showNames.SetChecked(true)
	h.tapButton(t, "Remove")
	if n := len(h.people(t)); n != 0 {
		t.Errorf("%d people after Remove, want 0", n)
	}
	h.mustShow(t, "Your watch-list is empty.", "Removed from your watch-list.")
}

func TestReviewTabImportCSV(t *testing.T) {
	h := newReviewHarness(t, vault.Memory(), "", nil)
	src := t.TempDir()
	open := func(name, body string) fyne.URIReadCloser {
		p := filepath.Join(src, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		rc, err := storage.Reader(storage.NewFileURI(p))
		if err != nil {
			t.Fatal(err)
		}
		return rc
	}

	list := "Practice list\nSurname;Forename;Date of Birth;Postcode;NHS Number\nThornton;Margaret;12/03/1961;HG4 2AB;9434765919\nAldridge;Stephen;;;\nFairweather;Olwen;1958;Exeter;\n"
	// The preview says how each column was read, and nothing is stored
	// until the doctor agrees.
	h.tab.importFrom(open("practice list.csv", list), nil)
	h.tab.bg.Wait()
	h.mustShow(t, "Import practice list.csv?", `"Surname"`, "surname: kept", `"Date of Birth"`, "only the year is kept",
		`"Postcode"`, "only the district", `"NHS Number"`, "not used", "3 people from 3 rows")
	h.mustNotShow(t, "Thornton", "Margaret", "9434765919")
	if n := len(h.people(t)); n != 0 {
		t.Fatalf("%d people stored before the doctor agreed", n)
	}
	h.tapButton(t, "Cancel")
	h.mustShow(t, "Nothing was imported from practice list.csv.")
	if n := len(h.people(t)); n != 0 {
		t.Fatalf("%d people stored after Cancel", n)
	}

	h.tab.importFrom(open("practice list.csv", list), nil)
	h.tab.bg.Wait()
	h.tapButton(t, "Import 3 people")
	got := h.people(t)
	if len(got) != 3 {
		t.Fatalf("%d people imported, want 3", len(got))
	}
	if got[0].BirthYear != 1961 || got[0].Place != "HG4" {
		t.Errorf("first person stored as year %d, place %q; want 1961, HG4", got[0].BirthYear, got[0].Place)
	}
	h.mustShow(t, "Added 3 people from practice list.csv.", "3 people on your watch-list.")
	h.mustNotShow(t, "Thornton")

	h.tab.importFrom(open("again.csv", "Margaret Thornton,1961,HG4\n"), nil)
	h.tab.bg.Wait()
	h.tapButton(t, "Import 1 person")
	h.mustShow(t, "Everyone in again.csv is already on your watch-list.")

	h.tab.importFrom(open("empty.csv", "name,town\n"), nil)
	h.tab.bg.Wait()
	h.mustShow(t, "empty.csv has no names Chaperone can read, so nothing was imported.")

	// The button opens the file dialog the doctor picks the file in.
	h.tapButton(t, "Import CSV…")
	if h.win.Canvas().Overlays().Top() == nil {
		t.Error("Import CSV… opened no dialog")
	}
	h.win.Canvas().Overlays().Top().Hide()

	h.tab.importFrom(nil, nil) // cancelled
	h.tab.importFrom(nil, errors.New("permission denied"))
	h.mustShow(t, "The file could not be opened: Permission denied.")
	if n := len(h.people(t)); n != 3 {
		t.Errorf("%d people after the failed imports, want 3", n)
	}
}

func TestReviewTabConfirmAndDismiss(t *testing.T) {
	kr := vault.Memory()
	h := newReviewHarness(t, kr, "", nil)
	if _, err := h.store.Add(reviewPeople...); err != nil {
		t.Fatal(err)
	}
	snap := reviewSnapshot()
	h.tab.AuditFinished(&audit.Result{Snapshot: snap}, false)
	h.tab.bg.Wait()
	h.mustShow(t, "Possible patients to review (2)", "Maggie Thornton", "Steve Aldridge",
		"Pending friend request to you", "Strong match (score", "Confirmed patients still connected (0)")
	h.mustNotShow(t, "Priya Ramanathan", "Worth a look", "Looks like")

	h.tab.showNames.SetChecked(true)
	h.mustShow(t, "Looks like Margaret Thornton, born 1961, Hollingford on your watch-list.")
	h.tab.showNames.SetChecked(false)

	h.tapIn(t, "Maggie Thornton", "Is / was a patient")
	rv, err := h.store.Review()
	if err != nil {
		t.Fatal(err)
	}
	maggie := rv.ConnID(snap.Connections[0])
	if !rv.IsPatient(maggie) {
		t.Fatal("confirming did not record a patient decision")
	}
	h.mustShow(t, "Possible patients to review (1)", "Confirmed patients still connected (1)")
	h.tapIn(t, "Maggie Thornton", "Open profile to unfriend")
	if fmt.Sprint(h.opened) != "[https://www.facebook.com/maggie.thornton.77]" {
		t.Errorf("opened %d links, want the profile", len(h.opened))
	}

	h.tapIn(t, "Steve Aldridge", "Not a patient")
	h.mustShow(t, "Possible patients to review (0)", "Nothing new to review.", "1 connection marked “Not a patient” (hidden).")
	h.mustNotShow(t, "Steve Aldridge")
	rv, err = h.store.Review()
	if err != nil {
		t.Fatal(err)
	}
	steve := rv.ConnID(snap.PendingRequests[0])
	if rv.IsPatient(steve) || !rv.Reviewed(steve, rv.People[1].ID) {
		t.Error("dismissing did not record a not-a-patient decision")
	}

	// Next quarter, in a new session: answers are remembered, only the
	// new connection is asked about.
	h2 := newReviewHarness(t, kr, h.dir, nil)
	h2.tab.AuditFinished(&audit.Result{Snapshot: reviewSnapshot(audit.Connection{
		Platform: audit.Facebook, Kind: audit.ConnFriend, Name: "Danny Whitcombe", URL: "https://www.facebook.com/danny.whitcombe", Mutual: 1,
	})}, false)
	h2.tab.bg.Wait()
	h2.mustShow(t, "Possible patients to review (1)", "Danny Whitcombe", "Confirmed patients still connected (1)", "Maggie Thornton")
	h2.mustNotShow(t, "Steve Aldridge")

	h2.tapIn(t, "Danny Whitcombe", "Not a patient")
	h2.tapIn(t, "Maggie Thornton", "Not a patient after all")
	h2.mustShow(t, "Confirmed patients still connected (0)", "3 connections marked")
	rv, err = h2.store.Review()
	if err != nil {
		t.Fatal(err)
	}
	if rv.IsPatient(maggie) {
		t.Error("taking back a confirmation left a patient decision")
	}
}

func TestReviewTabPendingPatientDecline(t *testing.T) {
	h := newReviewHarness(t, vault.Memory(), "", nil)
	if _, err := h.store.Add(reviewPeople...); err != nil {
		t.Fatal(err)
	}
	h.tab.AuditFinished(&audit.Result{Snapshot: reviewSnapshot()}, false)
	h.tab.bg.Wait()
	h.tapIn(t, "Steve Aldridge", "Is / was a patient")
	h.tapIn(t, "Steve Aldridge", "Open profile to decline the request")
	if fmt.Sprint(h.opened) != "[https://www.facebook.com/steve.aldridge.5]" {
		t.Errorf("opened %d links, want the requester's profile", len(h.opened))
	}
}

func TestReviewTabWorthALook(t *testing.T) {
	h := newReviewHarness(t, vault.Memory(), "", nil)
	h.tab.townsIn.SetText("Hollingford; HG4 ")
	h.tab.sinceIn.SetText("09/2019")
	h.tab.savePractice()
	h.tab.bg.Wait()
	h.mustShow(t, "Practice saved.")
	l, err := h.store.Load()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(l.Practice.Towns) != "[Hollingford HG4]" || !l.Practice.Since.Equal(time.Date(2019, 9, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("practice stored as %v since %v", l.Practice.Towns, l.Practice.Since)
	}

	snap := audit.NewSnapshot(reviewNow)
	snap.Connections = []audit.Connection{
		{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: "Jo Bloggs", URL: "https://www.facebook.com/jo.b", Location: "Hollingford", Mutual: 0},
		{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: "Priya Ramanathan", URL: "https://www.facebook.com/priya.r", Location: "Leeds", Mutual: 40},
	}
	h.tab.AuditFinished(&audit.Result{Snapshot: snap}, false)
	h.tab.bg.Wait()
	h.mustShow(t, "Worth a look — not matches (1)", "They are not matches.", "Jo Bloggs",
		"Worth a look, not a match (signals", "lives in the practice's town")
	h.mustNotShow(t, "Priya Ramanathan", "Possible patients")

	h.tapIn(t, "Jo Bloggs", "Not a patient")
	h.mustShow(t, "Worth a look — not matches (0)")

	h.tab.sinceIn.SetText("sometime")
	h.tab.savePractice()
	h.mustShow(t, "The start date \"sometime\" was not understood")
}

func TestReviewTabWipe(t *testing.T) {
	kr := vault.Memory()
	h := newReviewHarness(t, kr, "", nil)
	if _, err := h.store.Add(reviewPeople...); err != nil {
		t.Fatal(err)
	}
	h.tab.AuditFinished(&audit.Result{Snapshot: reviewSnapshot()}, false)
	h.tab.bg.Wait()
	h.tapIn(t, "Maggie Thornton", "Is / was a patient")
	h.tab.showNames.SetChecked(true)

	h.tapButton(t, "Wipe watch-list")
	h.mustShow(t, "Wipe your watch-list?", "It cannot be undone.")
	h.tapButton(t, "Wipe")

	if files := filesUnder(t, h.dir); len(files) != 0 {
		t.Errorf("%d files left after wiping", len(files))
	}
	if _, err := kr.Get(vault.Service, "key:"+watchlist.BoxName); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the key survived the wipe: %v", err)
	}
	if n := len(h.people(t)); n != 0 {
		t.Errorf("%d people after wiping", n)
	}
	h.mustShow(t, "Your watch-list is empty.", "Wiped:", "Review this audit again")
	h.mustNotShow(t, "Maggie Thornton", "Margaret")
	if h.tab.showNames.Checked {
		t.Error("names still shown after wiping")
	}

	// Reviewing again starts afresh: no watch-list, nothing confirmed.
	h.tapButton(t, "Review this audit again")
	h.mustShow(t, "Worth a look — not matches", "Confirmed patients still connected (0)")
}

// lockingStore locks the keyring just before an answer is saved.
type lockingStore struct{ *watchlist.Store }

func (lockingStore) Decide(watchlist.Decision) error {
	return fmt.Errorf("saving the watch-list: %w", vault.ErrLocked)
}

func TestReviewTabAnswerNotSaved(t *testing.T) {
	h := newReviewHarness(t, vault.Memory(), "", nil)
	if _, err := h.store.Add(reviewPeople...); err != nil {
		t.Fatal(err)
	}
	h.tab.deps.Store = lockingStore{h.store}
	h.tab.AuditFinished(&audit.Result{Snapshot: reviewSnapshot()}, false)
	h.tab.bg.Wait()
	h.tapIn(t, "Maggie Thornton", "Is / was a patient")
	h.mustShow(t, "Your answer was not saved", "Your keyring is locked, so nothing was stored.",
		"Possible patients to review (2)", "Confirmed patients still connected (0)")
}

// lockedKeyring fails as a locked (or missing) OS keyring does.
type lockedKeyring struct{ err error }

func (k lockedKeyring) Get(service, user string) (string, error) {
	return "", fmt.Errorf("reading the keyring: %w", k.err)
}
func (k lockedKeyring) Set(service, user, secret string) error {
	return fmt.Errorf("writing the keyring: %w", k.err)
}
func (k lockedKeyring) Delete(service, user string) error {
	return fmt.Errorf("deleting from the keyring: %w", k.err)
}

func TestReviewTabKeyringUnusable(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"locked", vault.ErrLocked, "Your keyring is locked, so nothing was stored."},
		{"unavailable", vault.ErrUnavailable, "No keyring is available on this computer, so nothing was stored."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newReviewHarness(t, lockedKeyring{tc.err}, "", nil)
			h.addPerson(t, "Olwen Fairweather", "1958", "Exeter")
			h.mustShow(t, tc.want, "Your watch-list is empty.")
			if h.tab.nameIn.Text == "" {
				t.Error("the form was cleared though nothing was stored")
			}

			h.tab.importCSV("list.csv", strings.NewReader("name\nMargaret Thornton\n"))
			h.tapButton(t, "Import 1 person")
			h.mustShow(t, "Nothing was imported from list.csv: "+tc.want)

			h.tab.townsIn.SetText("Hollingford")
			h.tab.savePractice()
			h.tab.bg.Wait()
			h.mustShow(t, tc.want)

			h.tab.AuditFinished(&audit.Result{Snapshot: reviewSnapshot()}, false)
			h.tab.bg.Wait()
			h.mustShow(t, "Your connections could not be reviewed.", "the watch-list cannot be opened", "Try again")
			h.mustNotShow(t, "Maggie Thornton")

			if files := filesUnder(t, h.dir); len(files) != 0 {
				t.Errorf("%d files written with an unusable keyring", len(files))
			}
		})
	}
}

func TestReviewTabNoNamesOnDisk(t *testing.T) {
	h := newReviewHarness(t, vault.Memory(), "", nil)
	h.addPerson(t, "Olwen Fairweather", "1958", "Exeter")
	h.tab.importCSV("list.csv", strings.NewReader("First name,Surname,Town\nMargaret,Thornton,Hollingford\nStephen,Aldridge,Hollingford\n"))
	h.tapButton(t, "Import 2 people")
	h.tab.townsIn.SetText("Hollingford")
	h.tab.savePractice()
	h.tab.bg.Wait()
	h.tab.AuditFinished(&audit.Result{Snapshot: reviewSnapshot()}, false)
	h.tab.bg.Wait()
	h.tapIn(t, "Maggie Thornton", "Is / was a patient")
	h.tapIn(t, "Steve Aldridge", "Not a patient")

	files := filesUnder(t, h.dir)
	if len(files) == 0 {
		t.Fatal("nothing was saved")
	}
	secrets := []string{"olwen", "fairweather", "margaret", "thornton", "maggie", "stephen", "steve", "aldridge",
		"exeter", "hollingford", "1958", "maggie.thornton.77"}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.ToLower(data)
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds a name or place in plain text", filepath.Base(f))
			}
		}
	}
}

func TestReviewTabDemo(t *testing.T) {
	demoPeople := []watchlist.Person{{Name: "Margaret Thornton", Place: "Hollingford"}, {Name: "Stephen Aldridge", Place: "Hollingford"}}
	made := 0
	h := newReviewHarness(t, vault.Memory(), "", func() *watchlist.Review {
		made++
		return watchlist.NewReview(demoPeople, watchlist.Practice{Towns: []string{"Hollingford"}}, nil)
	})
	h.addPerson(t, "Olwen Fairweather", "1958", "Exeter") // the doctor's own list is not used by the demo
	before := filesUnder(t, h.dir)

	h.tab.AuditFinished(&audit.Result{Snapshot: reviewSnapshot()}, true)
	h.tab.bg.Wait()
	h.mustShow(t, "Demo: these are compared with the demo practice's fictional watch-list of 2 people, not yours.",
		"Possible patients to review (2)", "Maggie Thornton")
	h.tapIn(t, "Maggie Thornton", "Is / was a patient")
	h.tapIn(t, "Steve Aldridge", "Not a patient")
	h.mustShow(t, "Confirmed patients still connected (1)", "Possible patients to review (0)")

	h.tapIn(t, "Maggie Thornton", "Open profile to unfriend")
	h.mustShow(t, "With your own account, this opens the person's profile")
	if len(h.opened) != 0 {
		t.Errorf("the demo opened %d links to its closed site", len(h.opened))
	}

	after := filesUnder(t, h.dir)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("the demo wrote files: %d before, %d after", len(before), len(after))
	}
	rv, err := h.store.Review()
	if err != nil {
		t.Fatal(err)
	}
	if len(rv.Decisions) != 0 {
		t.Errorf("demo answers reached the real store: %d decisions", len(rv.Decisions))
	}

	// A second demo audit in the same session remembers the answers.
	h.tab.AuditFinished(&audit.Result{Snapshot: reviewSnapshot()}, true)
	h.tab.bg.Wait()
	h.mustShow(t, "Confirmed patients still connected (1)", "Possible patients to review (0)")
	if made != 1 {
		t.Errorf("demo review made %d times, want once per session", made)
	}
}

func TestParsePracticeSince(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = zero time; "err" = an error
	}{
		{"", ""},
		{"2019", "2019-01-01"},
		{"09/2019", "2019-09-01"},
		{"9/2019", "2019-09-01"},
		{"2019-09", "2019-09-01"},
		{"15/09/2019", "2019-09-15"},
		{"2019-09-15", "2019-09-15"},
		{"Sep 2019", "2019-09-01"},
		{"September  2019", "2019-09-01"},
		{"13/2019", "err"},
		{"last year", "err"},
		{"1066", "err"},
	} {
		got, err := parsePracticeSince(tc.in)
		switch {
		case tc.want == "err":
			if err == nil {
				t.Errorf("parsePracticeSince(%q) = %v, want an error", tc.in, got)
			}
		case err != nil:
			t.Errorf("parsePracticeSince(%q): %v", tc.in, err)
		case tc.want == "" && !got.IsZero(), tc.want != "" && got.Format("2006-01-02") != tc.want:
			t.Errorf("parsePracticeSince(%q) = %v, want %s", tc.in, got, tc.want)
		}
	}
}

func FuzzParsePracticeSince(f *testing.F) {
	for _, s := range []string{"", "2019", "09/2019", "2019-09-15", "Sep 2019", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parsePracticeSince(s)
		if err == nil && !d.IsZero() && (d.Year() < 1940 || d.Year() > 2200) {
			t.Errorf("accepted year %d", d.Year())
		}
	})
}

func TestParseBirthYear(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"", 0, false},
		{" 1961 ", 1961, false},
		{"61", 0, true},
		{"1899", 0, true},
		{"2027", 0, true},
		{"19a1", 0, true},
	} {
		got, err := parseBirthYear(tc.in, reviewNow)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("parseBirthYear(%q) = %d, %v", tc.in, got, err)
		}
	}
}

func TestSplitTowns(t *testing.T) {
	for in, want := range map[string]string{
		"":                                    "[]",
		"Hollingford":                         "[Hollingford]",
		" Hollingford ,HG4;; Lower  Brockley": "[Hollingford HG4 Lower Brockley]",
	} {
		if got := fmt.Sprint(splitTowns(in)); got != want {
			t.Errorf("splitTowns(%q) = %s, want %s", in, got, want)
		}
	}
}
