package platforms

import (
	"context"
	"errors"

	"chaperone/audit"
	"chaperone/platforms/browser"
)

// Fixer is what an adapter adds, beside Adapter, to change a setting for
// the doctor. The runner and the app type-assert it: an adapter without it
// gets guidance only.
//
// The contract every Fixer keeps:
//   - Fixes lists only what it can change through the page, each a Change
//     built from the audit's own reading (From is what was read).
//   - Fix changes nothing before it has opened the setting's page on the
//     account's own origin (the kit's guards: another origin, a login
//     wall, another language all stop it) and read the setting again: if
//     the page no longer shows c.From, it stops with ErrStale.
//   - It operates only the control its data describes, in the setting's
//     own row; an unknown dialog, a control it cannot find, or any page it
//     did not expect stops it with ErrUnexpected and words saying what it
//     saw. It never answers a dialog it does not know.
//   - Afterwards it reloads the page and reads the setting afresh: the
//     Action is Verified only when that read equals c.To. Otherwise Seen
//     says what the page showed ("the change did not take: the page still
//     shows Public").
//   - A one-shot action (OneShot) is never Verified from the settings page;
//     it is judged from the public view at the next audit.
//   - The Action is returned even with an error, for the record.
type Fixer interface {
	// Fixes lists the changes that would answer the FAIL and WARN findings
	// of the network (account-wide, and per person or post: Subject set);
	// nothing is changed. A change for a per-person finding is a one-shot
	// with Subject and SubjectURL set.
	Fixes(snap *audit.Snapshot, findings []audit.Finding) []audit.Change
	Fix(ctx context.Context, b *browser.Browser, acct Account, c audit.Change, o Options) (audit.Action, error)
}

// Why a change could not be made, for the caller to stop a batch on.
var (
	// ErrStale: the page shows another value than the audit read.
	ErrStale = errors.New("the setting has changed since the audit")
	// ErrUnexpected: a page, dialog or control Chaperone does not know.
	ErrUnexpected = errors.New("the page did not look as expected")
	// ErrNotTaken: the change was made but the fresh read does not show it.
	ErrNotTaken = errors.New("the change did not take")
	// ErrNotFixable: no automated fix exists for the check.
	ErrNotFixable = errors.New("not something Chaperone changes for you")
)
