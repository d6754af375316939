package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"chaperone/audit/vault"
)

func TestFixUsage(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		contains string
	}{
		{[]string{"fix"}, "--check ID, or --all-high"},
		{[]string{"fix", "--check", "facebook.tag_review", "--all-high"}, "--check ID, or --all-high"},
		{[]string{"fix", "--all-high", "extra"}, "unexpected argument"},
		{[]string{"fix", "--all-high", "--platform", "myspace"}, "unknown platform"},
		{[]string{"fix", "--all-high"}, "no accounts yet"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := newRun(t, vault.Memory(), "")
			if code := Main(context.Background(), r.env, tc.args); code != 2 {
				t.Fatalf("exit %d, want 2; stderr: %s", code, r.stderr)
			}
			if out := r.stdout.String() + r.stderr.String(); !strings.Contains(out, tc.contains) {
				t.Fatalf("output %q does not contain %q", out, tc.contains)
			}
		})
	}
}

// TestFixDemo: the preview says exactly what will change; answering no
// changes nothing; --yes changes it and confirms it by a fresh read;
// two-factor and the like get steps by hand.
func TestFixDemo(t *testing.T) {
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("needs Chromium")
	}
	args := []string{"fix", "--demo", "--platform", "facebook", "--check", "facebook.future_posts_audience"}
	no := newRun(t, vault.Memory(), "n\n")
	if code := Main(context.Background(), no.env, args); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, no.stderr)
	}
	for _, want := range []string{"Facebook: Who can see your future posts?: Public → Friends, on http://127.0.0.1:", "Make 1 change? [y/N]", "Nothing was changed."} {
		if !strings.Contains(no.stdout.String(), want) {
			t.Errorf("answering no: output lacks %q:\n%s", want, no.stdout)
		}
	}
	yes := newRun(t, vault.Memory(), "")
	if code := Main(context.Background(), yes.env, append(args, "--yes")); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s\nstdout:\n%s", code, yes.stderr, yes.stdout)
	}
	if want := "done, checked by reading the page again (read again after the change: Friends)"; !strings.Contains(yes.stdout.String(), want) {
		t.Errorf("--yes: output lacks %q:\n%s", want, yes.stdout)
	}
}
