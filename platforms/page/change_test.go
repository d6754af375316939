package page

import (
	"slices"
	"testing"

	"chaperone/audit"
)

func TestControlValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Control
		ok   bool
	}{
		{"switch", Control{Kind: "switch"}, true},
		{"select", Control{Kind: "select"}, true},
		{"dialog", Control{Kind: "dialog", Open: []string{"Edit"}, Save: []string{"Save"}, Done: []string{"Done"}}, true},
		{"dialog without done", Control{Kind: "dialog", Open: []string{"Edit"}, Save: []string{"Save"}}, false},
		{"dialog without open", Control{Kind: "dialog", Save: []string{"Save"}, Done: []string{"Done"}}, false},
		{"confirm", Control{Kind: "confirm", Open: []string{"Limit"}, Confirm: []string{"Limit"}, Done: []string{"Close"}}, true},
		{"confirm without confirm", Control{Kind: "confirm", Open: []string{"Limit"}, Done: []string{"Close"}}, false},
		{"unknown kind", Control{Kind: "slider"}, false},
	} {
		if err := tc.c.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: Validate = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

func TestWordsFor(t *testing.T) {
	f := Fact{ID: "x.a", Values: map[string]string{"Only me": audit.AudienceOnlyMe, "Friends": audit.AudienceFriends, "Just me": audit.AudienceOnlyMe}}
	got := f.WordsFor(audit.AudienceOnlyMe)
	slices.Sort(got)
	if !slices.Equal(got, []string{"Just me", "Only me"}) {
		t.Errorf("WordsFor(only_me) = %q", got)
	}
	if got := f.WordsFor(audit.AudiencePublic); len(got) != 0 {
		t.Errorf("WordsFor(public) = %q, want none", got)
	}
	sw := Fact{ID: "x.b", Switch: true, Values: map[string]string{"Yes": audit.On}}
	if got := sw.WordsFor(audit.Off); !slices.Equal(got, []string{audit.Off}) {
		t.Errorf("switch WordsFor(off) = %q, want the switch state", got)
	}
}
