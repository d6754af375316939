// Package reporttest builds fictional audits for testing and timing the
// appraisal report: a previous and a current audit of a demo GP, with
// posts, connections, pending requests and a watch-list whose distinctive
// names must never reach a report. Everyone in it is invented.
package reporttest

import (
	"fmt"
	"strings"
	"time"

	"chaperone/audit"
)

// Distinctive fictional texts and names. A report that contains any of
// them leaks third-party data.
var (
	PostTexts = []string{
		"Mrs Philippa Quarrington-Blythe came back to clinic today with her swollen ankle again, bless her",
		"Long night on call; the gentleman in bed 14 from Little Snoring finally settled",
		"Brilliant lecture from the new Zarnowski inhaler rep, highly recommend their samples",
	}
	ConnectionNames = []string{"Ottoline Fenwick-Barraclough", "Thaddeus Grimsditch", "Perpetua Okonkwo-Llewellyn"}
	RequestNames    = []string{"Barnaby Quixley-Featherstonehaugh"}
	WatchList       = []string{"Ottoline Fenwick-Barraclough", "Winifred Snodgrass-Ilunga", "Cuthbert Ramsbottom"}
)

// Sensitive is every name and text above, for leak assertions.
func Sensitive() []string {
	var out []string
	out = append(out, PostTexts...)
	out = append(out, ConnectionNames...)
	out = append(out, RequestNames...)
	out = append(out, WatchList...)
	return out
}

// Fingerprints are short distinctive fragments of Sensitive: a report
// quoting any part of a post or a single surname also leaks.
var Fingerprints = []string{
	"Quarrington", "Blythe", "swollen ankle", "Little Snoring", "bed 14", "Zarnowski",
	"Ottoline", "Fenwick", "Barraclough", "Thaddeus", "Grimsditch", "Perpetua", "Llewellyn",
	"Barnaby", "Quixley", "Featherstonehaugh", "Winifred", "Snodgrass", "Ilunga", "Cuthbert", "Ramsbottom",
}

func snapshot(at time.Time, improved bool) *audit.Snapshot {
	s := audit.NewSnapshot(at)
	base := "http://127.0.0.1:41235"
	s.Coverage = []audit.Coverage{
		{Platform: audit.Facebook, Account: "dr.demo.gp@example.invalid", BaseURL: base, Profile: base + "/dr.demo.gp",
			Source: audit.SourceSettings, Started: at.Add(-3 * time.Minute), Finished: at.Add(-time.Minute),
			Pages: []audit.Page{{URL: base + "/settings?tab=privacy", Secure: false, Why: "loopback"}}},
		{Platform: audit.Instagram, Account: "dr.demo.gp", BaseURL: base + "/instagram", Source: audit.SourceSettings,
			Started: at.Add(-time.Minute), Finished: at,
			Missing: map[string]string{"instagram.activity_status": "the setting was not on the page"},
			Pages:   []audit.Page{{URL: base + "/instagram/accounts/privacy_and_security/", Secure: false, Why: "loopback"}}},
	}
	fact := func(id, v string, src audit.Source) {
		s.SetFact(audit.Fact{ID: id, Value: v, Source: src, At: at, URL: base + "/settings", Evidence: id + " = " + v})
	}
	fb := map[string]string{
		"facebook.future_posts_audience": audit.AudiencePublic, "facebook.past_posts_limited": audit.NotDone,
		"facebook.friends_list_visibility": audit.AudiencePublic, "facebook.friend_requests_from": audit.AudienceEveryone,
		"facebook.lookup_email": audit.AudienceEveryone, "facebook.lookup_phone": audit.AudienceFriends,
		"facebook.search_engine_link": audit.On, "facebook.tag_review": audit.Off, "facebook.two_factor": audit.Off,
		"facebook.login_alerts": audit.Off, "facebook.sessions": "2",
	}
	pub := map[string]string{
		"facebook.public_view.friends_list": audit.Visible, "facebook.public_view.posts": audit.Visible,
		"facebook.public_view.workplace": audit.Visible, "facebook.public_view.photos": audit.Visible,
		"facebook.public_view.hometown": audit.Hidden,
	}
	ig := map[string]string{"instagram.private": audit.Off, "instagram.two_factor": audit.Off, "instagram.tags_manual": audit.Off}
	if improved {
		fb["facebook.future_posts_audience"] = audit.AudienceFriends
		fb["facebook.past_posts_limited"] = audit.Done
		fb["facebook.friends_list_visibility"] = audit.AudienceOnlyMe
		fb["facebook.two_factor"] = audit.On
		fb["facebook.login_alerts"] = audit.On
		fb["facebook.search_engine_link"] = audit.Off
		pub["facebook.public_view.friends_list"] = audit.Hidden
		pub["facebook.public_view.posts"] = audit.Hidden
		ig["instagram.private"] = audit.On
		ig["instagram.two_factor"] = audit.On
	}
	for k, v := range fb {
		fact(k, v, audit.SourceSettings)
	}
	for k, v := range pub {
		fact(k, v, audit.SourcePublicView)
	}
	for k, v := range ig {
		fact(k, v, audit.SourceSettings)
	}
	s.Sessions = []audit.Session{
		{Platform: audit.Facebook, Device: "Chromium on Linux", Location: "Leeds, UK", LastActive: "Active now", Current: true},
		{Platform: audit.Facebook, Device: "Safari on iPhone", Location: "Leeds, UK", LastActive: "2 hours ago"},
	}
	for i, text := range PostTexts {
		s.Posts = append(s.Posts, audit.Post{Platform: audit.Facebook, ID: fmt.Sprintf("post-%d", i+1),
			URL: fmt.Sprintf("%s/dr.demo.gp/posts/%d", base, i+1), Text: text, At: at.AddDate(0, 0, -i-1),
			Audience: audit.AudiencePublic, Source: audit.SourcePublicView, Public: !improved || i == 2})
	}
	s.Posts = append(s.Posts, audit.Post{Platform: audit.Instagram, ID: "ig-1", Text: "Sunset over the Dales", Source: audit.SourceSettings})
	for i, n := range ConnectionNames {
		s.Connections = append(s.Connections, audit.Connection{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: n,
			Handle: fmt.Sprintf("friend.%d", i+1), Mutual: i})
	}
	for i := 0; i < 40; i++ {
		s.Connections = append(s.Connections, audit.Connection{Platform: audit.Facebook, Kind: audit.ConnFriend,
			Name: fmt.Sprintf("Colleague Number%d", i), Mutual: 5})
	}
	for _, n := range RequestNames {
		s.PendingRequests = append(s.PendingRequests, audit.Connection{Platform: audit.Facebook, Kind: audit.ConnRequest, Name: n, Mutual: 0})
	}
	return s
}

// perItem adds the findings a post scanner and a connection matcher would
// make, with reasons that quote the post and name the person, as such
// checks may.
func perItem(r *audit.Result, s *audit.Snapshot, g *audit.Guideline, improved bool) {
	add := func(f audit.Finding) {
		f.Severity = audit.SeverityHigh
		f.Clauses = g.ControlsFor(f.CheckID) // as Evaluate cites them
		r.Findings = append(r.Findings, f)
	}
	if improved {
		// The scanner read the posts again and flagged none of the first
		// two: they are fixed, not merely unread.
		add(audit.Finding{CheckID: "posts.identifier", Platform: audit.Facebook, Status: audit.Pass,
			Title: "No post identifies a patient", CheckTitle: "No post identifies a patient",
			Reason:   "None of the posts read was flagged.",
			Evidence: []audit.Evidence{{What: "3 posts scanned, none flagged", Source: audit.SourceSettings}}})
	}
	for i, p := range s.Posts[:3] {
		if improved && i < 2 {
			continue // no longer flagged
		}
		st := audit.Fail
		title := "Post may identify a patient"
		check := "posts.identifier"
		if i == 2 {
			st, title, check = audit.Warn, "Post may endorse a product without declaring an interest", "posts.conflict_of_interest"
		}
		add(audit.Finding{CheckID: check, Platform: audit.Facebook, Subject: p.ID, Status: st, Title: title,
			Reason:   fmt.Sprintf("The post %q names or describes a person.", p.Text),
			Evidence: []audit.Evidence{{What: p.Text, URL: p.URL, Source: audit.SourcePublicView}}})
	}
	for i, c := range s.Connections[:2] {
		if improved && i == 0 {
			continue // unfriended
		}
		add(audit.Finding{CheckID: "connections.patients_connected", Platform: audit.Facebook, Subject: c.Handle, Status: audit.Warn,
			Title:  "Friend may be a patient: " + c.Name,
			Reason: fmt.Sprintf("%s matches watch-list entry %q.", c.Name, WatchList[0])})
	}
	// An account-wide summary that names people: must be withheld.
	add(audit.Finding{CheckID: "connections.unreviewed_candidates", Platform: audit.Facebook, Status: audit.Warn,
		Title:  "Connections matching your watch-list",
		Reason: fmt.Sprintf("Possible matches: %s, %s.", WatchList[1], RequestNames[0])})
	audit.SortFindings(r.Findings)
}

// Results returns the previous audit (finished at prevAt) and the current
// one (at curAt) of the demo GP, scored against g. The current one has
// several settings fixed, two flagged posts deleted and one flagged friend
// removed.
func Results(g *audit.Guideline, prevAt, curAt time.Time) (prev, cur *audit.Result) {
	checks, err := audit.DataChecks()
	if err != nil {
		panic(err) // the shipped checks are part of the build
	}
	ps := snapshot(prevAt, false)
	prev = audit.Evaluate(ps, checks, g, prevAt)
	perItem(prev, ps, g, false)
	prev.Score = audit.ScoreFindings(prev.Findings, g, prev.Audited())
	cs := snapshot(curAt, true)
	cur = audit.Evaluate(cs, checks, g, curAt)
	perItem(cur, cs, g, true)
	cur.Score = audit.ScoreFindings(cur.Findings, g, cur.Audited())
	return prev, cur
}

// ClauseIDsIn lists the control IDs of the guidelines in gs that text
// cites: each ID as a whole word ("MPS-1" is not in "MPS-12"), in the
// order of gs and their controls.
func ClauseIDsIn(text string, gs ...*audit.Guideline) []string {
	var out []string
	for _, g := range gs {
		for _, c := range g.Controls {
			if containsWord(text, c.ID) {
				out = append(out, c.ID)
			}
		}
	}
	return out
}

func containsWord(text, id string) bool {
	isWord := func(b byte) bool {
		return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-'
	}
	for i := 0; ; {
		j := strings.Index(text[i:], id)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(id)
		before := start == 0 || !isWord(text[start-1])
		after := end == len(text) || !isWord(text[end]) && !(text[end] == '.' && end+1 < len(text) && text[end+1] >= '0' && text[end+1] <= '9')
		if before && after {
			return true
		}
		i = start + 1
	}
}

// QuarterResults are the audits of a quarter's report: the quarter
// before's audit (at before, both networks read), and two audits of the
// quarter. On monday both networks are read with several settings fixed;
// on friday Facebook cannot be reached, TikTok (chosen too) cannot be
// audited live, and Instagram is read again with its old settings back.
func QuarterResults(g *audit.Guideline, before, monday, friday time.Time) (prev, mon, fri *audit.Result) {
	prev, mon = Results(g, before, monday)
	checks, err := audit.DataChecks()
	if err != nil {
		panic(err)
	}
	fs := snapshot(friday, false)
	for i := range fs.Coverage {
		if fs.Coverage[i].Platform == audit.Facebook {
			fs.Coverage[i].Error, fs.Coverage[i].Problem = "opening the settings: net::ERR_CONNECTION_REFUSED", audit.ProblemUnreachable
		}
	}
	fs.Coverage = append(fs.Coverage, audit.Coverage{Platform: audit.TikTok, Account: "dr.demo.gp", Error: "no live adapter", Problem: audit.ProblemNotSupported})
	fri = audit.Evaluate(fs, checks, g, friday)
	return prev, mon, fri
}
