package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chaperone/audit"
	"chaperone/audit/vault"
)

// TestAuditDemo runs `chaperone audit --demo` end to end: the in-process
// sandbox, real headless Chromium, the checks and both output formats.
func TestAuditDemo(t *testing.T) {
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("needs Chromium")
	}
	r := newRun(t, vault.Memory(), "")
	out := filepath.Join(t.TempDir(), "result.json")
	code := Main(context.Background(), r.env, []string{"audit", "--demo", "--platform", "facebook", "--format", "json", "--out", out})
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, r.stderr)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("result file mode %v, want 0600", fi.Mode().Perm())
	}
	f, _ := os.Open(out)
	defer f.Close()
	res, err := audit.DecodeResult(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(out)
	var generic map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil || generic["schema"] != float64(1) {
		t.Fatalf("want \"schema\": 1 in the JSON, got %v (%v)", generic["schema"], err)
	}
	byCheck := map[string]audit.Status{}
	for _, f := range res.Findings {
		if f.Platform != audit.Facebook {
			t.Errorf("finding for %s in a facebook-only audit", f.Platform)
		}
		if f.Subject == "" {
			byCheck[f.CheckID] = f.Status
		}
	}
	// The demo GP posts to Public by default and has two-factor on.
	wantFact := map[string]string{
		"facebook.future_posts_audience": audit.AudiencePublic,
		"facebook.two_factor":            audit.On,
		"facebook.login_alerts":          audit.Off,
	}
	for id, want := range wantFact {
		if got := res.Snapshot.Facts[id].Value; got != want {
			t.Errorf("fact %s = %q, want %q", id, got, want)
		}
	}
	if res.Score.Counts[audit.Fail] == 0 || res.Score.Counts[audit.Pass] == 0 {
		t.Errorf("the demo should have both failures and passes: %v", res.Score.Counts)
	}
	if res.Score.Overall <= 0 || res.Score.Overall >= 100 {
		t.Errorf("demo score %d, want strictly between 0 and 100", res.Score.Overall)
	}
	if !strings.Contains(r.stderr.String(), "Facebook") {
		t.Errorf("no progress on stderr: %q", r.stderr)
	}

	// The text form of the same result reads as a checklist.
	var sb strings.Builder
	g, err := audit.DefaultGuideline()
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&sb, res, g); err != nil {
		t.Fatal(err)
	}
	text := sb.String()
	for _, want := range []string{"Score:", "Facebook:", "FAIL", "PASS", "clause: BMA", "fix:"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q", want)
		}
	}
}
