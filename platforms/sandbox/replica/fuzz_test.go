package replica

import (
	"net/url"
	"strings"
	"testing"
)

func FuzzDecodeCursor(f *testing.F) {
	for _, s := range []string{"", EncodeCursor(0), EncodeCursor(20), EncodeCursor(1 << 20), "AQH", "AQHeyJvIjotMX0", "AQH!!", "garbage", "AQHeyJvIjoxLjV9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		off, err := DecodeCursor(s)
		if err != nil {
			return
		}
		if off < 0 || off > 1<<20 {
			t.Fatalf("DecodeCursor(%q) = %d out of range", s, off)
		}
		if back, err := DecodeCursor(EncodeCursor(off)); err != nil || back != off {
			t.Fatalf("re-encoding %d gave %d, %v", off, back, err)
		}
	})
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/settings?tab=privacy", "//evil.example/", "https://evil.example/", "/\\evil", "/a b", "/%2F%2Fx", "", "javascript:alert(1)", "/ok#frag", "/?next=//x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SafeNext(s)
		if got == "" {
			return
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\r\n\t") {
			t.Fatalf("SafeNext(%q) = %q leaves the site", s, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" {
			t.Fatalf("SafeNext(%q) = %q parses with host %q", s, got, u.Host)
		}
		if again := SafeNext(got); again != got {
			t.Fatalf("SafeNext not stable: %q -> %q -> %q", s, got, again)
		}
	})
}

func FuzzNormalisePhone(f *testing.F) {
	for _, s := range []string{"+44 7700 900461", "07700900461", "0044 7700-900461", "447700900461", "(01632) 960 001", "+", "abc", "0000000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := NormalisePhone(s)
		if d == "" {
			return
		}
		if strings.Trim(d, "0123456789") != "" || len(d) < 9 || len(d) > 11 {
			t.Fatalf("NormalisePhone(%q) = %q", s, d)
		}
	})
}
