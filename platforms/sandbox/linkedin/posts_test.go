package linkedin

import (
	"testing"

	"chaperone/audit"
	"chaperone/audit/scan"
	"chaperone/platforms/sandbox"
)

// TestDemoPostsForTheScanner: the scanner flags the patient story and
// the NHS number among the demo's posts, and nothing in the plain ones.
func TestDemoPostsForTheScanner(t *testing.T) {
	sc, err := scan.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := DemoAccount(sandbox.DemoPersona())
	snap := audit.NewSnapshot(demoEpoch)
	for _, p := range a.Posts {
		snap.Posts = append(snap.Posts, audit.Post{Platform: audit.LinkedIn, ID: p.ID, Text: p.Text, At: p.At, Audience: p.Audience, Source: audit.SourceSettings})
	}
	flagged := map[string][]string{}
	for _, c := range sc.Checks() {
		for _, f := range c.Run(snap, audit.LinkedIn) {
			if f.Status == audit.Warn || f.Status == audit.Fail {
				flagged[c.ID] = append(flagged[c.ID], f.Title)
			}
		}
	}
	for _, id := range []string{scan.CheckID(scan.PatientStory), scan.CheckID(scan.Identifier)} {
		if len(flagged[id]) == 0 {
			t.Errorf("%s: no demo post flagged (flags %v)", id, flagged)
		}
	}
	n := 0
	for _, l := range flagged {
		n += len(l)
	}
	if n > 3 {
		t.Errorf("%d flags on %d posts, the plain posts should pass: %v", n, len(a.Posts), flagged)
	}
}
