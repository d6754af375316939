package match

import (
	"context"
	"fmt"
	"sync"
	"time"

	"chaperone/audit"
	"chaperone/audit/watchlist"
)

// Source gives the connection checks the watch-list and the doctor's
// review decisions. *watchlist.Store is one; so is Static.
type Source interface {
	Review() (*watchlist.Review, error)
}

// Static is a Source over a review held in memory (command line, tests).
type Static struct{ R *watchlist.Review }

// Review returns the held review.
func (s Static) Review() (*watchlist.Review, error) { return s.R, nil }

// Check IDs of the connection review.
const (
	CheckPatientsConnected = "connections.patients_connected"
	CheckPatientRequests   = "connections.patient_requests"
	CheckUnreviewed        = "connections.unreviewed_candidates"
)

// checker computes the review once per snapshot for all three checks.
type checker struct {
	src  Source
	mu   sync.Mutex
	snap *audit.Snapshot
	at   time.Time
	rv   *watchlist.Review
	item []Item
	err  error
}

func (c *checker) items(s *audit.Snapshot) (*watchlist.Review, []Item, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap == s && c.at.Equal(s.TakenAt) {
		return c.rv, c.item, c.err
	}
	c.snap, c.at = s, s.TakenAt
	c.rv, c.item, c.err = nil, nil, nil
	if c.src == nil {
		c.err = fmt.Errorf("no watch-list store is set up")
		return nil, nil, c.err
	}
	rv, err := c.src.Review()
	if err != nil {
		c.err = err
		return nil, nil, err
	}
	items, err := Items(context.Background(), s, rv, "", s.TakenAt)
	c.rv, c.item, c.err = rv, items, err
	return rv, items, err
}

// Checks returns the connection checks over src. Like every check they
// name no guideline: the guidelines' controls name them. Findings name no one: a
// connection is identified by its opaque ID (Finding.Subject), and only
// the fix link of a per-connection finding points at the profile.
func Checks(src Source) []audit.Check {
	c := &checker{src: src}
	return []audit.Check{
		{
			ID:          CheckPatientsConnected,
			Title:       "No connection you confirmed as a patient is still connected",
			Rationale:   "An informal online relationship with a current or former patient blurs the professional boundary between you.",
			Remediation: "Open each flagged profile and remove the connection (unfriend or unfollow). Chaperone keeps showing it until it is gone.",
			Severity:    audit.SeverityHigh,
			Platforms:   audit.Platforms,
			Run:         func(s *audit.Snapshot, p audit.Platform) []audit.Finding { return c.runConnected(s, p) },
		},
		{
			ID:          CheckPatientRequests,
			Title:       "No pending request from someone you confirmed as a patient",
			Rationale:   "A request from a current or former patient is best refused politely, with the reason, rather than left to be accepted by mistake.",
			Remediation: "Decline the flagged requests, and consider explaining to the patient why you do not accept them.",
			Severity:    audit.SeverityHigh,
			Platforms:   requestPlatforms(),
			FixPath:     map[audit.Platform]string{audit.Facebook: "/friends/requests"},
			Run:         func(s *audit.Snapshot, p audit.Platform) []audit.Finding { return c.runRequests(s, p) },
		},
		{
			ID:          CheckUnreviewed,
			Title:       "Every connection that may be a patient has been reviewed",
			Rationale:   "Possible patients among connections and requests are only useful once the doctor has said whether each is a patient.",
			Remediation: "Open the connection review in Chaperone and mark each candidate \"is or was a patient\" or \"not a patient\". Add a watch-list of patients to find them by name.",
			Severity:    audit.SeverityMedium,
			Platforms:   audit.Platforms,
			Run:         func(s *audit.Snapshot, p audit.Platform) []audit.Finding { return c.runUnreviewed(s, p) },
		},
	}
}

// requestPlatforms are the networks that keep requests to answer: on the
// others there is nothing for the requests check to read.
func requestPlatforms() []audit.Platform {
	var out []audit.Platform
	for _, p := range audit.Platforms {
		if p.KeepsRequests() {
			out = append(out, p)
		}
	}
	return out
}

func isRequest(c audit.Connection) bool    { return c.Kind == audit.ConnRequest }
func isConnection(c audit.Connection) bool { return c.Kind != audit.ConnRequest }

func platformConns(list []audit.Connection, p audit.Platform) []audit.Connection {
	var out []audit.Connection
	for _, c := range list {
		if c.Platform == p {
			out = append(out, c)
		}
	}
	return out
}

// listRead says whether the adapter read a list: it holds entries, or the
// adapter recorded the count fact (proof that an empty list is empty).
func listRead(s *audit.Snapshot, p audit.Platform, list []audit.Connection, fact string) bool {
	if len(list) > 0 {
		return true
	}
	_, ok := s.Fact(string(p) + "." + fact)
	return ok
}

func unknown(s *audit.Snapshot, p audit.Platform, why string) []audit.Finding {
	ev := audit.Evidence{What: why}
	if cov := s.CoverageFor(p); cov != nil {
		ev.Source = cov.Source
	}
	return []audit.Finding{{Status: audit.Unknown, Reason: why, Evidence: []audit.Evidence{ev}}}
}

func notReadReason(s *audit.Snapshot, p audit.Platform, what, fact string) string {
	msg := fmt.Sprintf("The %s was not read", what)
	if cov := s.CoverageFor(p); cov != nil {
		if why := cov.Missing[string(p)+"."+fact]; why != "" {
			msg += ": " + why
		}
	}
	return msg + "."
}

func reviewError(err error) string {
	return "The watch-list and review decisions could not be opened: " + err.Error()
}

func connEvidence(s *audit.Snapshot, p audit.Platform, what string) []audit.Evidence {
	ev := audit.Evidence{What: what, At: s.TakenAt}
	if cov := s.CoverageFor(p); cov != nil {
		ev.Source = cov.Source
	}
	return []audit.Evidence{ev}
}

// confirmedIn lists the findings for confirmed patients in list, one per
// connection, with the profile as the fix link.
func confirmedIn(s *audit.Snapshot, p audit.Platform, rv *watchlist.Review, list []audit.Connection, reason, what string) []audit.Finding {
	var out []audit.Finding
	seen := map[string]bool{}
	for _, c := range list {
		id := rv.ConnID(c)
		if seen[id] || !rv.IsPatient(id) {
			continue
		}
		seen[id] = true
		out = append(out, audit.Finding{
			Subject:  id,
			Status:   audit.Fail,
			Reason:   reason,
			Evidence: connEvidence(s, p, what),
			FixURL:   c.URL,
		})
	}
	return out
}

func (c *checker) runConnected(s *audit.Snapshot, p audit.Platform) []audit.Finding {
	conns := platformConns(s.Connections, p)
	if !listRead(s, p, conns, "connections") {
		return unknown(s, p, notReadReason(s, p, "list of friends and followers", "connections"))
	}
	rv, _, err := c.items(s)
	if err != nil {
		return unknown(s, p, reviewError(err))
	}
	out := confirmedIn(s, p, rv, conns,
		"A connection you confirmed as a current or former patient is still connected. Remove them from their profile.",
		"Connection confirmed as a patient, still in the friends or followers list")
	switch {
	case len(out) > 0:
		out = append(out, audit.Finding{
			Status:   audit.Fail,
			Reason:   describe(len(out), "connection you confirmed as a patient is", "connections you confirmed as patients are") + " still connected.",
			Evidence: connEvidence(s, p, fmt.Sprintf("%d connections read; %d confirmed as patients", len(conns), len(out))),
		})
	case len(rv.People) == 0 && !rv.DecidedOn(conns):
		out = c.noWatchlist(s, p, len(conns), "connections", isConnection)
	default:
		out = append(out, audit.Finding{
			Status:   audit.Pass,
			Reason:   "None of the connections you confirmed as patients is still connected.",
			Evidence: connEvidence(s, p, fmt.Sprintf("%d connections read and compared with your review", len(conns))),
		})
	}
	return out
}

// noWatchlist is the answer when the doctor keeps no watch-list: a
// legitimate choice (many will not keep patients' names on a personal
// computer), so the check does not apply rather than staying UNKNOWN, and
// it says how many of the list are worth a look and where to review them.
func (c *checker) noWatchlist(s *audit.Snapshot, p audit.Platform, total int, what string, keep func(audit.Connection) bool) []audit.Finding {
	_, items, err := c.items(s)
	if err != nil {
		return unknown(s, p, reviewError(err))
	}
	var mine []Item
	for _, it := range items {
		if it.Conn.Platform == p && keep(it.Conn) {
			mine = append(mine, it)
		}
	}
	n := Unreviewed(mine)
	worth := "none of them stands out as worth a look"
	if n > 0 {
		worth = describe(n, "is", "are") + " worth a look (signals such as a shared town, not matches)"
	}
	return []audit.Finding{{
		Status:   audit.NA,
		Reason:   fmt.Sprintf("You keep no watch-list of patients, so Chaperone cannot tell which of your %d %s are patients; %s. Review them in Chaperone's Patients & connections tab, or add a watch-list there.", total, what, worth),
		Evidence: connEvidence(s, p, fmt.Sprintf("%d %s read; no watch-list; %d worth a look", total, what, n)),
	}}
}

func (c *checker) runRequests(s *audit.Snapshot, p audit.Platform) []audit.Finding {
	reqs := platformConns(s.PendingRequests, p)
	if !listRead(s, p, reqs, "pending_requests") {
		return unknown(s, p, notReadReason(s, p, "list of pending requests", "pending_requests"))
	}
	rv, _, err := c.items(s)
	if err != nil {
		return unknown(s, p, reviewError(err))
	}
	out := confirmedIn(s, p, rv, reqs,
		"A pending request comes from someone you confirmed as a current or former patient. Decline it.",
		"Pending request from a connection confirmed as a patient")
	switch {
	case len(out) > 0:
		out = append(out, audit.Finding{
			Status:   audit.Fail,
			Reason:   describe(len(out), "pending request comes", "pending requests come") + " from people you confirmed as patients. Decline them.",
			Evidence: connEvidence(s, p, fmt.Sprintf("%d pending requests read; %d from confirmed patients", len(reqs), len(out))),
		})
	case len(reqs) == 0:
		out = append(out, audit.Finding{Status: audit.Pass, Reason: "No requests are waiting.",
			Evidence: connEvidence(s, p, "0 pending requests")})
	case len(rv.People) == 0 && !rv.DecidedOn(reqs):
		out = c.noWatchlist(s, p, len(reqs), "pending requests", isRequest)
	default:
		out = append(out, audit.Finding{
			Status:   audit.Pass,
			Reason:   "No pending request comes from someone you confirmed as a patient.",
			Evidence: connEvidence(s, p, fmt.Sprintf("%d pending requests read and compared with your review", len(reqs))),
		})
	}
	return out
}

func (c *checker) runUnreviewed(s *audit.Snapshot, p audit.Platform) []audit.Finding {
	conns := platformConns(s.Connections, p)
	reqs := platformConns(s.PendingRequests, p)
	if !listRead(s, p, conns, "connections") && !listRead(s, p, reqs, "pending_requests") {
		return unknown(s, p, notReadReason(s, p, "list of friends, followers and requests", "connections"))
	}
	rv, items, err := c.items(s)
	if err != nil {
		return unknown(s, p, reviewError(err))
	}
	var mine []Item
	for _, it := range items {
		if it.Conn.Platform == p {
			mine = append(mine, it)
		}
	}
	n := Unreviewed(mine)
	total := len(conns) + len(reqs)
	switch {
	case n > 0 && len(rv.People) > 0:
		return []audit.Finding{{
			Status:   audit.Warn,
			Reason:   describe(n, "connection or request may be someone on your watch-list and is", "connections or requests may be people on your watch-list and are") + " waiting for your review.",
			Evidence: connEvidence(s, p, fmt.Sprintf("%d connections and requests compared with %d watch-list entries; %d candidates not yet reviewed", total, len(rv.People), n)),
		}}
	case len(rv.People) == 0:
		return c.noWatchlist(s, p, total, "connections and requests", func(audit.Connection) bool { return true })
	}
	return []audit.Finding{{
		Status:   audit.Pass,
		Reason:   "Every connection that matches your watch-list has been reviewed.",
		Evidence: connEvidence(s, p, fmt.Sprintf("%d connections and requests compared with %d watch-list entries", total, len(rv.People))),
	}}
}
