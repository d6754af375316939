package audit

import (
	"testing"
	"time"
)

func TestValueWord(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{AudiencePublic, "Public"}, {AudienceOnlyMe, "Only me"}, {AudienceFriendsOfFriend, "Friends of friends"},
		{On, "On"}, {Off, "Off"}, {"", "(not read)"}, {"some_value", "Some value"}, {"ÉTÉ", "ÉTÉ"},
	} {
		if got := ValueWord(tc.in); got != tc.want {
			t.Errorf("ValueWord(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestActionUndoable(t *testing.T) {
	c := Change{Platform: Facebook, Label: "Who can see your future posts?", From: AudiencePublic, To: AudienceFriends}
	for _, tc := range []struct {
		name string
		a    Action
		want bool
	}{
		{"verified change", Action{Change: c, Verified: true}, true},
		{"not verified", Action{Change: c}, false},
		{"already undone", Action{Change: c, Verified: true, Undone: time.Now()}, false},
		{"one-shot", Action{Change: Change{Label: "Limit past posts", OneShot: true}, Verified: true}, false},
		{"old value unknown", Action{Change: Change{To: On}, Verified: true}, false},
	} {
		if got := tc.a.Undoable(); got != tc.want {
			t.Errorf("%s: Undoable = %v, want %v", tc.name, got, tc.want)
		}
	}
	if r := c.Reverse(); r.From != AudienceFriends || r.To != AudiencePublic {
		t.Errorf("Reverse = %+v", r)
	}
	if got := c.Describe(); got != "Who can see your future posts?: Public → Friends" {
		t.Errorf("Describe = %q", got)
	}
}

func TestCountActions(t *testing.T) {
	got := CountActions([]Action{{Verified: true}, {}, {Verified: true, Undone: time.Now()}})
	if want := (ActionCounts{Total: 3, Verified: 2, NotVerified: 1, Undone: 1}); got != want {
		t.Errorf("CountActions = %+v, want %+v", got, want)
	}
}
