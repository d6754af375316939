package audit

// Problem says, in one word the app and the report can act on, why a
// platform could not be read. The adapter's own error text stays in
// Coverage.Error for the details.
type Problem string

// The reasons a chosen platform may not be audited.
const (
	ProblemUnreachable  Problem = "unreachable"   // the site did not answer
	ProblemLogin        Problem = "login"         // the saved session ended and there is no password
	ProblemPassword     Problem = "password"      // the site refused the stored password
	ProblemTwoFactor    Problem = "two_factor"    // the site asks for a code Chaperone cannot give
	ProblemNotSupported Problem = "not_supported" // no live adapter for this network yet
	ProblemOtherOrigin  Problem = "other_origin"  // the site sent the browser to another host
	ProblemTimeout      Problem = "timeout"       // a step ran out of time
	ProblemPageChanged  Problem = "page_changed"  // the pages were not what Chaperone knows
	ProblemServerError  Problem = "server_error"  // the site answered with errors
	ProblemSessionEnded Problem = "session_ended" // logged out in the middle of the audit
	ProblemBrowser      Problem = "browser"       // Chromium could not run
	ProblemBusy         Problem = "busy"          // another audit has the browser profile
	ProblemKeyring      Problem = "keyring"       // no keyring to protect the saved login
	ProblemCancelled    Problem = "cancelled"     // the doctor stopped the audit
	ProblemFailed       Problem = "failed"        // anything else
)

// Explain is the problem in plain words and what the doctor can do about
// it, for a platform named name.
func (p Problem) Explain(name string) (reason, action string) {
	switch p {
	case ProblemUnreachable:
		return name + " could not be reached.", "Check the internet connection, then run the audit again."
	case ProblemLogin:
		return "Chaperone is no longer logged in to " + name + ".", "Log in again: remove the account and add it back (Add account), or store its password so Chaperone can log in itself."
	case ProblemPassword:
		return name + " did not accept the stored password.", "Log in again through Add account, or update the stored password."
	case ProblemTwoFactor:
		return name + " asked for a two-factor code.", "Log in again through Add account and answer the code yourself, or store the authenticator secret with the account."
	case ProblemNotSupported:
		return name + " cannot be audited live yet.", "Import its data download (Download your information), or go through its settings by hand with the checklist's links."
	case ProblemOtherOrigin:
		return name + " sent the browser to another site, so nothing was read and no password was sent.", "Check that the account's address is right; re-add the account if the site really moved."
	case ProblemTimeout:
		return name + " took too long to answer.", "Run the audit again later; a slow connection may need a longer time limit."
	case ProblemPageChanged:
		return name + "'s pages were not what Chaperone expected (it may have changed its layout or language).", "Check the settings by hand with the checklist's links, and look for an update of Chaperone."
	case ProblemServerError:
		return name + " answered with errors.", "Run the audit again later."
	case ProblemSessionEnded:
		return name + " logged Chaperone out in the middle of the audit.", "Run the audit again; if it happens again, log in again through Add account."
	case ProblemBrowser:
		return "The browser could not run.", "Install Chromium (sudo apt-get install chromium), then run the audit again."
	case ProblemBusy:
		return "Another audit is already running, so " + name + " was not read this time.", "Wait for it to finish (in the app or a terminal), then run the audit again."
	case ProblemKeyring:
		return "The keyring is not available, so Chaperone will not keep the login to " + name + " on this computer.", "Log in to your desktop session so that its keyring is unlocked, then run the audit again."
	case ProblemCancelled:
		return "The audit of " + name + " was stopped before it finished.", "Run the audit again when you are ready."
	}
	return "The audit of " + name + " did not finish.", "Run the audit again; if it keeps failing, check the settings by hand with the checklist's links."
}

// NotAudited is a platform that was chosen for an audit but could not be
// read: it has no findings and takes no part in any score.
type NotAudited struct {
	Platform Platform `json:"platform"`
	Account  string   `json:"account,omitempty"`
	Problem  Problem  `json:"problem"`
	// Reason and Action are plain words for the doctor.
	Reason string `json:"reason"`
	Action string `json:"action"`
	// Detail is the adapter's own message.
	Detail string `json:"detail,omitempty"`
}
