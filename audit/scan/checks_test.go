package scan

import (
	"strings"
	"testing"
	"time"

	"chaperone/audit"
)

func TestChecks(t *testing.T) {
	sc := defaultScanner(t)
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
		if len(c.Clauses) == 0 || c.Title == "" || c.Remediation == "" {
			t.Errorf("check %s lacks clauses, title or remediation", c.ID)
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

func TestRegisterChecks(t *testing.T) {
	if err := RegisterChecks(); err != nil {
		t.Fatal(err)
	}
	if err := RegisterChecks(); err != nil {
		t.Fatal(err)
	}
	for _, c := range Categories {
		if _, ok := audit.CheckByID(CheckID(c)); !ok {
			t.Errorf("check %s not registered", CheckID(c))
		}
	}
}
