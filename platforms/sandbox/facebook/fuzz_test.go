package facebook

import "testing"

func FuzzParseAPIRequest(f *testing.F) {
	f.Add("CometSettingsPageQuery", `{"tab":"privacy"}`, "abc")
	f.Add("ProfileCometAppCollectionListRendererPaginationQuery", `{"id":"1","cursor":"","count":20}`, "")
	f.Add("", "", "")
	f.Add("X", "null", "")
	f.Add("X", "[1,2]", "")
	f.Add("X", `{"count":1e309}`, "")
	f.Fuzz(func(t *testing.T, name, vars, dtsg string) {
		req, err := parseAPIRequest(name, vars, dtsg)
		if err != nil {
			return
		}
		if req.Name == "" || req.Vars == nil {
			t.Fatalf("accepted request without name or vars: %+v", req)
		}
		if n := req.num("count", 20); n < 0 || n > 1000 {
			t.Fatalf("count %d out of range", n)
		}
		_ = req.str("cursor")
	})
}
