// Package app is Chaperone's desktop window: the doctor's accounts, the
// audit's progress and the resulting checklist.
//
// It holds Fyne views and a plain-Go presenter layer (checklist.go,
// progress.go, accounts.go) that turns audit data into what is shown, so
// that the presentation can be tested without a window. It knows nothing of
// browsers or scoring: main.go wires in the real Auditor and Accounts.
package app

import (
	"context"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"chaperone/audit"
)

// Account is one social-media account the doctor has added.
type Account struct {
	Platform audit.Platform
	User     string // the email or username they log in with
	// Demo marks the built-in practice sandbox rather than a real account.
	Demo bool
}

// DemoAccount is a demo account: the sandbox replica of a network served
// on this computer.
var DemoAccount = Account{Platform: audit.Facebook, Demo: true}

// DemoAccounts are what "Try the demo" audits: a replica of every network
// that can be audited live (live nil: Facebook's).
func DemoAccounts(live []audit.Platform) []Account {
	if live == nil {
		return []Account{DemoAccount}
	}
	out := make([]Account, 0, len(live))
	for _, p := range live {
		out = append(out, Account{Platform: p, Demo: true})
	}
	return out
}

// Event reports the progress of one platform during an audit. It mirrors
// the runner's event so that this package need not import the browser
// layer; main.go converts one into the other.
type Event struct {
	Platform audit.Platform
	Step     string  // human text: "Reading privacy settings"
	Fraction float64 // 0..1 for this platform
	Done     bool
	Err      error // set on the final event if the platform failed
}

// Auditor runs an audit of the given accounts, scored against the
// guideline with ID guideline, and returns its result. progress may be
// called from any goroutine; it must not be called after Audit returns.
type Auditor interface {
	Audit(ctx context.Context, accounts []Account, guideline string, progress func(Event)) (*audit.Result, error)
}

// Accounts keeps the doctor's list of accounts.
type Accounts interface {
	List() ([]Account, error)
	// Add opens a visible browser window on the platform's own login page
	// and returns once the doctor has logged in there (or ctx ends).
	Add(ctx context.Context, platform audit.Platform, user string) error
	Remove(platform audit.Platform, user string) error
}

// Clause is one control of the guideline as the checklist cites it.
type Clause struct {
	ID    string // control ID, as in Finding.Clauses
	Title string // short name of the control
	Quote string // the guideline's own words
}

// ClauseLookup finds a guideline control by ID; ok is false if unknown.
type ClauseLookup func(controlID string) (c Clause, ok bool)

// GuidelineChoice is one piece of guidance the doctor can score an audit
// against.
type GuidelineChoice struct {
	ID    string
	Name  string // short name: "BMA (2011)"
	About string
}

// Citation is what one guideline says a check evidences, for the
// combined view of a finding.
type Citation struct {
	GuidelineID string
	Guideline   string // short name
	Clauses     []Clause
	// Why is the guideline's own reason for the check, if it gives one.
	Why string
}

// Guidelines is the guidance the window can score against and cite.
type Guidelines interface {
	// List is the guidelines to choose from, the default first.
	List() []GuidelineChoice
	// Clause finds control controlID of guideline guidelineID.
	Clause(guidelineID, controlID string) (Clause, bool)
	// Citations lists, guideline by guideline, the clauses check checkID
	// evidences.
	Citations(checkID string) []Citation
}

// PrefGuideline is the preference that remembers the guidance chosen.
const PrefGuideline = "guideline"

// Tab is a further page of the main window (history and report,
// connection review, reminders), built by its own file from its own
// dependencies.
type Tab interface {
	// Item makes the tab; win is the main window, for dialogs.
	Item(win fyne.Window) *container.TabItem
	// AuditFinished tells the tab that an audit completed (on the Fyne
	// thread); demo is true for the sandbox demo.
	AuditFinished(res *audit.Result, demo bool)
}

// Deps is what the window needs from the rest of the program.
type Deps struct {
	// Tabs are shown after the "Audit" tab, in order.
	Tabs     []Tab
	Auditor  Auditor
	Accounts Accounts
	// Guidelines lists the guidance to score against and quotes the
	// clauses a finding cites, from the guideline its result was scored
	// with; nil shows control IDs alone and offers no choice.
	Guidelines Guidelines
	// OpenURL opens a "Fix it" page in the system browser; nil uses the
	// Fyne app's OpenURL.
	OpenURL func(*url.URL) error
	// Explain turns an error into plain words for the doctor; it may
	// return "" to fall back to the built-in wording (see PlainError).
	Explain func(error) string
	// Location is the time zone dates are shown in; nil means local time.
	Location *time.Location
	// Live lists the networks that can be audited live (those with an
	// adapter). Only these offer "Add account"; the others say so up front
	// and offer the checklist by hand. Nil treats every network as live.
	Live []audit.Platform
	// Manual gives, for a network, its checks to go through by hand with
	// the page where each is set; nil offers none.
	Manual func(audit.Platform) []ManualCheck
	// Importer reads data downloads; with Importable (the networks it
	// can read) it offers "Import a data download". Nil offers none.
	Importer   Importer
	Importable []audit.Platform
	// History is the past audits, for how long the next should take; nil
	// says the first audit's usual time.
	History HistoryStore
	// About is what the About box says: version, licence, data folder.
	About About
	// Fixer, when set, offers "Fix it for me" on failing settings (fix.go).
	Fixer Fixer
}

// ManualCheck is one item of the checklist a doctor goes through by hand
// on a network that cannot be audited live.
type ManualCheck struct {
	Title string
	What  string // what to do
	URL   string // the settings page; may be empty
}
