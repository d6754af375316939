package scan

import (
	"strings"
	"testing"
	"time"

	"chaperone/assets"
	"chaperone/audit"
)

// TestChecks: the checks route each category's findings per post and per
// platform. They run on the rules alone, whose verdicts on these posts are
// fixed: what the classifier adds is measured by make eval, not pinned
// here.
func TestChecks(t *testing.T) {
	sc, err := NewRules(assets.FS)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	snap := audit.NewSnapshot(at)
	snap.Coverage = []audit.Coverage{{Platform: audit.Facebook, Source: audit.SourcePublicView}, {Platform: audit.X, Source: audit.SourceExport}}
	snap.Posts = []audit.Post{
		{Platform: audit.Facebook, ID: "fb1", Text: "Mrs Higgins in bed 4, NHS 943 476 5919, wants a call", Public: true, At: at},
		{Platform: audit.Facebook, ID: "fb2", Text: "Frequent flyer back in majors again", Audience: audit.AudienceFriends},
		{Platform: audit.Facebook, ID: "fb3", Text: "Lovely walk with the dog today"},
	}
	byID := map[string]audit.Check{}
	for _, c := range sc.Checks() {
		byID[c.ID] = c
		if c.Title == "" || c.Remediation == "" || c.Rationale == "" {
			t.Errorf("check %s lacks a title, rationale or remediation", c.ID)
		}
	}
	if len(byID) != len(Categories) {
		t.Fatalf("%d checks, want one per category", len(byID))
	}

	ids := byID[CheckID(Identifier)].Run(snap, audit.Facebook)
	if len(ids) != 1 || ids[0].Subject != "fb1" || ids[0].Status != audit.Fail {
		t.Fatalf("identifier findings = %+v, want one FAIL for fb1", ids)
	}
	for _, ev := range ids[0].Evidence {
		if strings.Contains(ev.What, "Higgins") || strings.Contains(ev.What, "5919") {
			t.Errorf("evidence leaks an identifier: %q", ev.What)
		}
	}
	der := byID[CheckID(Derogatory)].Run(snap, audit.Facebook)
	if len(der) != 1 || der[0].Subject != "fb2" || der[0].Status != audit.Warn {
		t.Errorf("derogatory findings = %+v, want one WARN for fb2", der)
	}
	coi := byID[CheckID(ConflictOfInterest)].Run(snap, audit.Facebook)
	if len(coi) != 1 || coi[0].Status != audit.Pass || coi[0].Subject != "" {
		t.Errorf("clean category = %+v, want one account-wide PASS", coi)
	}
	none := byID[CheckID(Identifier)].Run(snap, audit.X)
	if len(none) != 1 || none[0].Status != audit.Unknown {
		t.Errorf("no posts read = %+v, want UNKNOWN", none)
	}
}

// Findings about posts read as a doctor would say them: a dated title,
// when and how the post was read, a redacted excerpt, no rule names; and a
// post that identifies a patient fails whoever can see it.
func TestPostFindingWording(t *testing.T) {
	sc := defaultScanner(t)
	written := time.Date(2025, 8, 30, 21, 0, 0, 0, time.UTC)
	read := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	snap := audit.NewSnapshot(read)
	snap.Coverage = []audit.Coverage{{Platform: audit.Facebook, Source: audit.SourceSettings, Finished: read}}
	snap.Posts = []audit.Post{{Platform: audit.Facebook, ID: "fb9", URL: "https://www.facebook.com/p/9", Source: audit.SourceSettings,
		Text: "Mrs Higgins in bed 4, NHS 943 476 5919, wants a call", Audience: audit.AudienceOnlyMe, At: written}}
	var check audit.Check
	for _, c := range sc.Checks() {
		if c.ID == CheckID(Identifier) {
			check = c
		}
	}
	fs := check.Run(snap, audit.Facebook)
	if len(fs) != 1 {
		t.Fatalf("%d findings", len(fs))
	}
	f := fs[0]
	if f.Status != audit.Fail {
		t.Errorf("identifying post seen only by its author: %s, want FAIL whatever the audience", f.Status)
	}
	if f.Title != "Post of 30 Aug 2025 may identify a patient" {
		t.Errorf("title %q", f.Title)
	}
	for _, ev := range f.Evidence {
		if !ev.At.Equal(read) || ev.Source != audit.SourceSettings || ev.URL == "" {
			t.Errorf("evidence %+v: want read time, source and the post's address", ev)
		}
		for _, rule := range []string{"nhs_number", "patient_name", "_"} {
			if strings.Contains(ev.What, rule) {
				t.Errorf("evidence names a rule: %q", ev.What)
			}
		}
	}
	for _, r := range []string{"nhs_number", "patient_name"} {
		if strings.Contains(f.Reason, r) {
			t.Errorf("reason names a rule: %q", f.Reason)
		}
	}
}
