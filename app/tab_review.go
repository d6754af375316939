package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"chaperone/audit"
	"chaperone/audit/match"
	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
)

// ReviewStore keeps the doctor's watch-list and review answers sealed on
// this computer; *watchlist.Store is one.
type ReviewStore interface {
	Load() (*watchlist.List, error)
	Add(people ...watchlist.Person) (int, error)
	Remove(ids ...string) error
	SetPractice(p watchlist.Practice) error
	Decide(d watchlist.Decision) error
	Review() (*watchlist.Review, error)
	Wipe() error
}

// ReviewDeps is what the "Patients & connections" tab needs.
type ReviewDeps struct {
	Store ReviewStore
	// Demo makes the review a demo audit is checked against: a fictional
	// watch-list held in memory, so the doctor's own list is never mixed
	// in and demo answers are never stored. Nil: demo audits are not
	// reviewed.
	Demo func() *watchlist.Review
	// OpenURL opens a connection's profile; nil uses the Fyne app's.
	OpenURL func(*url.URL) error
	// Explain turns an error into plain words (see PlainError); may be nil.
	Explain func(error) string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// maxImportBytes bounds a CSV import read into memory: the importer's own
// bound.
const maxImportBytes = watchlist.MaxImportBytes

// maxCards bounds the candidates drawn at once; answering them brings the
// next ones up.
const maxCards = 100

// ReviewTab is the "Patients & connections" tab: the watch-list and the
// review of the last audit's connections against it. Its fields are only
// touched on the Fyne thread; store work runs in the background (the
// keyring may ask the doctor to unlock it) and reports back via fyne.Do.
type ReviewTab struct {
	deps ReviewDeps
	win  fyne.Window

	// The watch-list panel.
	list      *watchlist.List // last loaded; names stay in memory only
	listErr   error
	count     *widget.Label
	statusBox *fyne.Container
	showNames *widget.Check
	names     *fyne.Container
	nameIn    *widget.Entry
	yearIn    *widget.Entry
	placeIn   *widget.Entry
	form      *widget.Form
	importBtn *widget.Button
	wipeBtn   *widget.Button
	townsIn   *widget.Entry
	sinceIn   *widget.Entry
	practice  *widget.Button

	// The review of the last audit. The snapshot holds connection names:
	// it is kept in memory only.
	snap      *audit.Snapshot
	demo      bool
	demoRV    *watchlist.Review // one per session, so demo answers last until the app closes
	rv        *watchlist.Review
	items     []match.Item
	reviewErr error
	wiped     bool // the list was wiped since the review was drawn
	reviewBox *fyne.Container

	// The two scrolling panels, re-laid out when their content changes
	// size (a container does not tell its parent of that by itself).
	leftScroll, rightScroll *container.Scroll

	busy    bool
	pending bool // an audit finished while busy: review it afterwards
	bg      sync.WaitGroup
}

// NewReviewTab makes the tab; deps.Store is required.
func NewReviewTab(deps ReviewDeps) *ReviewTab {
	t := &ReviewTab{deps: deps}
	t.count = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.count.Wrapping = fyne.TextWrapWord
	t.statusBox = container.NewStack()
	t.showNames = widget.NewCheck("Show names", func(bool) {
		t.renderList()
		t.renderReview()
	})
	t.names = container.NewVBox()

	t.nameIn = widget.NewEntry()
	t.nameIn.SetPlaceHolder("full name, as you know them")
	t.yearIn = widget.NewEntry()
	t.yearIn.SetPlaceHolder("optional, e.g. 1961")
	t.placeIn = widget.NewEntry()
	t.placeIn.SetPlaceHolder("optional, e.g. a town or HG4 2")
	t.form = widget.NewForm(
		widget.NewFormItem("Name", t.nameIn),
		widget.NewFormItem("Year of birth", t.yearIn),
		widget.NewFormItem("Town or postcode", t.placeIn),
	)
	t.form.SubmitText = "Add to watch-list"
	t.form.OnSubmit = t.addPerson
	t.importBtn = widget.NewButtonWithIcon("Import CSV…", theme.FolderOpenIcon(), t.askImport)
	t.wipeBtn = widget.NewButtonWithIcon("Wipe watch-list", theme.DeleteIcon(), t.askWipe)
	t.wipeBtn.Importance = widget.DangerImportance

	t.townsIn = widget.NewEntry()
	t.townsIn.SetPlaceHolder("e.g. a town, HG4")
	t.sinceIn = widget.NewEntry()
	t.sinceIn.SetPlaceHolder("e.g. 09/2019")
	t.practice = widget.NewButton("Save practice", t.savePractice)

	t.reviewBox = container.NewVBox()
	t.renderList()
	t.renderReview()
	t.run("Opening your watch-list", true, func() error { return nil }, func(error) {})
	return t
}

// Item makes the tab.
func (t *ReviewTab) Item(win fyne.Window) *container.TabItem {
	t.win = win
	practice := widget.NewForm(
		widget.NewFormItem("Towns or postcodes", t.townsIn),
		widget.NewFormItem("Started there", t.sinceIn),
	)
	left := container.NewVBox(
		heading("Your watch-list"),
		para("People who are or were your patients, for Chaperone to look for among your connections. "+
			"The list stays on this computer, encrypted with a key kept in your keyring; "+
			"it never appears in reports or logs."),
		t.count,
		t.showNames,
		t.names,
		widget.NewSeparator(),
		subHeading("Add a person"),
		t.form,
		para("Or import a spreadsheet saved as CSV: a name column (or first name and surname), "+
			"and optionally year of birth and town or postcode."),
		container.NewHBox(t.importBtn),
		widget.NewSeparator(),
		subHeading("Your practice"),
		para("Used when you have no watch-list, to pick out connections worth a look: "+
			"people living where you practise, or who connected after you started there."),
		practice,
		container.NewHBox(t.practice),
		widget.NewSeparator(),
		para("Wiping deletes every name and every review answer from this computer, and destroys their key."),
		container.NewHBox(t.wipeBtn),
	)
	// The status line stays in view above the scrolling panel, so that
	// the answer to "Save practice" at the bottom is not missed.
	t.leftScroll = container.NewVScroll(container.NewPadded(left))
	t.rightScroll = container.NewVScroll(container.NewPadded(t.reviewBox))
	split := container.NewHSplit(container.NewBorder(t.statusBox, nil, nil, nil, t.leftScroll), t.rightScroll)
	split.Offset = 0.4
	return container.NewTabItem("Patients & connections", split)
}

// AuditFinished reviews the new audit's connections. Only the snapshot is
// kept, in memory.
func (t *ReviewTab) AuditFinished(res *audit.Result, demo bool) {
	t.snap, t.demo, t.wiped = nil, demo, false
	if res != nil {
		t.snap = res.Snapshot
	}
	t.rv, t.items, t.reviewErr = nil, nil, nil
	if demo && t.demoRV == nil && t.deps.Demo != nil {
		t.demoRV = t.deps.Demo()
	}
	t.reviewAgain()
}

// reviewAgain recomputes the review of the current snapshot.
func (t *ReviewTab) reviewAgain() {
	t.wiped = false
	if t.busy {
		t.pending = true
		t.renderReview()
		return
	}
	t.run("Comparing your connections with your watch-list", true, func() error { return nil }, func(error) {})
}

// reviewState is what a background step read: the list, and the review
// of the current snapshot.
type reviewState struct {
	list      *watchlist.List
	listErr   error
	reviewed  bool
	rv        *watchlist.Review
	items     []match.Item
	reviewErr error
}

// run does work and, if reread, then re-reads the list (and the review,
// if an audit is shown) off the Fyne thread, applies what was read, then
// calls done with work's error on the Fyne thread. One action runs at a
// time.
func (t *ReviewTab) run(what string, reread bool, work func() error, done func(error)) {
	if t.busy {
		t.say(widget.WarningImportance, "Still busy with the last step; try again in a moment.")
		return
	}
	t.busy = true
	t.say(widget.LowImportance, what+"…")
	snap, demo, skipReview := t.snap, t.demo, t.wiped
	var demoRV *watchlist.Review
	if demo {
		demoRV = t.demoRV
	}
	now := t.now()
	t.bg.Add(1)
	go func() {
		defer t.bg.Done()
		st := &reviewState{}
		err := work()
		if !reread {
			fyne.Do(func() { t.finished(done, err) })
			return
		}
		st.list, st.listErr = t.deps.Store.Load()
		if snap != nil && !skipReview {
			st.reviewed = true
			st.rv, st.items, st.reviewErr = review(t.deps.Store, snap, demo, demoRV, now)
		}
		fyne.Do(func() {
			t.list, t.listErr = st.list, st.listErr
			if st.reviewed && t.snap == snap {
				t.rv, t.items, t.reviewErr = st.rv, st.items, st.reviewErr
			}
			t.fillPractice()
			t.renderList()
			t.renderReview()
			t.finished(done, err)
		})
	}()
}

// finished ends a background step; an audit that finished meanwhile is
// reviewed next.
func (t *ReviewTab) finished(done func(error), err error) {
	t.busy = false
	t.say(widget.LowImportance, "")
	done(err)
	if t.pending {
		t.pending = false
		t.reviewAgain()
	}
}

// review lists the snapshot's candidates against the stored watch-list,
// or the demo's. Audit time, not now, dates the signals, as the findings do.
func review(store ReviewStore, snap *audit.Snapshot, demo bool, demoRV *watchlist.Review, now time.Time) (*watchlist.Review, []match.Item, error) {
	rv := demoRV
	if demo {
		if rv == nil {
			return nil, nil, errors.New("the demo has no watch-list to compare with")
		}
	} else {
		var err error
		if rv, err = store.Review(); err != nil {
			return nil, nil, err
		}
	}
	at := snap.TakenAt
	if at.IsZero() {
		at = now
	}
	items, err := match.Items(context.Background(), snap, rv, "", at)
	if err != nil {
		return nil, nil, fmt.Errorf("comparing connections with the watch-list: %w", err)
	}
	return rv, items, nil
}

func (t *ReviewTab) now() time.Time {
	if t.deps.Now != nil {
		return t.deps.Now()
	}
	return time.Now()
}

// say shows a one-line status under the count; "" clears it.
func (t *ReviewTab) say(imp widget.Importance, text string) {
	if text == "" {
		t.statusBox.Objects = nil
		t.statusBox.Refresh()
		return
	}
	icon := theme.InfoIcon()
	switch imp {
	case widget.DangerImportance, widget.WarningImportance:
		icon = theme.WarningIcon()
	case widget.SuccessImportance:
		icon = theme.ConfirmIcon()
	}
	t.statusBox.Objects = []fyne.CanvasObject{banner(icon, imp, text)}
	t.statusBox.Refresh()
}

// fail shows what went wrong while storing, in plain words.
func (t *ReviewTab) fail(err error) {
	t.say(widget.DangerImportance, watchlistError(err, true, t.deps.Explain))
}

// watchlistError says a watch-list error in plain words. A keyring that
// is locked or missing is said as such, with what it meant: the list is
// never kept without encryption, so nothing was stored (or, reading, the
// list could not be opened).
func watchlistError(err error, storing bool, explain func(error) string) string {
	what := "the watch-list cannot be opened"
	if storing {
		what = "nothing was stored"
	}
	switch {
	case errors.Is(err, vault.ErrLocked):
		return "Your keyring is locked, so " + what + ". Chaperone keeps the watch-list only encrypted, " +
			"with its key in your keyring: unlock the keyring (log in to your desktop session, " +
			"or open your password manager) and try again."
	case errors.Is(err, vault.ErrUnavailable):
		return "No keyring is available on this computer, so " + what + ". Chaperone keeps the watch-list " +
			"only encrypted, with its key in the operating system's keyring (on Linux, a Secret Service " +
			"such as GNOME Keyring or KWallet), never in plain text."
	}
	return PlainError(err, explain)
}

// fillPractice puts the stored practice in its fields, unless the doctor
// is typing there.
func (t *ReviewTab) fillPractice() {
	if t.list == nil || t.townsIn.Text != "" || t.sinceIn.Text != "" {
		return
	}
	t.townsIn.SetText(strings.Join(t.list.Practice.Towns, ", "))
	if !t.list.Practice.Since.IsZero() {
		t.sinceIn.SetText(t.list.Practice.Since.Format("01/2006"))
	}
}

// renderList redraws the count and, if asked for, the names.
func (t *ReviewTab) renderList() {
	n := 0
	if t.list != nil {
		n = len(t.list.People)
	}
	switch {
	case t.listErr != nil:
		t.count.SetText(sentence(watchlistError(t.listErr, false, t.deps.Explain)))
		t.count.Importance = widget.DangerImportance
	case n == 0:
		t.count.SetText("Your watch-list is empty.")
		t.count.Importance = widget.MediumImportance
	default:
		t.count.SetText(plural(n, "person", "people") + " on your watch-list.")
		t.count.Importance = widget.MediumImportance
	}
	t.count.Refresh()
	t.names.Objects = nil
	if t.showNames.Checked {
		t.names.Objects = []fyne.CanvasObject{t.namesList()}
	} else if n > 0 {
		t.names.Objects = []fyne.CanvasObject{widget.NewLabelWithStyle(
			"Names are hidden. Show them only when no one else can see your screen.",
			fyne.TextAlignLeading, fyne.TextStyle{Italic: true})}
	}
	if b := t.freshStartButton(); b != nil {
		t.names.Objects = append(t.names.Objects, b)
	}
	t.names.Refresh()
	if t.leftScroll != nil {
		t.leftScroll.Refresh()
	}
}

// namesList lists the watch-list with a Remove button per person; a
// widget.List draws only the rows on screen, so a long list stays quick.
func (t *ReviewTab) namesList() fyne.CanvasObject {
	if t.list == nil || len(t.list.People) == 0 {
		return widget.NewLabel("No names yet.")
	}
	people := t.list.People
	l := widget.NewList(
		func() int { return len(people) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil,
				widget.NewButtonWithIcon("Remove", theme.ContentRemoveIcon(), nil), widget.NewLabel("name"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(describePerson(people[i]))
			btn := c.Objects[1].(*widget.Button)
			id := people[i].ID
			if id == "" {
				btn.Disable()
				return
			}
			btn.Enable()
			btn.OnTapped = func() { t.removePerson(id) }
		},
	)
	rows := min(len(people), 6)
	h := float32(rows)*(l.MinSize().Height+theme.Padding()) + theme.Padding()
	return container.New(&fixedHeight{h: max(h, 48)}, l)
}

// fixedHeight gives its objects a set height and the width they are given.
type fixedHeight struct{ h float32 }

func (f *fixedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(0)
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, f.h)
}

func (f *fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

// describePerson is one watch-list entry in words.
func describePerson(p watchlist.Person) string {
	s := p.Name
	if p.Maiden != "" {
		s += " (née " + p.Maiden + ")"
	}
	if p.BirthYear > 0 {
		s += ", born " + strconv.Itoa(p.BirthYear)
	}
	if p.Place != "" {
		s += ", " + p.Place
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// addPerson stores the person typed in the form.
func (t *ReviewTab) addPerson() {
	name := strings.Join(strings.Fields(t.nameIn.Text), " ")
	if name == "" {
		t.say(widget.DangerImportance, "Type the person's name first.")
		return
	}
	year, err := parseBirthYear(t.yearIn.Text, t.now())
	if err != nil {
		t.say(widget.DangerImportance, sentence(err.Error()))
		return
	}
	p := watchlist.Person{Name: name, BirthYear: year, Place: strings.TrimSpace(t.placeIn.Text)}
	added := 0
	t.run("Saving", true, func() (err error) {
		added, err = t.deps.Store.Add(p)
		return err
	}, func(err error) {
		if err != nil {
			t.fail(err)
			return
		}
		t.nameIn.SetText("")
		t.yearIn.SetText("")
		t.placeIn.SetText("")
		if added == 0 {
			t.say(widget.LowImportance, "That person is already on your watch-list.")
			return
		}
		t.say(widget.SuccessImportance, "Added to your watch-list.")
	})
}

// parseBirthYear reads an optional four-digit year of birth.
func parseBirthYear(s string, now time.Time) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || y < 1900 || y > now.Year() {
		return 0, fmt.Errorf("the year of birth should be four digits, like 1961, or left empty")
	}
	return y, nil
}

// removePerson takes one person off the list.
func (t *ReviewTab) removePerson(id string) {
	t.run("Removing", true, func() error { return t.deps.Store.Remove(id) }, func(err error) {
		if err != nil {
			t.fail(err)
			return
		}
		t.say(widget.SuccessImportance, "Removed from your watch-list.")
	})
}

// askImport lets the doctor pick a CSV file.
func (t *ReviewTab) askImport() {
	if t.win == nil {
		return
	}
	d := dialog.NewFileOpen(t.importFrom, t.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".CSV", ".txt", ".tsv"}))
	d.SetConfirmText("Import")
	// A file dialog can only be resized once shown.
	d.Show()
	d.Resize(fyne.NewSize(900, 600))
}

// importFrom is the open dialog's callback: it imports the chosen file
// (rc nil means the doctor cancelled).
func (t *ReviewTab) importFrom(rc fyne.URIReadCloser, err error) {
	if err != nil {
		t.say(widget.DangerImportance, "The file could not be opened: "+PlainError(err, t.deps.Explain))
		return
	}
	if rc == nil {
		return
	}
	name := rc.URI().Name()
	data, err := io.ReadAll(io.LimitReader(rc, maxImportBytes+1))
	rc.Close()
	if err != nil {
		t.say(widget.DangerImportance, name+" could not be read: "+PlainError(err, t.deps.Explain))
		return
	}
	if len(data) > maxImportBytes {
		t.say(widget.DangerImportance, name+" is too large to be a watch-list; nothing was imported.")
		return
	}
	t.importCSV(name, bytes.NewReader(data))
}

// importCSV reads a CSV file and shows how its columns were understood;
// nothing is stored until the doctor agrees. The preview names columns
// and counts, never a patient.
func (t *ReviewTab) importCSV(name string, r io.Reader) {
	im, err := watchlist.ReadImport(r)
	switch {
	case errors.Is(err, watchlist.ErrNoNames):
		t.say(widget.DangerImportance, name+" has no names Chaperone can read, so nothing was imported. "+
			"It needs a name column (or forename and surname columns).")
		return
	case err != nil:
		t.say(widget.DangerImportance, "Nothing was imported from "+name+": "+sentence(err.Error()))
		return
	}
	var preview bytes.Buffer
	im.Preview(&preview, 0)
	text := widget.NewLabel(strings.TrimSpace(preview.String()))
	text.Wrapping = fyne.TextWrapWord
	body := container.NewVScroll(container.NewVBox(
		widget.NewLabel("Check that Chaperone read the columns of "+name+" as you meant. Nothing is stored until you import."),
		text))
	body.SetMinSize(fyne.NewSize(640, 360))
	people := im.People
	d := dialog.NewCustomConfirm("Import "+name+"?", "Import "+plural(len(people), "person", "people"), "Cancel", body,
		func(ok bool) {
			if ok {
				t.storeImport(name, people)
			} else {
				t.say(widget.LowImportance, "Nothing was imported from "+name+".")
			}
		}, t.win)
	d.Show()
}

// storeImport adds the people of an import the doctor accepted.
func (t *ReviewTab) storeImport(name string, people []watchlist.Person) {
	added := 0
	t.run("Importing "+name, true, func() (err error) {
		added, err = t.deps.Store.Add(people...)
		return err
	}, func(err error) {
		switch {
		case err != nil:
			t.say(widget.DangerImportance, "Nothing was imported from "+name+": "+watchlistError(err, true, t.deps.Explain))
		case added == 0:
			t.say(widget.LowImportance, "Everyone in "+name+" is already on your watch-list.")
		default:
			t.say(widget.SuccessImportance, "Added "+plural(added, "person", "people")+" from "+name+".")
		}
	})
}

// askWipe asks before wiping.
func (t *ReviewTab) askWipe() {
	if t.win == nil {
		return
	}
	d := dialog.NewConfirm("Wipe your watch-list?",
		"This deletes every name on your watch-list, your practice details and every review answer "+
			"from this computer, and destroys the key that sealed them. It cannot be undone.",
		func(ok bool) {
			if ok {
				t.wipe()
			}
		}, t.win)
	d.SetConfirmText("Wipe")
	d.SetDismissText("Cancel")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// wipe deletes the list, the answers and their key. The review is not
// redrawn from the store at once: that would seal a fresh empty list with
// a new key straight after the doctor asked for everything to go.
func (t *ReviewTab) wipe() {
	t.showNames.SetChecked(false)
	if t.snap != nil && !t.demo {
		t.wiped = true
		t.rv, t.items = nil, nil
	}
	t.run("Wiping", true, func() error { return t.deps.Store.Wipe() }, func(err error) {
		t.townsIn.SetText("")
		t.sinceIn.SetText("")
		if err != nil {
			t.fail(fmt.Errorf("the watch-list could not be fully wiped: %w", err))
			return
		}
		t.say(widget.SuccessImportance, "Wiped: your watch-list, practice details, review answers and their key are gone from this computer.")
	})
}

// savePractice stores the practice's towns and start date.
func (t *ReviewTab) savePractice() {
	since, err := parsePracticeSince(t.sinceIn.Text)
	if err != nil {
		t.say(widget.DangerImportance, sentence(err.Error()))
		return
	}
	pr := watchlist.Practice{Towns: splitTowns(t.townsIn.Text), Since: since}
	t.run("Saving", true, func() error { return t.deps.Store.SetPractice(pr) }, func(err error) {
		if err != nil {
			t.fail(err)
			return
		}
		t.say(widget.SuccessImportance, "Practice saved.")
	})
}

// splitTowns reads a comma- or semicolon-separated list of places.
func splitTowns(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if f = strings.Join(strings.Fields(f), " "); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// parsePracticeSince reads when the doctor started at the practice: a
// year, a month and year, or a full date; "" is no date.
func parsePracticeSince(s string) (time.Time, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006", "01/2006", "1/2006", "2006-01", "02/01/2006", "2/1/2006", "2006-01-02", "Jan 2006", "January 2006"} {
		if d, err := time.Parse(layout, s); err == nil && d.Year() >= 1940 && d.Year() <= 2200 {
			return d, nil
		}
	}
	return time.Time{}, fmt.Errorf("the start date %q was not understood: write it like 09/2019 or 2019", s)
}

// decide records the doctor's answer about an item. Demo answers are kept
// in memory for the session only.
func (t *ReviewTab) decide(it match.Item, patient bool) {
	rv := t.rv
	if rv == nil {
		return
	}
	var ds []watchlist.Decision
	switch {
	case patient:
		ds = append(ds, match.Confirm(it, t.now()))
	case it.Patient:
		// Taking back a confirmation replaces every "patient" answer
		// about the connection, whichever watch-list person it was for.
		for _, old := range rv.Decisions {
			if old.Conn == it.ConnID && old.Verdict == watchlist.Patient {
				ds = append(ds, watchlist.Decision{Conn: old.Conn, Person: old.Person, Verdict: watchlist.NotPatient, At: t.now().UTC()})
			}
		}
	}
	if len(ds) == 0 {
		ds = append(ds, match.Dismiss(it, t.now()))
	}
	apply := func() {
		for _, d := range ds {
			rv.Decisions = withDecision(rv.Decisions, d)
		}
		for i := range t.items {
			p := ""
			if t.items[i].Person != nil {
				p = t.items[i].Person.ID
			}
			t.items[i].Patient = rv.IsPatient(t.items[i].ConnID)
			t.items[i].Reviewed = rv.Reviewed(t.items[i].ConnID, p)
		}
		t.renderReview()
	}
	if t.demo {
		if t.busy {
			t.say(widget.WarningImportance, "Still busy with the last step; try again in a moment.")
			return
		}
		apply()
		return
	}
	// The stored review is re-read after the answer is saved; apply
	// keeps the answer in view without matching everything again.
	t.run("Saving your answer", false, func() error {
		for _, d := range ds {
			if err := t.deps.Store.Decide(d); err != nil {
				return err
			}
		}
		return nil
	}, func(err error) {
		if err != nil {
			t.alert("Your answer was not saved", watchlistError(err, true, t.deps.Explain))
			return
		}
		if t.rv == rv {
			apply()
		}
	})
}

// withDecision replaces an earlier answer about the same connection and
// person, as the store does.
func withDecision(ds []watchlist.Decision, d watchlist.Decision) []watchlist.Decision {
	out := make([]watchlist.Decision, 0, len(ds)+1)
	for _, old := range ds {
		if old.Conn != d.Conn || old.Person != d.Person {
			out = append(out, old)
		}
	}
	return append(out, d)
}

// openProfile opens a connection's profile, to unfriend them or decline
// their request there.
func (t *ReviewTab) openProfile(raw string) {
	link, err := url.Parse(raw)
	if err != nil || (link.Scheme != "https" && link.Scheme != "http") {
		t.alert("No profile address", "This connection's profile address was not read, so it cannot be opened.")
		return
	}
	if t.demo {
		// The demo's copy of the site closes when its audit ends.
		t.alert("Demo", "With your own account, this opens the person's profile on the site, where you unfriend them "+
			"or decline their request. The demo's practice copy of the site closes once its audit has finished.")
		return
	}
	open := t.deps.OpenURL
	if open == nil {
		open = fyne.CurrentApp().OpenURL
	}
	if err := open(link); err != nil {
		t.alert("Could not open your web browser", PlainError(err, t.deps.Explain))
	}
}

// alert tells the doctor something about what they just did in the review,
// away from the watch-list's status line, in a dialog.
func (t *ReviewTab) alert(title, text string) {
	if t.win == nil {
		t.say(widget.DangerImportance, text)
		return
	}
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "OK", l, t.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// reviewGroups splits items into those to answer, confirmed patients
// (one per connection) and the number of connections dismissed.
func reviewGroups(items []match.Item) (todo, confirmed []match.Item, dismissed int) {
	seenConf := map[string]bool{}
	seenDis := map[string]bool{}
	for _, it := range items {
		switch {
		case it.Patient:
			if !seenConf[it.ConnID] {
				seenConf[it.ConnID] = true
				confirmed = append(confirmed, it)
			}
		case it.Reviewed:
			seenDis[it.ConnID] = true
		default:
			todo = append(todo, it)
		}
	}
	for _, it := range todo {
		delete(seenDis, it.ConnID)
	}
	return todo, confirmed, len(seenDis)
}

// renderReview redraws the review of the last audit.
func (t *ReviewTab) renderReview() {
	objs := []fyne.CanvasObject{heading("Review your connections")}
	add := func(o ...fyne.CanvasObject) { objs = append(objs, o...) }
	switch {
	case t.snap == nil:
		add(para("Run an audit (or try the demo) and the friends and friend requests it read are compared " +
			"here with your watch-list. You then say who is or was a patient; Chaperone remembers your " +
			"answers, so next time it shows only what is new. Names stay on this computer."))
	case t.wiped:
		add(para("Your watch-list and answers were wiped."),
			container.NewHBox(widget.NewButtonWithIcon("Review this audit again", theme.ViewRefreshIcon(), t.reviewAgain)))
	case t.reviewErr != nil:
		add(banner(theme.WarningIcon(), widget.DangerImportance,
			"Your connections could not be reviewed. "+sentence(watchlistError(t.reviewErr, false, t.deps.Explain))),
			container.NewHBox(widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), t.reviewAgain)))
	case t.rv == nil:
		add(para("Comparing your connections with your watch-list…"))
	default:
		t.reviewBody(add)
	}
	t.reviewBox.Objects = objs
	t.reviewBox.Refresh()
	if t.rightScroll != nil {
		t.rightScroll.Refresh()
	}
}

func (t *ReviewTab) reviewBody(add func(...fyne.CanvasObject)) {
	friends, requests := 0, 0
	for _, c := range t.snap.Connections {
		if c.Kind == audit.ConnFriend {
			friends++
		}
	}
	requests = len(t.snap.PendingRequests)
	when := ""
	if !t.snap.TakenAt.IsZero() {
		when = " of " + t.snap.TakenAt.Local().Format("2 Jan 2006 15:04")
	}
	add(para(fmt.Sprintf("From the audit%s: %s and %s read.", when,
		plural(friends, "friend", "friends"), plural(requests, "pending friend request", "pending friend requests"))))
	if t.demo {
		add(banner(theme.InfoIcon(), widget.HighImportance, fmt.Sprintf(
			"Demo: these are compared with the demo practice's fictional watch-list of %s, not yours. "+
				"Your answers here are kept only until you close Chaperone.", plural(len(t.rv.People), "person", "people"))))
	}
	todo, confirmed, dismissed := reviewGroups(t.items)
	worth := len(t.rv.People) == 0
	if worth {
		add(subHeading(fmt.Sprintf("Worth a look — not matches (%d)", len(todo))),
			para("You have no watch-list, so Chaperone cannot tell who is a patient. These connections only "+
				"show signs worth checking, such as living where you practise and sharing no friends with you. "+
				"They are not matches. Add people to your watch-list for real matches."))
		if len(t.rv.Practice.Towns) == 0 {
			add(para("Tip: enter your practice's towns (on the left) so that connections living there come first."))
		}
	} else {
		add(subHeading(fmt.Sprintf("Possible patients to review (%d)", len(todo))),
			para("These connections look like someone on "+t.listName()+". Say whether each is, or was, your patient."))
		if !t.showNames.Checked && len(todo) > 0 {
			add(para("Tick “Show names” on the left to see whom on " + t.listName() + " each one looks like."))
		}
	}
	if len(todo) == 0 {
		add(widget.NewLabelWithStyle("Nothing new to review.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	for i, it := range todo {
		if i == maxCards {
			add(para(fmt.Sprintf("…and %d more: answer these and the next ones appear here.", len(todo)-maxCards)))
			break
		}
		add(t.card(it, false), widget.NewSeparator())
	}
	add(subHeading(fmt.Sprintf("Confirmed patients still connected (%d)", len(confirmed))))
	if len(confirmed) == 0 {
		add(widget.NewLabelWithStyle("None.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	} else {
		add(para("You said these are current or former patients. Open each profile to unfriend them, " +
			"or to decline their friend request."))
		for _, it := range confirmed {
			add(t.card(it, true), widget.NewSeparator())
		}
	}
	if dismissed > 0 {
		add(widget.NewLabelWithStyle(fmt.Sprintf("%s marked “Not a patient” (hidden).",
			plural(dismissed, "connection", "connections")), fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
}

// matchStrength says how strong a candidate is, in words and as its
// score (0 to 1), so that the number is not mistaken for a probability.
func matchStrength(it match.Item) string {
	if it.Kind == match.KindWorthLook {
		return fmt.Sprintf("Worth a look, not a match (signals %.2f)", it.Score)
	}
	word := "Possible match"
	switch {
	case it.Score >= 0.85:
		word = "Strong match"
	case it.Score >= 0.7:
		word = "Likely match"
	}
	return fmt.Sprintf("%s (score %.2f of 1)", word, it.Score)
}

// listName is the watch-list the review is compared with.
func (t *ReviewTab) listName() string {
	if t.demo {
		return "the demo watch-list"
	}
	return "your watch-list"
}

// kindWords says what a connection is to the doctor.
func kindWords(c audit.Connection) string {
	switch c.Kind {
	case audit.ConnRequest:
		return "Pending friend request to you"
	case audit.ConnFriend:
		return "Friend"
	case audit.ConnFollower:
		return "Follows you"
	case audit.ConnFollowing:
		return "You follow them"
	}
	return "Connection"
}

// card is one candidate: who, why, and the doctor's answer buttons.
func (t *ReviewTab) card(it match.Item, confirmed bool) fyne.CanvasObject {
	name := it.Conn.Name
	if name == "" {
		name = it.Conn.Handle
	}
	if name == "" {
		name = "(no name read)"
	}
	title := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	about := it.Conn.Platform.DisplayName() + " · " + kindWords(it.Conn)
	if it.Conn.Location != "" {
		about += " · lives in " + it.Conn.Location
	}
	lines := []string{about}
	if !confirmed {
		line := matchStrength(it)
		if len(it.Reasons) > 0 {
			line += ": " + strings.Join(it.Reasons, "; ")
		}
		lines = append(lines, line)
		if it.Person != nil && t.showNames.Checked {
			lines = append(lines, "Looks like "+describePerson(*it.Person)+" on "+t.listName()+".")
		}
	}
	// One label for the details keeps a card compact.
	objs := []fyne.CanvasObject{title, para(strings.Join(lines, "\n"))}
	var btns []fyne.CanvasObject
	if confirmed {
		label := "Open profile to unfriend"
		if it.Conn.Kind == audit.ConnRequest {
			label = "Open profile to decline the request"
		}
		open := widget.NewButtonWithIcon(label, theme.ComputerIcon(), func() { t.openProfile(it.Conn.URL) })
		open.Importance = widget.HighImportance
		if it.Conn.URL == "" {
			open.Disable()
		}
		undo := widget.NewButton("Not a patient after all", func() { t.decide(it, false) })
		btns = append(btns, open, undo)
	} else {
		yes := widget.NewButtonWithIcon("Is / was a patient", theme.ConfirmIcon(), func() { t.decide(it, true) })
		yes.Importance = widget.HighImportance
		no := widget.NewButtonWithIcon("Not a patient", theme.CancelIcon(), func() { t.decide(it, false) })
		btns = append(btns, yes, no)
	}
	objs = append(objs, container.NewHBox(btns...))
	return container.NewVBox(objs...)
}
