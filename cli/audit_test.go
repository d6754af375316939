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
	"chaperone/platforms/account"
	"chaperone/platforms/sandbox"
	fbreplica "chaperone/platforms/sandbox/facebook"
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
		"facebook.login_alerts":          "partial", // in-app on, email off
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

// An audit that cannot read a chosen platform says so, exits 3, and keeps
// only what it read: with the site down nothing is saved; with one
// platform read and one not, the saved audit is marked incomplete and the
// missing platform is not scored.
func TestAuditIncompleteExitCodeAndHistory(t *testing.T) {
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("needs Chromium")
	}
	kr := vault.Memory()
	r := newRun(t, kr, "")
	var saved []*audit.Result
	r.env.Saved = func(res *audit.Result) error { saved = append(saved, res); return nil }
	dir, _ := r.env.DataDir()
	store := account.Open(dir, kr)

	srv := sandbox.NewHost(nil, fbreplica.NewSite)
	if err := srv.Start(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	fb := srv.Site(audit.Facebook).Login()
	if err := store.SetPassword(audit.Facebook, fb.User, fb.Password); err != nil {
		t.Fatal(err)
	}
	if err := store.SetTOTPSecret(audit.Facebook, fb.User, fb.TOTPSecret); err != nil {
		t.Fatal(err)
	}
	if err := store.Add(account.Account{Platform: audit.Facebook, User: fb.User, Origin: srv.URL(audit.Facebook)}); err != nil {
		t.Fatal(err)
	}
	// Stop the site before the audit: nothing can be read.
	srv.Close()
	code := Main(context.Background(), r.env, []string{"audit", "--timeout", "5s"})
	if code != ExitIncomplete {
		t.Fatalf("site down: exit %d, want %d; stderr:\n%s", code, ExitIncomplete, r.stderr)
	}
	if len(saved) != 0 {
		t.Fatalf("an audit that read nothing was saved")
	}
	for _, want := range []string{"Facebook was not audited", "could not be reached", "not saved"} {
		if !strings.Contains(r.stderr.String(), want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
	if out := r.stdout.String(); !strings.Contains(out, "Score: none") || strings.Contains(out, "0/100") {
		t.Errorf("text output of an audit that read nothing:\n%s", out)
	}

	// Site back, plus an account on a network with no live adapter.
	srv2 := sandbox.NewHost(srv.Persona(), fbreplica.NewSite)
	if err := srv2.Start(context.Background(), strings.TrimPrefix(srv.URL(audit.Facebook), "http://")); err != nil {
		t.Fatal(err)
	}
	defer srv2.Close()
	if err := store.Add(account.Account{Platform: audit.TikTok, User: "drdemo"}); err != nil {
		t.Fatal(err)
	}
	r.stdout.Reset()
	r.stderr.Reset()
	code = Main(context.Background(), r.env, []string{"audit", "--format", "json"})
	if code != ExitIncomplete {
		t.Fatalf("one platform not read: exit %d, want %d; stderr:\n%s", code, ExitIncomplete, r.stderr)
	}
	if len(saved) != 1 {
		t.Fatalf("%d audits saved, want the incomplete one; stderr:\n%s", len(saved), r.stderr)
	}
	res := saved[0]
	if res.Complete() || len(res.NotAudited()) != 1 || res.NotAudited()[0].Problem != audit.ProblemNotSupported {
		t.Fatalf("saved audit: complete %v, not audited %+v", res.Complete(), res.NotAudited())
	}
	if _, ok := res.Score.PerPlatform[audit.TikTok]; ok {
		t.Error("TikTok scored although it was not audited")
	}
	for _, f := range res.Findings {
		if f.Platform == audit.TikTok {
			t.Errorf("finding for TikTok, which was not audited: %s", f.CheckID)
		}
	}
	if fbOnly := res.Score.PerPlatform[audit.Facebook]; res.Score.Overall != fbOnly {
		t.Errorf("overall %d, want Facebook's %d: a platform not read must not pull the score down", res.Score.Overall, fbOnly)
	}
}
