package replica

import "testing"

func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/settings?tab=privacy", "/settings?tab=privacy"},
		{"/accounts/login/two_factor/?next=%2F", "/accounts/login/two_factor/?next=%2F"},
		{"", ""},
		{"settings", ""},
		{"//elsewhere.example/", ""},
		{"https://elsewhere.example/", ""},
		{"/\\elsewhere.example", ""},
		{"/%2F ", ""}, // re-encoded it would be "//%20": another host
		{"/%2Felsewhere.example", "/%2Felsewhere.example"}, // an escaped slash stays a path here
		{"/a\tb", ""},
	} {
		if got := SafeNext(tc.in); got != tc.want {
			t.Errorf("SafeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
