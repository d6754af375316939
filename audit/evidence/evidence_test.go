package evidence

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chaperone/audit"
	"chaperone/audit/vault"
)

// png is a minimal PNG-looking payload (the magic and a marker a test can
// look for in the sealed file).
var png = append([]byte("\x89PNG\r\n\x1a\n"), []byte("Dr Jane Example's friend Alice Patient")...)

func box(t testing.TB, kr vault.Keyring) *vault.Box {
	t.Helper()
	b, err := vault.NewBox(kr, KeyName)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestKeepAndOpen(t *testing.T) {
	kr := vault.Memory()
	dir := t.TempDir()
	s := New(dir, box(t, kr))
	path, err := s.Keep(audit.Facebook, "facebook.two_factor", png)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "facebook", "facebook-two_factor"+Ext); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("Alice Patient")) || bytes.Contains(raw, []byte("PNG")) {
		t.Fatal("the file holds the screenshot in clear")
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	// The app opens it with a box over the same keyring key.
	got, err := Open(box(t, kr), path)
	if err != nil || !bytes.Equal(got, png) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	// Replaced by a later screenshot of the same fact.
	later := append(bytes.Clone(png), '!')
	if p2, err := s.Keep(audit.Facebook, "facebook.two_factor", later); err != nil || p2 != path {
		t.Fatalf("Keep again = %s, %v", p2, err)
	}
	if got, _ := Open(box(t, kr), path); !bytes.Equal(got, later) {
		t.Error("the later screenshot did not replace the first")
	}
}

func TestOpenRefuses(t *testing.T) {
	kr := vault.Memory()
	dir := t.TempDir()
	s := New(dir, box(t, kr))
	a, err := s.Keep(audit.Facebook, "facebook.a", png)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Keep(audit.Facebook, "facebook.x", []byte("GIF89a")); err == nil {
		t.Error("a GIF was kept as a PNG")
	}

	// Another key (a reset keyring) does not open it.
	if _, err := Open(box(t, vault.Memory()), a); !errors.Is(err, ErrNotScreenshot) {
		t.Errorf("other key: %v", err)
	}
	// Renamed to pass for another fact's screenshot.
	b := filepath.Join(filepath.Dir(a), "facebook-b"+Ext)
	if err := os.Rename(a, b); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(box(t, kr), b); !errors.Is(err, ErrNotScreenshot) {
		t.Errorf("renamed: %v", err)
	}
	// A PNG in clear is not a sealed screenshot.
	clear := filepath.Join(dir, "facebook", "clear"+Ext)
	if err := os.WriteFile(clear, png, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(box(t, kr), clear); !errors.Is(err, ErrNotScreenshot) {
		t.Errorf("clear PNG: %v", err)
	}
	if _, err := Open(box(t, kr), filepath.Join(dir, "x.png")); !errors.Is(err, ErrNotScreenshot) {
		t.Errorf("wrong extension: %v", err)
	}
	if _, err := Open(box(t, kr), filepath.Join(dir, "facebook")+"/"+Ext); err == nil {
		t.Error("a missing file opened")
	}
	big := filepath.Join(dir, "facebook", "big"+Ext)
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := Open(box(t, kr), big); err == nil || !strings.Contains(err.Error(), "limit of 32 MB") {
		t.Errorf("oversized: %v", err)
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"facebook.two_factor":          "facebook-two_factor",
		"facebook.public_view.friends": "facebook-public_view-friends",
		"../../etc/passwd":             "------etc-passwd",
		"":                             "-",
	} {
		if got := safe(in); got != want {
			t.Errorf("safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzOpenSealed(f *testing.F) {
	b := box(f, vault.Memory())
	path := "/x/facebook/facebook-a" + Ext
	sealed, err := b.Seal(png, aad(path))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed)
	f.Add([]byte{1})
	f.Add(png)
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := openSealed(b, data, path)
		if err == nil && !bytes.HasPrefix(got, pngMagic) {
			t.Fatalf("opened to a non-PNG %q", got)
		}
		if err != nil && !errors.Is(err, ErrNotScreenshot) {
			t.Fatalf("error %v is not ErrNotScreenshot", err)
		}
	})
}
