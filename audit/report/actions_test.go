package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/report/reporttest"
)

// TestActionsTaken: the changes Chaperone made are listed (setting, old →
// new, time, confirmed or not) and counted; declined requests are one
// counted line, and the person's name reaches no format.
func TestActionsTaken(t *testing.T) {
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	_, cur := reporttest.Results(g, prevAt, curAt)
	at := curAt.Add(10 * time.Minute)
	const person = "Imogen Quarrington-Vale"
	cur.Snapshot.Actions = []audit.Action{
		{Change: audit.Change{Platform: audit.Facebook, Label: "Who can see your future posts?", From: audit.AudiencePublic, To: audit.AudienceFriends}, At: at, Verified: true},
		{Change: audit.Change{Platform: audit.Facebook, Label: "Do you want search engines outside of Facebook to link to your profile?", From: audit.On, To: audit.Off}, At: at, Seen: "the change did not take: the page still shows Yes"},
		{Change: audit.Change{Platform: audit.Facebook, Label: "Who can see your friends list?", From: audit.AudiencePublic, To: audit.AudienceOnlyMe}, At: at, Verified: true, Undone: at.Add(time.Minute)},
		{Change: audit.Change{Platform: audit.Facebook, Label: "Decline a friend request", OneShot: true, Subject: person}, At: at, Verified: true, Seen: "declined " + person},
		{Change: audit.Change{Platform: audit.Facebook, Label: "Decline a friend request", OneShot: true, Subject: person + " II"}, At: at, Verified: true},
	}
	r, err := Build(Input{Current: cur, Guideline: g, Now: at})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.MadeCounts, (audit.ActionCounts{Total: 5, Verified: 4, NotVerified: 1, Undone: 1}); got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	if len(r.Made) != 4 {
		t.Fatalf("%d lines, want 3 settings and one for the declined requests: %+v", len(r.Made), r.Made)
	}
	for i, want := range []Made{
		{Platform: "Facebook", Setting: "Who can see your future posts?", From: "Public", To: "Friends", At: at, Verified: true},
		{Platform: "Facebook", Setting: "Do you want search engines outside of Facebook to link to your profile?", From: "On", To: "Off", At: at},
		{Platform: "Facebook", Setting: "Who can see your friends list?", From: "Public", To: "Only me", At: at, Verified: true, Undone: true},
		{Platform: "Facebook", Setting: "Decline a friend request", At: at, Verified: true, OneShot: true},
	} {
		if r.Made[i] != want {
			t.Errorf("line %d = %+v, want %+v", i, r.Made[i], want)
		}
	}
	html, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	var js, csv bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&csv, r); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"html": string(html), "json": js.String(), "csv": csv.String()} {
		if strings.Contains(text, "Quarrington") {
			t.Errorf("%s names the person an action was about", name)
		}
	}
	for _, want := range []string{"Changed through Chaperone: 5 changes, 4 confirmed by reading the page again, 1 undone", "Public → Friends", "one-off action"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if !strings.Contains(csv.String(), "action_made,Facebook,Who can see your future posts?,confirmed,Public -> Friends") {
		t.Errorf("csv lacks the change:\n%s", csv.String())
	}
}
