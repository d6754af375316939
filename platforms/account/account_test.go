package account

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chaperone/audit"
	"chaperone/audit/vault"
)

func TestAddListRemove(t *testing.T) {
	dir := t.TempDir()
	kr := vault.Memory()
	s := Open(dir, kr)
	if got, err := s.List(); err != nil || len(got) != 0 {
		t.Fatalf("empty store: %v, %v", got, err)
	}
	for _, a := range []Account{
		{Platform: audit.X, User: "drsb"},
		{Platform: audit.Facebook, User: "sarah@example.org"},
	} {
		if err := s.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetPassword(audit.Facebook, "sarah@example.org", "correct horse"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.List()
	if len(got) != 2 || got[0].Platform != audit.Facebook || got[1].Platform != audit.X {
		t.Fatalf("List = %+v, want facebook then x", got)
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "accounts.json"))
	if strings.Contains(string(raw), "correct horse") {
		t.Fatal("password written to the accounts file")
	}
	pw, totp, err := s.Login(context.Background(), audit.Facebook, "sarah@example.org")
	if err != nil || pw != "correct horse" || totp != "" {
		t.Fatalf("Login = %q, %q, %v", pw, totp, err)
	}
	if err := os.MkdirAll(s.ProfileDir(audit.Facebook, "sarah@example.org"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := s.Remove(audit.Facebook, "sarah@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Login(context.Background(), audit.Facebook, "sarah@example.org"); !errors.Is(err, ErrNoPassword) {
		t.Fatalf("password survived removal: %v", err)
	}
	if _, err := os.Stat(s.ProfileDir(audit.Facebook, "sarah@example.org")); !os.IsNotExist(err) {
		t.Fatal("browser profile survived removal")
	}
	if err := s.Remove(audit.Facebook, "sarah@example.org"); err == nil {
		t.Fatal("removing a missing account should fail")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		p    audit.Platform
		user string
		ok   bool
	}{
		{audit.Facebook, "a@b.c", true},
		{"myspace", "a", false},
		{audit.X, "  ", false},
	}
	for _, tc := range tests {
		if err := Validate(tc.p, tc.user); (err == nil) != tc.ok {
			t.Errorf("Validate(%q, %q) = %v", tc.p, tc.user, err)
		}
	}
}

func TestTOTPSecretNormalised(t *testing.T) {
	s := Open(t.TempDir(), vault.Memory())
	_ = s.SetPassword(audit.Facebook, "u", "p")
	if err := s.SetTOTPSecret(audit.Facebook, "u", " jbsw y3dp "); err != nil {
		t.Fatal(err)
	}
	_, totp, err := s.Login(context.Background(), audit.Facebook, "u")
	if err != nil || totp != "JBSWY3DP" {
		t.Fatalf("totp = %q, %v", totp, err)
	}
}

func TestCorruptAccountsFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "accounts.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := Open(dir, vault.Memory())
	if _, err := s.List(); err == nil {
		t.Fatal("corrupt file should give an error")
	}
	// The damaged file is left for the doctor to inspect, not overwritten.
	if err := s.Add(Account{Platform: audit.X, User: "u"}); err == nil {
		t.Fatal("adding over a corrupt file should fail rather than lose it")
	}
}

func TestProfileDirIsContained(t *testing.T) {
	s := Open("/data", vault.Memory())
	got := s.ProfileDir(audit.Facebook, "../../etc/passwd")
	if !strings.HasPrefix(got, "/data/profiles/") || strings.Contains(got[len("/data/profiles/"):], "/") {
		t.Fatalf("ProfileDir escaped: %q", got)
	}
}

func TestLockedKeyring(t *testing.T) {
	s := Open(t.TempDir(), lockedKeyring{})
	err := s.SetPassword(audit.Facebook, "u", "p")
	if !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("got %v, want ErrLocked", err)
	}
	if _, _, err := s.Login(context.Background(), audit.Facebook, "u"); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("got %v, want ErrLocked", err)
	}
}

type lockedKeyring struct{}

func (lockedKeyring) Get(string, string) (string, error) { return "", vault.ErrLocked }
func (lockedKeyring) Set(string, string, string) error   { return vault.ErrLocked }
func (lockedKeyring) Delete(string, string) error        { return vault.ErrLocked }
