package x

import "testing"

func FuzzParseVars(f *testing.F) {
	for _, s := range []string{`{"userId":"12","count":20}`, `{"userId":"12","cursor":"1|AQHeyJvIjoyMH0"}`, `{}`, `{"userId":"1a"}`, ``, `[`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := parseVars(raw)
		if err == nil && (v.UserID == "" || len(raw) > 4096) {
			t.Fatalf("accepted %q as %+v", raw, v)
		}
	})
}
