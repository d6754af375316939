package match

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/watchlist"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func TestWorthALook(t *testing.T) {
	pr := watchlist.Practice{Towns: []string{"Harrogate"}, Since: now.AddDate(-2, 0, 0)}
	conns := []audit.Connection{
		{Name: "A", Location: "Lives in Harrogate", Mutual: 0, Kind: audit.ConnFriend},                       // town, no mutual
		{Name: "B", Location: "Leeds", Mutual: 40, Kind: audit.ConnFriend},                                   // nothing
		{Name: "C", Mutual: 0, Kind: audit.ConnRequest, Since: now.AddDate(0, -1, 0)},                        // request, no mutual, recent
		{Name: "D", Location: "Harrogate", Mutual: -1, Kind: audit.ConnFriend, Since: now.AddDate(-1, 0, 0)}, // town, after start
		{Name: "E", Location: "Harrogate", Mutual: 25, Kind: audit.ConnFriend, Since: now.AddDate(-5, 0, 0)}, // town only
		{Name: "F", Mutual: -1, Kind: audit.ConnFriend},                                                      // unknown everything
	}
	got := WorthALook(conns, pr, now)
	var order []string
	for _, l := range got {
		order = append(order, conns[l.Index].Name)
		if len(l.Reasons) == 0 {
			t.Errorf("%s listed without a reason", conns[l.Index].Name)
		}
	}
	if strings.Join(order, "") != "ACDE" {
		t.Fatalf("order = %v, want A C D E", order)
	}
}

func snapshotWith(conns, reqs []audit.Connection) *audit.Snapshot {
	s := audit.NewSnapshot(now)
	s.Coverage = []audit.Coverage{{Platform: audit.Facebook, Source: audit.SourceSettings}}
	s.Connections = conns
	s.PendingRequests = reqs
	return s
}

func runCheck(t *testing.T, src Source, id string, s *audit.Snapshot) []audit.Finding {
	t.Helper()
	for _, c := range Checks(src) {
		if c.ID == id {
			return c.Run(s, audit.Facebook)
		}
	}
	t.Fatalf("no check %s", id)
	return nil
}

func statuses(fs []audit.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Status))
	}
	return strings.Join(out, ",")
}

func TestChecks(t *testing.T) {
	people := []watchlist.Person{{Name: "Robert James Smith", BirthYear: 1984}, {Name: "Elizabeth Taylor-Wood"}}
	patient := audit.Connection{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: "Bob Smith", Handle: "bob.smith.84", URL: "https://www.facebook.com/bob.smith.84", Mutual: 3}
	other := audit.Connection{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: "Peter Jones", Handle: "pjones", Mutual: 50}
	liz := audit.Connection{Platform: audit.Facebook, Kind: audit.ConnRequest, Name: "Liz Taylor", Handle: "liz.taylor", URL: "https://www.facebook.com/liz.taylor", Mutual: 0}
	s := snapshotWith([]audit.Connection{patient, other}, []audit.Connection{liz})

	rv := watchlist.NewReview(people, watchlist.Practice{}, nil)
	src := Static{rv}
	if got := statuses(runCheck(t, src, CheckUnreviewed, s)); got != "WARN" {
		t.Fatalf("unreviewed before review = %s, want WARN", got)
	}
	if got := statuses(runCheck(t, src, CheckPatientsConnected, s)); got != "PASS" {
		t.Fatalf("connected before review = %s, want PASS (nobody confirmed yet)", got)
	}
	// The doctor confirms Bob and Liz, and the next audit fails both.
	items, err := Items(context.Background(), s, rv, "", now)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		rv.Decisions = append(rv.Decisions, Confirm(it, now))
	}
	conn := runCheck(t, Static{rv}, CheckPatientsConnected, snapshotWith(s.Connections, s.PendingRequests))
	if got := statuses(conn); got != "FAIL,FAIL" {
		t.Fatalf("connected after confirming = %s, want FAIL,FAIL", got)
	}
	if conn[0].FixURL != patient.URL || conn[0].Subject == "" {
		t.Fatalf("per-connection finding lacks the profile link or subject: %+v", conn[0])
	}
	req := runCheck(t, Static{rv}, CheckPatientRequests, snapshotWith(s.Connections, s.PendingRequests))
	if got := statuses(req); got != "FAIL,FAIL" {
		t.Fatalf("requests after confirming = %s, want FAIL,FAIL", got)
	}
	if got := statuses(runCheck(t, Static{rv}, CheckUnreviewed, snapshotWith(s.Connections, s.PendingRequests))); got != "PASS" {
		t.Fatalf("unreviewed after review = %s, want PASS", got)
	}
	// Nothing in the findings names anyone.
	for _, id := range []string{CheckPatientsConnected, CheckPatientRequests, CheckUnreviewed} {
		for _, f := range runCheck(t, Static{rv}, id, snapshotWith(s.Connections, s.PendingRequests)) {
			f.FixURL = "" // the profile link is for the app only
			b, _ := json.Marshal(f)
			for _, name := range []string{"bob", "smith", "liz", "taylor", "robert", "elizabeth", "peter", "jones"} {
				if bytes.Contains(bytes.ToLower(b), []byte(name)) {
					t.Fatalf("finding of %s mentions %q: %s", id, name, b)
				}
			}
		}
	}
	// Once Bob is unfriended the connection check passes again.
	after := snapshotWith([]audit.Connection{other}, nil)
	after.SetFact(audit.Fact{ID: "facebook.pending_requests", Value: "0", Source: audit.SourceSettings, At: now})
	if got := statuses(runCheck(t, Static{rv}, CheckPatientsConnected, after)); got != "PASS" {
		t.Fatalf("after unfriending = %s, want PASS", got)
	}
	if got := statuses(runCheck(t, Static{rv}, CheckPatientRequests, after)); got != "PASS" {
		t.Fatalf("after declining = %s, want PASS", got)
	}
}

func TestChecksUnknown(t *testing.T) {
	rv := watchlist.NewReview(nil, watchlist.Practice{}, nil)
	empty := snapshotWith(nil, nil)
	for _, id := range []string{CheckPatientsConnected, CheckPatientRequests, CheckUnreviewed} {
		if got := statuses(runCheck(t, Static{rv}, id, empty)); got != "UNKNOWN" {
			t.Errorf("%s with no list read = %s, want UNKNOWN", id, got)
		}
	}
	// Friends read and no watch-list: keeping none is the doctor's choice,
	// so the checks do not apply, and they say how many are worth a look
	// and where to review them.
	s := snapshotWith([]audit.Connection{
		{Platform: audit.Facebook, Name: "Peter Jones", Mutual: 50},
		{Platform: audit.Facebook, Name: "Ann Other", Mutual: 0, Kind: audit.ConnFriend},
	}, nil)
	for _, id := range []string{CheckPatientsConnected, CheckUnreviewed} {
		fs := runCheck(t, Static{rv}, id, s)
		if got := statuses(fs); got != "N/A" {
			t.Errorf("%s without a watch-list = %s, want N/A", id, got)
			continue
		}
		if !strings.Contains(fs[0].Reason, "worth a look") || !strings.Contains(fs[0].Reason, "Patients & connections") {
			t.Errorf("%s without a watch-list: reason %q does not say what is worth a look and where to review it", id, fs[0].Reason)
		}
	}
	// A keyring that cannot be opened is UNKNOWN with the reason.
	fs := runCheck(t, failing{}, CheckUnreviewed, s)
	if statuses(fs) != "UNKNOWN" || !strings.Contains(fs[0].Reason, "keyring is locked") {
		t.Fatalf("locked keyring: %+v", fs)
	}
}

type failing struct{}

func (failing) Review() (*watchlist.Review, error) {
	return nil, errLocked
}

var errLocked = &lockedErr{}

type lockedErr struct{}

func (*lockedErr) Error() string { return "the keyring is locked" }

func TestRunCLI(t *testing.T) {
	wl := "name,year of birth,town\nRobert James Smith,1984,Harrogate\nElizabeth Taylor-Wood,,\n"
	tests := []struct {
		name, conns, format string
		want                []string
	}{
		{"jsonl", `{"name":"Bob Smith","handle":"bsmith_84","location":"Harrogate"}
{"name":"Peter Jones"}
{"name":"Liz Taylor"}
`, "text", []string{"Bob Smith @bsmith_84", "nickname Bob=Robert", "same town", "Liz Taylor", "2 candidate(s) among 3 connection(s)"}},
		{"csv", "Name,Location\nBob Smith,Harrogate\nPeter Jones,York\n", "json", []string{`"score":1`, `"nickname Bob=Robert"`, `"connections": 2`}},
		{"relative", `{"name":"Emma Taylor-Wood"}` + "\n", "text", []string{"0 candidate(s)", "Worth a look, not candidates: 1 connection(s)", "Emma Taylor-Wood", "same surname only; surname Taylor-Wood"}},
		{"linkedin", "Notes:\n\"When exporting your connection data...\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nRobert,Smith,https://www.linkedin.com/in/rsmith,,,,01 Jan 2024\n", "text", []string{"Robert Smith", "first name exact"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := RunCLI(context.Background(), strings.NewReader(wl), strings.NewReader(tc.conns), tc.format, &out); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q", w)
				}
			}
			if tc.format == "json" {
				var doc struct {
					Threshold  float64
					Candidates []jsonCandidate
				}
				if err := json.Unmarshal(out.Bytes(), &doc); err != nil || doc.Threshold != DefaultThreshold || len(doc.Candidates) != 1 {
					t.Errorf("not the JSON document expected (%v): %s", err, out.String())
				}
			}
		})
	}
	var out bytes.Buffer
	if err := RunCLI(context.Background(), strings.NewReader(wl), strings.NewReader("foo,bar\n1,2\n"), "text", &out); err == nil {
		t.Error("connections without a name column were accepted")
	}
	if err := RunCLI(context.Background(), strings.NewReader(wl), strings.NewReader("{}\n"), "xml", &out); err == nil {
		t.Error("unknown format accepted")
	}
}

func FuzzReadConnections(f *testing.F) {
	for _, s := range []string{
		`{"name":"A B","handle":"ab"}` + "\n",
		"Name,Handle\nA B,ab\n",
		"Notes:\nx\nFirst Name,Last Name\nA,B\n",
		"{not json\n",
		"\"unterminated\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		conns, err := ReadConnections(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, c := range conns {
			if c.Name == "" && c.Handle == "" {
				t.Fatal("a connection with neither name nor handle")
			}
		}
	})
}

// TestRequestsCheckOnlyWhereRequestsAre: the pending-requests check is
// for networks that keep requests; WhatsApp keeps none, so its report has
// no such line rather than an UNKNOWN it could never resolve.
func TestRequestsCheckOnlyWhereRequestsAre(t *testing.T) {
	for _, c := range Checks(nil) {
		if c.ID != CheckPatientRequests {
			continue
		}
		for _, p := range audit.Platforms {
			if got := slices.Contains(c.Platforms, p); got != p.KeepsRequests() {
				t.Errorf("%s: requests check applies = %v, want %v", p, got, p.KeepsRequests())
			}
		}
		if slices.Contains(c.Platforms, audit.WhatsApp) || !slices.Contains(c.Platforms, audit.Facebook) {
			t.Errorf("requests check platforms %v", c.Platforms)
		}
		return
	}
	t.Fatal("no requests check")
}
