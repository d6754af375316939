package audit

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// The checks here need more than a value lookup. Their wording is data in
// assets/checks; the logic is code.

// runSessions: only the current device(s) logged in is PASS; any other
// session is WARN with the devices listed. The count fact is the evidence
// that the list was read in full, so without it there is no PASS.
func (r ruleSpec) runSessions(s *Snapshot, p Platform) []Finding {
	var current, others []Session
	for _, se := range s.Sessions {
		if se.Platform != p {
			continue
		}
		if se.Current {
			current = append(current, se)
		} else {
			others = append(others, se)
		}
	}
	f, haveFact := s.Fact(r.Fact)
	count := -1
	if haveFact {
		if n, err := strconv.Atoi(strings.TrimSpace(f.Value)); err == nil && n >= 0 {
			count = n
		}
	}
	var ev []Evidence
	if haveFact {
		ev = append(ev, factEvidence(f, r.Label))
	}
	for _, se := range others {
		e := Evidence{What: r.Label + ": " + describeSession(se), Source: SourceSettings}
		if haveFact {
			e.Source, e.URL, e.At = f.Source, f.URL, f.At
		}
		ev = append(ev, e)
	}
	switch {
	case len(others) > 0:
		return []Finding{{
			Status:   Warn,
			Reason:   fmt.Sprintf("Logged in on %d other device(s) besides this one: %s. Log out of any you do not recognise or no longer use.", len(others), listSessions(others)),
			Evidence: ev,
		}}
	case count > len(current):
		// The page counted more sessions than it listed: some went unread.
		return []Finding{{
			Status:   Warn,
			Reason:   fmt.Sprintf("%d sessions are open but only %d could be listed; review them all on the sessions page.", count, len(current)),
			Evidence: ev,
		}}
	case !haveFact:
		return []Finding{{
			Status:   Unknown,
			Reason:   notRead(s, p, r.Fact, "The list of sessions ("+r.Label+")"),
			Evidence: unknownEvidence(s, p, r.Fact, r.Label),
		}}
	case count < 0:
		return []Finding{{
			Status:   Unknown,
			Reason:   fmt.Sprintf("The number of sessions could not be understood (%q).", f.Value),
			Evidence: ev,
		}}
	case count == 0:
		return []Finding{{
			Status:   Unknown,
			Reason:   "No session was listed, not even this one, so the list was probably not read.",
			Evidence: ev,
		}}
	}
	return []Finding{{
		Status:   Pass,
		Reason:   fmt.Sprintf("Logged in only on the current device (%s).", listSessions(current)),
		Evidence: ev,
	}}
}

// plural is "1 friend request" or "4 friend requests".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func describeSession(se Session) string {
	parts := []string{strings.TrimSpace(se.Device)}
	if parts[0] == "" {
		parts[0] = "unnamed device"
	}
	if se.Location != "" {
		parts = append(parts, se.Location)
	}
	if when := lastActive(se.LastActive); when != "" {
		parts = append(parts, "last active "+when)
	}
	return strings.Join(parts, ", ")
}

// lastActive is when a session was last used, without the "Active" or
// "Last active" some networks write before it ("Active 2 days ago"), so
// that it reads once.
func lastActive(s string) string {
	s = strings.TrimSpace(s)
	for _, prefix := range []string{"last active", "active"} {
		if len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) && s[len(prefix)] == ' ' {
			return strings.TrimSpace(s[len(prefix):])
		}
	}
	return s
}

func listSessions(ss []Session) string {
	var out []string
	for _, se := range ss {
		out = append(out, describeSession(se))
	}
	if len(out) == 0 {
		return "no device named"
	}
	return strings.Join(out, "; ")
}

// runPendingRequests: requests waiting are WARN (the doctor should decline
// any from patients). No requests is PASS only when the adapter recorded
// the count fact, proving it read the requests page.
func (r ruleSpec) runPendingRequests(s *Snapshot, p Platform) []Finding {
	n := 0
	for _, c := range s.PendingRequests {
		if c.Platform == p {
			n++
		}
	}
	f, haveFact := s.Fact(r.Fact)
	count := -1
	if haveFact {
		if v, err := strconv.Atoi(strings.TrimSpace(f.Value)); err == nil && v >= 0 {
			count = v
		}
	}
	if count > n {
		n = count
	}
	var ev []Evidence
	if haveFact {
		ev = append(ev, factEvidence(f, r.Label))
	} else if n > 0 {
		// Names stay out of the finding: reports must not name connections.
		ev = append(ev, Evidence{What: fmt.Sprintf("%s: %d pending", r.Label, n), Source: SourceSettings})
	}
	switch {
	case n > 0:
		return []Finding{{
			Status:   Warn,
			Reason:   fmt.Sprintf("%s waiting. Decline any from current or former patients and explain why if appropriate.", plural(n, r.Request)),
			Evidence: ev,
		}}
	case !haveFact:
		return []Finding{{
			Status:   Unknown,
			Reason:   notRead(s, p, r.Fact, "The list of pending "+r.Request+"s"),
			Evidence: unknownEvidence(s, p, r.Fact, r.Label),
		}}
	case count < 0:
		return []Finding{{
			Status:   Unknown,
			Reason:   fmt.Sprintf("The number of pending requests could not be understood (%q).", f.Value),
			Evidence: ev,
		}}
	}
	return []Finding{{Status: Pass, Reason: "No " + r.Request + "s are waiting.", Evidence: ev}}
}

// runConnectionSecurity: every page of the audit must have been https with
// a valid certificate. Loopback pages are the sandbox demo on this
// computer, so the check does not apply to them.
func (r ruleSpec) runConnectionSecurity(s *Snapshot, p Platform) []Finding {
	cov := s.CoverageFor(p)
	if cov == nil {
		return nil
	}
	if len(cov.Pages) == 0 {
		if cov.Source == SourceExport {
			return []Finding{{
				Status:   NA,
				Reason:   "Read from a data export on this computer: no web page was visited.",
				Evidence: []Evidence{{What: r.Label + ": no pages visited (export)", Source: SourceExport, At: coverageTime(s, cov)}},
			}}
		}
		return []Finding{{
			Status:   Unknown,
			Reason:   notRead(s, p, "", "The security of the pages visited"),
			Evidence: unknownEvidence(s, p, "", r.Label),
		}}
	}
	var secure, insecure, loop []Page
	for _, pg := range cov.Pages {
		switch {
		case isLoopback(pg.URL):
			loop = append(loop, pg)
		case pg.Secure && strings.HasPrefix(strings.ToLower(pg.URL), "https://"):
			secure = append(secure, pg)
		default:
			insecure = append(insecure, pg)
		}
	}
	at := coverageTime(s, cov)
	pageEv := func(pg Page, verdict string) Evidence {
		what := r.Label + ": " + verdict
		if pg.Why != "" {
			what += " (" + pg.Why + ")"
		}
		return Evidence{What: what, Source: cov.Source, URL: pg.URL, At: at}
	}
	if len(insecure) > 0 {
		var ev []Evidence
		var urls []string
		for _, pg := range insecure {
			ev = append(ev, pageEv(pg, "not secure"))
			urls = append(urls, pg.URL)
		}
		return []Finding{{
			Status:   Fail,
			Reason:   fmt.Sprintf("%d page(s) were not served over https with a valid certificate: %s.", len(insecure), strings.Join(urls, ", ")),
			Evidence: ev,
		}}
	}
	if len(secure) == 0 {
		return []Finding{{
			Status:   NA,
			Reason:   "Every page was the demo on this computer (127.0.0.1), which is served without https; the check applies to the real site only.",
			Evidence: []Evidence{{What: fmt.Sprintf("%s: %d page(s) served from this computer", r.Label, len(loop)), Source: cov.Source, URL: loop[0].URL, At: at}},
		}}
	}
	ev := []Evidence{{What: fmt.Sprintf("%s: %d page(s) over https with a valid certificate", r.Label, len(secure)), Source: cov.Source, URL: secure[0].URL, At: at}}
	return []Finding{{
		Status:   Pass,
		Reason:   fmt.Sprintf("All %d page(s) read were served over https with a valid certificate.", len(secure)),
		Evidence: ev,
	}}
}

// runPublicViewMatches compares each privacy setting with what a logged-out
// visitor actually saw: a restricted setting with the item still visible
// means the protection is not what the doctor thinks it is.
func (r ruleSpec) runPublicViewMatches(s *Snapshot, p Platform) []Finding {
	var ev []Evidence
	var problems, open []string
	worst := Pass
	var missing []string
	firstMissing := ""
	compared := 0
	for _, pr := range r.Pairs {
		set, ok1 := s.Fact(pr.Setting)
		pub, ok2 := s.Fact(pr.PublicView)
		if ok1 && contains(pr.Open, normValue(set.Value)) {
			// Open by the doctor's own choice: there is no protection to
			// verify, and the setting's own check judges the choice. Shown
			// as evidence of a PASS it would contradict it.
			open = append(open, "“"+pr.SettingLabel+"” is "+displayValue(set))
			continue
		}
		if !ok1 {
			missing = append(missing, notRead(s, p, pr.Setting, "“"+pr.SettingLabel+"”"))
			firstMissing = cmp.Or(firstMissing, pr.Setting)
		}
		if !ok2 {
			missing = append(missing, notRead(s, p, pr.PublicView, "“"+pr.PublicViewLabel+"”"))
			firstMissing = cmp.Or(firstMissing, pr.PublicView)
		}
		if !ok1 || !ok2 {
			continue
		}
		compared++
		ev = append(ev, factEvidence(set, pr.SettingLabel), factEvidence(pub, pr.PublicViewLabel))
		if normValue(pub.Value) == Visible {
			problems = append(problems, pr.Why)
			if StatusRank(pr.Mismatch) < StatusRank(worst) {
				worst = pr.Mismatch
			}
		}
	}
	openNote := ""
	if len(open) > 0 {
		openNote = " Not compared, because they restrict nothing: " + strings.Join(open, "; ") + " (each has its own check)."
	}
	switch {
	case len(problems) > 0:
		return []Finding{{Status: worst, Reason: strings.Join(problems, " "), Evidence: ev}}
	case len(missing) > 0:
		return []Finding{{
			Status:   Unknown,
			Reason:   "Cannot compare settings with the public view: " + strings.Join(missing, "; ") + "." + openNote,
			Evidence: append(ev, unknownEvidence(s, p, firstMissing, r.Label)...),
		}}
	case compared == 0:
		return []Finding{{
			Status:   NA,
			Reason:   "None of these settings restricts what strangers see, so there is no protection to verify." + openNote,
			Evidence: []Evidence{{What: r.Label + ": nothing restricted to compare", Source: SourcePublicView, At: s.TakenAt}},
		}}
	}
	return []Finding{{Status: Pass, Reason: "What a logged-out visitor sees agrees with the settings that restrict it." + openNote, Evidence: ev}}
}
