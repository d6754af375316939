// Package whatsapp is the sandbox's replica of WhatsApp Web, served at the
// root of its own loopback origin by sandbox.Host.
//
// Like the real site it is one page at "/": a browser that is not linked
// sees a QR code to scan with the phone (Linked devices > Link a device),
// which turns over every 20 seconds and gives up after a few; a linked one
// gets the app, drawn by script from JSON it fetches (chat list a page at a
// time, privacy rows, sub-panels), with class names made up per start,
// icon buttons named only by aria-label, unnamed checkboxes, an A/B
// layout (Settings in the left bar, or in the ⋮ menu) and the "open in
// another window" interstitial. The phone is simulated: an endpoint (and
// Phone) approves a code as scanning it would, and a phone "at hand"
// approves every code shown, as the demo's does. Nothing it serves refers
// to another host.
package whatsapp

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"chaperone/audit"
	"chaperone/platforms/sandbox"
	"chaperone/platforms/sandbox/replica"
)

// Site is the WhatsApp Web replica. It satisfies sandbox.Site.
type Site struct {
	st    *State
	ui    *replica.UI
	mux   *http.ServeMux
	h     http.Handler
	now   func() time.Time
	auth  *replica.Sessions
	phone *Phone
}

var _ sandbox.Site = (*Site)(nil)

// New builds the replica of persona p's WhatsApp, with the demo's phone at
// hand (it approves every QR code shown) and a layout chosen at random, as
// the real site's experiments do.
func New(p *sandbox.Persona, clock func() time.Time) *Site {
	v := variantRail
	if rand.IntN(2) == 1 {
		v = variantMenu
	}
	s := NewFromAccount(DemoAccount(p), v, clock)
	s.phone.SetAtHand(true)
	return s
}

// NewSite is New as a sandbox.NewSite, for sandbox.NewHost.
func NewSite(p *sandbox.Persona, clock func() time.Time) sandbox.Site { return New(p, clock) }

// NewFromAccount builds the replica of an account in a layout variant
// ("rail" or "menu"), with the phone not at hand.
func NewFromAccount(a Account, variant string, clock func() time.Time) *Site {
	if clock == nil {
		clock = time.Now
	}
	s := &Site{st: newState(a, variant), now: clock}
	s.ui = newUI(s.st)
	s.auth = replica.NewSessions("wa_link", clock)
	s.phone = &Phone{now: clock, refs: map[string]*qrRef{}, links: map[string]int{}}
	s.mux = http.NewServeMux()
	s.routes()
	s.h = replica.SecurityHeaders(s.mux)
	return s
}

// Platform is audit.WhatsApp.
func (s *Site) Platform() audit.Platform { return audit.WhatsApp }

// State is the live state, for tests to read and change.
func (s *Site) State() *State { return s.st }

// Phone is the simulated phone that links browsers.
func (s *Site) Phone() *Phone { return s.phone }

// Login is the account: WhatsApp has no password; the phone links.
func (s *Site) Login() sandbox.Login { return sandbox.Login{User: s.st.Account().Phone} }

// Expected is every fact the replica shows now.
func (s *Site) Expected() map[string]string { return s.st.Expected() }

// NotShown is the facts WhatsApp Web never shows (they are set on the
// phone), with the words an honest audit must give for each.
func (s *Site) NotShown() map[string]string {
	return map[string]string{
		FactTwoFactor:     "check this in WhatsApp on your phone: Settings > Account > Two-step verification",
		FactLinkedDevices: "check this in WhatsApp on your phone: Settings > Linked devices",
	}
}

// Set changes a setting as the doctor would.
func (s *Site) Set(factID, value string) error { return s.st.Set(factID, value) }

// RenameLabel rewords a label or button name (drift).
func (s *Site) RenameLabel(old, renamed string) bool { return s.st.RenameLabel(old, renamed) }

// ServeHTTP serves the replica.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

// Phone is the doctor's phone as WhatsApp Web knows it: it approves QR
// codes (Linked devices > Link a device) and can log every linked browser
// out (or the link lapses), which the next visit finds as a QR code again.
type Phone struct {
	now func() time.Time

	mu     sync.Mutex
	atHand bool
	refs   map[string]*qrRef
	epoch  int
	links  map[string]int // session CSRF token -> epoch it was linked in
}

type qrRef struct {
	issued   time.Time
	approved bool
	// scanAt is when a phone at hand will have scanned it.
	scanAt time.Time
}

// qrTTL is how long one code is shown before the next replaces it.
const qrTTL = 20 * time.Second

// scanDelay is how long a phone at hand takes to point at the screen.
const scanDelay = 600 * time.Millisecond

// SetAtHand says whether the phone approves every code shown (the demo's
// phone does; a test's that stays in the pocket does not).
func (p *Phone) SetAtHand(on bool) {
	p.mu.Lock()
	p.atHand = on
	p.mu.Unlock()
}

// Scan approves the code ref, as pointing the phone at it does. It reports
// whether ref was a code being shown.
func (p *Phone) Scan(ref string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	q := p.refs[ref]
	if q == nil || p.now().Sub(q.issued) > qrTTL {
		return false
	}
	q.approved = true
	return true
}

// LogOutAll logs every linked browser out, as "Log out from all devices"
// on the phone does (or the link expiring after the phone is not used).
func (p *Phone) LogOutAll() {
	p.mu.Lock()
	p.epoch++
	p.mu.Unlock()
}

func (p *Phone) newRef() string {
	ref := "2@" + replica.Token(24) + "," + replica.Token(16) + ",1"
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	q := &qrRef{issued: now}
	if p.atHand {
		q.scanAt = now.Add(scanDelay)
	}
	p.refs[ref] = q
	for k, v := range p.refs {
		if now.Sub(v.issued) > 10*qrTTL {
			delete(p.refs, k)
		}
	}
	return ref
}

// state is "linked", "waiting" or "expired" for a code.
func (p *Phone) state(ref string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	q := p.refs[ref]
	now := p.now()
	switch {
	case q == nil:
		return "expired"
	case q.approved || (!q.scanAt.IsZero() && !now.Before(q.scanAt) && p.atHand):
		delete(p.refs, ref)
		return "linked"
	case now.Sub(q.issued) > qrTTL:
		return "expired"
	}
	return "waiting"
}

func (p *Phone) remember(token string) {
	p.mu.Lock()
	p.links[token] = p.epoch
	p.mu.Unlock()
}

func (p *Phone) current(token string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.links[token]
	return ok && e == p.epoch
}

// linked returns the request's linked session, if the phone still honours it.
func (s *Site) linked(r *http.Request) *replica.Session {
	ws := s.auth.Get(r)
	if ws == nil || !s.phone.current(ws.CSRF) {
		return nil
	}
	return ws
}
