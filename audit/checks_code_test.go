package audit

import "testing"

// TestDescribeSession: a session reads once as "last active ...", however
// the network words its time.
func TestDescribeSession(t *testing.T) {
	for _, tc := range []struct {
		se   Session
		want string
	}{
		{Session{Device: "iPhone (LinkedIn App)", Location: "Leeds, UK", LastActive: "Active 2 days ago"}, "iPhone (LinkedIn App), Leeds, UK, last active 2 days ago"},
		{Session{Device: "Edge on Windows", LastActive: "Last active 3 weeks ago"}, "Edge on Windows, last active 3 weeks ago"},
		{Session{Device: "iPad", LastActive: "14 weeks ago"}, "iPad, last active 14 weeks ago"},
		{Session{Device: "Pixel", LastActive: "Active now"}, "Pixel, last active now"},
		{Session{Device: "Pixel", LastActive: "Activeness unknown"}, "Pixel, last active Activeness unknown"},
		{Session{Device: " ", LastActive: " "}, "unnamed device"},
	} {
		if got := describeSession(tc.se); got != tc.want {
			t.Errorf("describeSession(%+v) = %q, want %q", tc.se, got, tc.want)
		}
	}
}
