package fix

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/platforms"
	"chaperone/platforms/facebook"
	"chaperone/platforms/runner"
	"chaperone/platforms/sandbox"
	fbreplica "chaperone/platforms/sandbox/facebook"
)

// bench is one Facebook replica with an audit of it.
type bench struct {
	t    *testing.T
	site *fbreplica.Site
	opts runner.Options
	cat  audit.Catalogue
	g    *audit.Guideline
}

func newBench(t *testing.T) *bench {
	t.Helper()
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("needs Chromium")
	}
	var site *fbreplica.Site
	h := sandbox.NewHost(sandbox.DemoPersona(), func(p *sandbox.Persona, clock func() time.Time) sandbox.Site {
		site = fbreplica.New(p, clock)
		return site
	})
	if err := h.Start(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	opts, err := runner.DemoOptions(h, t.TempDir(), []platforms.Adapter{facebook.Adapter{}})
	if err != nil {
		t.Fatal(err)
	}
	data, err := audit.DataChecks()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := audit.NewCatalogue(data)
	if err != nil {
		t.Fatal(err)
	}
	g, err := audit.GuidelineByID(audit.DefaultGuidelineID)
	if err != nil {
		t.Fatal(err)
	}
	return &bench{t: t, site: site, opts: opts, cat: cat, g: g}
}

// fail sets every fixable Facebook setting to a failing value.
func (b *bench) fail() {
	b.t.Helper()
	for id, v := range map[string]string{
		fbreplica.FactFuturePosts:    audit.AudiencePublic,
		fbreplica.FactFriendsList:    audit.AudiencePublic,
		fbreplica.FactFriendRequests: audit.AudienceEveryone,
		fbreplica.FactLookupEmail:    audit.AudienceEveryone,
		fbreplica.FactLookupPhone:    audit.AudienceEveryone,
		fbreplica.FactSearchEngines:  audit.On,
		fbreplica.FactTagReview:      audit.Off,
		fbreplica.FactPastPosts:      audit.NotDone,
	} {
		if err := b.site.Set(id, v); err != nil {
			b.t.Fatal(err)
		}
	}
}

func (b *bench) audit() *audit.Result {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	snap, err := runner.Run(ctx, b.opts, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	if c := snap.CoverageFor(audit.Facebook); c == nil || c.Error != "" {
		b.t.Fatalf("audit failed: %+v", c)
	}
	return audit.Evaluate(snap, b.cat, b.g, time.Now())
}

func status(res *audit.Result, check string) audit.Status {
	for _, f := range res.Findings {
		if f.CheckID == check && f.Subject == "" && f.Platform == audit.Facebook {
			return f.Status
		}
	}
	return ""
}

func changesOf(items []Item) []audit.Change {
	var out []audit.Change
	for _, it := range items {
		if it.Change != nil {
			out = append(out, *it.Change)
		}
	}
	return out
}

func find(changes []audit.Change, check string) (audit.Change, bool) {
	for _, c := range changes {
		if c.Check == check {
			return c, true
		}
	}
	return audit.Change{}, false
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return c
}

// TestFixEveryFacebookSetting: every fixable check goes from FAIL to PASS
// by the fix and its fresh read, then by a new audit; an undo restores the
// old value; two-factor gets guidance only.
func TestFixEveryFacebookSetting(t *testing.T) {
	b := newBench(t)
	b.fail()
	before := b.audit()
	items := Plan(before, b.cat, b.opts.Adapters)
	changes := changesOf(items)
	settings := []string{"facebook.future_posts_audience", "facebook.friends_list_visibility", "facebook.friend_requests_from",
		"facebook.lookup_email", "facebook.lookup_phone", "facebook.search_engine_link", "facebook.tag_review"}
	for _, id := range settings {
		if st := status(before, id); st != audit.Fail && st != audit.Warn {
			t.Fatalf("%s is %s before the fix, want FAIL or WARN", id, st)
		}
		if _, ok := find(changes, id); !ok {
			t.Errorf("no change planned for %s", id)
		}
	}
	if _, ok := find(changes, "facebook.past_posts_limited"); !ok {
		t.Error("no one-shot planned for limiting past posts")
	}
	for _, it := range items {
		if it.Finding.CheckID == "facebook.two_factor" && (it.Change != nil || len(it.Guidance) < 2) {
			t.Errorf("two-factor: change %v, guidance %q; want guidance only", it.Change, it.Guidance)
		}
	}

	acts, err := Apply(ctx(t), b.opts, before.Snapshot, changes, nil)
	if err != nil {
		t.Fatalf("apply: %v (actions %+v)", err, acts)
	}
	if len(acts) != len(changes) || len(before.Snapshot.Actions) != len(changes) {
		t.Fatalf("%d actions recorded for %d changes", len(before.Snapshot.Actions), len(changes))
	}
	for _, a := range acts {
		if !a.Verified {
			t.Errorf("%s not verified: %s", a.Change.Check, a.Seen)
		}
	}
	for _, id := range settings {
		c, _ := find(changes, id)
		if v, _ := b.site.State().Get(c.Fact); v != c.To {
			t.Errorf("%s on the replica = %q, want %q", c.Fact, v, c.To)
		}
	}

	after := b.audit()
	for _, id := range append(settings, "facebook.public_view.posts") {
		if st := status(after, id); st != audit.Pass {
			t.Errorf("%s is %s after the fix, want PASS", id, st)
		}
	}

	// Undo the future posts change: the replica shows Public again.
	idx := -1
	for i, a := range before.Snapshot.Actions {
		if a.Change.Check == "facebook.future_posts_audience" {
			idx = i
		}
	}
	back, err := Undo(ctx(t), b.opts, before.Snapshot, idx, nil)
	if err != nil || !back.Verified {
		t.Fatalf("undo: %v (%s)", err, back.Seen)
	}
	if v, _ := b.site.State().Get(fbreplica.FactFuturePosts); v != audit.AudiencePublic {
		t.Errorf("future posts after undo = %q, want public", v)
	}
	if before.Snapshot.Actions[idx].Undone.IsZero() {
		t.Error("the undo is not recorded")
	}
}

// TestFixRefusals: a replica that ignores the change leaves it unverified
// with "the change did not take"; an unknown confirmation dialog stops the
// change unanswered; a value changed since the audit is not touched; a
// batch stops at the first of these.
func TestFixRefusals(t *testing.T) {
	b := newBench(t)
	b.fail()
	res := b.audit()
	changes := changesOf(Plan(res, b.cat, b.opts.Adapters))
	future, _ := find(changes, "facebook.future_posts_audience")
	search, _ := find(changes, "facebook.search_engine_link")
	lists, _ := find(changes, "facebook.friends_list_visibility")

	for _, tc := range []struct {
		name   string
		saving fbreplica.Saving
		change audit.Change
		want   error
		seen   string
	}{
		{"ignored audience", fbreplica.Saving{Ignore: true}, future, platforms.ErrNotTaken, "the change did not take: the page still shows Public"},
		{"ignored switch", fbreplica.Saving{Ignore: true}, search, platforms.ErrNotTaken, "the change did not take: the page still shows On"},
		{"unknown dialog", fbreplica.Saving{Confirm: "Confirm it's you"}, future, platforms.ErrUnexpected, "does not know (“Confirm it's you”)"},
		{"unknown dialog after Save", fbreplica.Saving{Confirm: "Confirm it's you"}, search, platforms.ErrUnexpected, "does not know (“Confirm it's you”)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b.site.SetSaving(tc.saving)
			defer b.site.SetSaving(fbreplica.Saving{})
			snap := audit.NewSnapshot(time.Now())
			acts, err := Apply(ctx(t), b.opts, snap, []audit.Change{tc.change, lists}, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if len(acts) != 1 || len(snap.Actions) != 1 {
				t.Fatalf("%d actions: the batch did not stop at the first failure", len(acts))
			}
			if acts[0].Verified || !strings.Contains(acts[0].Seen, tc.seen) {
				t.Errorf("action = verified %v, seen %q; want unverified, %q", acts[0].Verified, acts[0].Seen, tc.seen)
			}
			if v, _ := b.site.State().Get(tc.change.Fact); v != tc.change.From {
				t.Errorf("%s = %q on the replica, want it unchanged (%q)", tc.change.Fact, v, tc.change.From)
			}
			if v, _ := b.site.State().Get(lists.Fact); v != lists.From {
				t.Errorf("the change after the failed one was made")
			}
		})
	}

	t.Run("changed since the audit", func(t *testing.T) {
		if err := b.site.Set(fbreplica.FactFuturePosts, audit.AudienceOnlyMe); err != nil {
			t.Fatal(err)
		}
		acts, err := Apply(ctx(t), b.opts, nil, []audit.Change{future}, nil)
		if !errors.Is(err, platforms.ErrStale) || len(acts) != 1 || acts[0].Verified {
			t.Fatalf("err = %v, acts %+v; want ErrStale", err, acts)
		}
		if v, _ := b.site.State().Get(fbreplica.FactFuturePosts); v != audit.AudienceOnlyMe {
			t.Errorf("future posts = %q: changed although the page no longer showed what the audit read", v)
		}
	})
}

// TestDeclineConfirmedPatientRequest: a pending request from a confirmed
// patient is declined, one by one, and proved gone by reading the list
// again; the other requests stay.
func TestDeclineConfirmedPatientRequest(t *testing.T) {
	b := newBench(t)
	res := b.audit()
	reqs := res.Snapshot.PendingRequests
	if len(reqs) < 2 {
		t.Fatalf("the replica has %d pending requests, want at least 2", len(reqs))
	}
	patient := reqs[0]
	// As the patient-requests check reports a confirmed patient: one
	// finding per person, the profile as its link.
	res.Findings = append(res.Findings, audit.Finding{CheckID: "connections.patient_requests", Platform: audit.Facebook,
		Subject: "p-1", Status: audit.Fail, Severity: audit.SeverityHigh, FixURL: patient.URL})
	var decline *audit.Change
	for _, it := range Plan(res, b.cat, b.opts.Adapters) {
		if it.Finding.Subject == "p-1" {
			decline = it.Change
		}
	}
	if decline == nil || decline.Subject != patient.Name || !decline.OneShot {
		t.Fatalf("planned %+v, want a one-shot decline of the patient's request", decline)
	}
	acts, err := Apply(ctx(t), b.opts, res.Snapshot, []audit.Change{*decline}, nil)
	if err != nil || len(acts) != 1 || !acts[0].Verified {
		t.Fatalf("decline: %v %+v", err, acts)
	}
	left := b.site.State().Account().Requests
	if len(left) != len(reqs)-1 {
		t.Errorf("%d requests left, want %d", len(left), len(reqs)-1)
	}
	for _, r := range left {
		if r.Name == patient.Name {
			t.Error("the patient's request is still pending")
		}
	}
}
