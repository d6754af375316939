package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"chaperone/audit"
	"chaperone/audit/vault"
	"chaperone/platforms/networks"
)

type run struct {
	env            Env
	stdout, stderr *bytes.Buffer
}

func newRun(t *testing.T, kr vault.Keyring, stdin string) *run {
	t.Helper()
	dir := t.TempDir()
	r := &run{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	r.env = Env{
		Stdin: strings.NewReader(stdin), Stdout: r.stdout, Stderr: r.stderr,
		Keyring: kr, DataDir: func() (string, error) { return dir, nil },
		Adapters: networks.Adapters(), Replicas: networks.Replicas(),
	}
	return r
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"--help"}, 0, "Commands:"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"audit", "--format", "xml"}, 2, "--format must be text or json"},
		{[]string{"audit", "--platform", "myspace"}, 2, "unknown platform"},
		{[]string{"audit", "--endpoint", "facebook"}, 2, "PLATFORM=URL"},
		{[]string{"audit", "--endpoint", "facebook=ftp://x"}, 2, "http://"},
		{[]string{"audit"}, 2, "no accounts yet"},
		{[]string{"sandbox", "--addr", "0.0.0.0:8080"}, 2, "not a loopback"},
		{[]string{"account"}, 2, "add|list|remove"},
		{[]string{"account", "add", "--platform", "facebook"}, 2, "user name"},
		{[]string{"account", "add", "--platform", "facebook", "--user", "u"}, 2, "no password"},
		{[]string{"version"}, 0, "chaperone"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := newRun(t, vault.Memory(), "")
			code := Main(context.Background(), r.env, tc.args)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, r.stderr)
			}
			if out := r.stdout.String() + r.stderr.String(); !strings.Contains(out, tc.contains) {
				t.Fatalf("output %q does not contain %q", out, tc.contains)
			}
		})
	}
}

func TestIsCommand(t *testing.T) {
	for args, want := range map[string]bool{"": false, "audit": true, "--help": true, "-psn_0_1": false, "account": true} {
		if got := IsCommand(strings.Fields(args)); got != want {
			t.Errorf("IsCommand(%q) = %v", args, got)
		}
	}
}

func accountLifecycle(t *testing.T, kr vault.Keyring, user string) {
	t.Helper()
	r := newRun(t, kr, "hunter2-correct-horse\nJBSW Y3DP EHPK 3PXP\n")
	if code := Main(context.Background(), r.env, []string{"account", "add", "--platform", "facebook", "--user", user, "--totp"}); code != 0 {
		t.Fatalf("add: exit %d: %s", code, r.stderr)
	}
	dir, _ := r.env.DataDir()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, _ := os.ReadFile(dir + "/" + e.Name())
		if bytes.Contains(data, []byte("hunter2")) || bytes.Contains(data, []byte("JBSW")) {
			t.Fatalf("secret written to %s", e.Name())
		}
	}
	pw, err := kr.Get(vault.Service, "password:facebook:"+user)
	if err != nil || pw != "hunter2-correct-horse" {
		t.Fatalf("password in keyring = %q, %v", pw, err)
	}
	r.stdout.Reset()
	if code := Main(context.Background(), r.env, []string{"account", "list"}); code != 0 {
		t.Fatalf("list: exit %d: %s", code, r.stderr)
	}
	if out := r.stdout.String(); !strings.Contains(out, user) || !strings.Contains(out, "in keyring") || strings.Contains(out, "hunter2") {
		t.Fatalf("list output: %s", out)
	}
	if code := Main(context.Background(), r.env, []string{"account", "remove", "--platform", "facebook", "--user", user}); code != 0 {
		t.Fatalf("remove: exit %d: %s", code, r.stderr)
	}
	if _, err := kr.Get(vault.Service, "password:facebook:"+user); err == nil {
		t.Fatal("password left in the keyring after remove")
	}
}

func TestAccountMemoryKeyring(t *testing.T) {
	accountLifecycle(t, vault.Memory(), "gp@example.org")
}

// TestAccountRealKeyring runs the same lifecycle against the real Secret
// Service that `make test` starts (gnome-keyring under dbus-run-session).
func TestAccountRealKeyring(t *testing.T) {
	if os.Getenv("CHAPERONE_SKIP_KEYRING") == "1" {
		t.Skip("CHAPERONE_SKIP_KEYRING=1")
	}
	accountLifecycle(t, vault.System(), fmt.Sprintf("cli-test-%d@example.org", os.Getpid()))
}

func TestAccountLockedKeyringSavesNothing(t *testing.T) {
	r := newRun(t, lockedKeyring{}, "pw\n")
	code := Main(context.Background(), r.env, []string{"account", "add", "--platform", "facebook", "--user", "u@example.org"})
	if code != 1 || !strings.Contains(r.stderr.String(), "locked") {
		t.Fatalf("exit %d, stderr %q", code, r.stderr)
	}
	r.stdout.Reset()
	Main(context.Background(), r.env, []string{"account", "list"})
	if !strings.Contains(r.stdout.String(), "No accounts yet") {
		t.Fatalf("an account was recorded although its password could not be saved: %s", r.stdout)
	}
}

// A network with no live adapter is refused up front, with what works
// instead, and nothing is stored.
func TestAccountAddRefusesNetworkWithoutAdapter(t *testing.T) {
	// Whichever network has no live adapter yet.
	var p audit.Platform
	for _, q := range audit.Platforms {
		live := false
		for _, a := range networks.Adapters() {
			live = live || a.Platform() == q
		}
		if !live {
			p = q
			break
		}
	}
	if p == "" {
		t.Skip("every network is audited live")
	}
	kr := vault.Memory()
	r := newRun(t, kr, "pw\n")
	code := Main(context.Background(), r.env, []string{"account", "add", "--platform", string(p), "--user", "drgp"})
	if code != ExitUsage || !strings.Contains(r.stderr.String(), "cannot be audited live yet") ||
		!strings.Contains(r.stderr.String(), "--export") || !strings.Contains(r.stderr.String(), "checklist --platform "+string(p)) {
		t.Fatalf("exit %d, stderr %q", code, r.stderr)
	}
	if _, err := kr.Get(vault.Service, "password:"+string(p)+":drgp"); err == nil {
		t.Fatal("a password was stored for an account that was refused")
	}
	r.stdout.Reset()
	if code := Main(context.Background(), r.env, []string{"checklist", "--platform", string(p)}); code != 0 ||
		!strings.Contains(r.stdout.String(), audit.DefaultBaseURL(p)+"/") {
		t.Fatalf("manual checklist: exit %d, %s", code, r.stdout)
	}
}

type lockedKeyring struct{}

func (lockedKeyring) Get(string, string) (string, error) { return "", vault.ErrLocked }
func (lockedKeyring) Set(string, string, string) error   { return vault.ErrLocked }
func (lockedKeyring) Delete(string, string) error        { return vault.ErrLocked }

// The real command line keeps every completed audit, so that `report` and
// `history` find what `audit` did.
func TestDefaultEnvSavesToHistory(t *testing.T) {
	if DefaultEnv().Saved == nil {
		t.Fatal("DefaultEnv does not save audits to the history")
	}
}
