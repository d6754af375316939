package watchlist

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/vault"
)

// The names are invented; the tests look for them in the stored files.
const sampleCSV = "Name,Year of birth,Town\nQuentin Zebedee-Farthing,1984,Harrogate\nOdessa Pumpernickel,1990,Ripon\n"

var secrets = []string{"Quentin", "Zebedee", "Farthing", "Odessa", "Pumpernickel", "Harrogate", "Ripon"}

// assertNotOnDisk fails if any secret word is readable anywhere under dir,
// in any case, or base64-free plain form.
func assertNotOnDisk(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		low := bytes.ToLower(data)
		for _, s := range secrets {
			if bytes.Contains(low, []byte(strings.ToLower(s))) {
				t.Errorf("%s contains a watch-list word in plain text", filepath.Base(path))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestStoreSealsListAndDecisions(t *testing.T) {
	dir := t.TempDir()
	kr := vault.Memory()
	s := Open(kr, dir)
	n, err := s.Import(strings.NewReader(sampleCSV))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("imported %d, want 2", n)
	}
	// Importing again adds nobody.
	if n, err := s.Import(strings.NewReader(sampleCSV)); err != nil || n != 0 {
		t.Fatalf("re-import added %d (%v), want 0", n, err)
	}
	rv, err := s.Review()
	if err != nil {
		t.Fatal(err)
	}
	conn := audit.Connection{Platform: audit.Facebook, Name: "Quentin Farthing", Handle: "qzf84"}
	id := rv.ConnID(conn)
	if strings.Contains(strings.ToLower(id), "quentin") || strings.Contains(id, "qzf") {
		t.Fatal("connection ID reveals the name")
	}
	if err := s.Decide(Decision{Conn: id, Person: rv.People[0].ID, Verdict: Patient}); err != nil {
		t.Fatal(err)
	}
	assertNotOnDisk(t, dir)
	for _, f := range []string{listFile, decisionsFile} {
		fi, err := os.Stat(filepath.Join(s.Dir(), f))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", f, fi.Mode().Perm())
		}
	}
	if _, err := kr.Get(vault.Service, "key:"+BoxName); err != nil {
		t.Fatalf("the key is not in the keyring: %v", err)
	}
	// A new store over the same files and keyring reads it all back, and
	// the connection keeps its ID.
	rv2, err := Open(kr, dir).Review()
	if err != nil {
		t.Fatal(err)
	}
	if len(rv2.People) != 2 || rv2.People[0].Name != "Quentin Zebedee-Farthing" || rv2.People[0].BirthYear != 1984 {
		t.Fatalf("reloaded list differs: %d people", len(rv2.People))
	}
	if rv2.ConnID(conn) != id || !rv2.IsPatient(id) || !rv2.Reviewed(id, "anyone") {
		t.Fatal("decision not remembered")
	}
	if rv2.IsPatient(rv2.ConnID(audit.Connection{Platform: audit.Facebook, Handle: "someone.else"})) {
		t.Fatal("another connection counted as a patient")
	}
}

func TestDecideReplacesEarlierAnswer(t *testing.T) {
	s := Open(vault.Memory(), t.TempDir())
	for _, v := range []Verdict{Patient, NotPatient} {
		if err := s.Decide(Decision{Conn: "c-1", Person: "p-1", Verdict: v}); err != nil {
			t.Fatal(err)
		}
	}
	rv, err := s.Review()
	if err != nil {
		t.Fatal(err)
	}
	if len(rv.Decisions) != 1 || rv.IsPatient("c-1") {
		t.Fatalf("decisions = %+v, want one dismissal", rv.Decisions)
	}
	if !rv.Reviewed("c-1", "p-1") || rv.Reviewed("c-1", "p-2") {
		t.Fatal("a dismissal against one person must not cover another")
	}
	if err := s.Decide(Decision{Conn: "", Verdict: Patient}); err == nil {
		t.Fatal("a decision without a connection was accepted")
	}
}

func TestWipe(t *testing.T) {
	dir := t.TempDir()
	kr := vault.Memory()
	s := Open(kr, dir)
	if _, err := s.Import(strings.NewReader(sampleCSV)); err != nil {
		t.Fatal(err)
	}
	if err := s.Wipe(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.Dir()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("watch-list directory still there: %v", err)
	}
	if _, err := kr.Get(vault.Service, "key:"+BoxName); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("key still in the keyring: %v", err)
	}
	l, err := s.Load()
	if err != nil || len(l.People) != 0 {
		t.Fatalf("after wipe: %d people, %v", len(l.People), err)
	}
	if err := s.Wipe(); err != nil {
		t.Fatalf("wiping twice: %v", err)
	}
}

// lockedKeyring behaves like a locked Secret Service.
type lockedKeyring struct{ err error }

func (k lockedKeyring) Get(string, string) (string, error) { return "", k.err }
func (k lockedKeyring) Set(string, string, string) error   { return k.err }
func (k lockedKeyring) Delete(string, string) error        { return k.err }

func TestNothingStoredWithoutKeyring(t *testing.T) {
	for _, sentinel := range []error{vault.ErrLocked, vault.ErrUnavailable} {
		t.Run(sentinel.Error()[:20], func(t *testing.T) {
			dir := t.TempDir()
			s := Open(lockedKeyring{sentinel}, dir)
			_, err := s.Import(strings.NewReader(sampleCSV))
			if !errors.Is(err, sentinel) {
				t.Fatalf("err = %v, want %v", err, sentinel)
			}
			if !strings.Contains(err.Error(), "nothing was stored") {
				t.Fatalf("the error does not say nothing was stored: %v", err)
			}
			if err := s.Decide(Decision{Conn: "c-1", Verdict: Patient}); !errors.Is(err, sentinel) {
				t.Fatalf("decide: %v", err)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				sub, _ := os.ReadDir(filepath.Join(dir, e.Name()))
				if len(sub) > 0 {
					t.Fatalf("files written although the keyring is %v", sentinel)
				}
			}
		})
	}
}

// TestSystemKeyring stores a watch-list with the real OS keyring. It
// skips only when no Secret Service answers and CHAPERONE_SKIP_KEYRING=1.
func TestSystemKeyring(t *testing.T) {
	if testing.Short() {
		t.Skip("uses the OS keyring")
	}
	t.Setenv("CHAPERONE_HOME", t.TempDir())
	s, err := OpenDefault()
	if err != nil {
		t.Fatal(err)
	}
	kr := vault.System()
	_, err = s.Import(strings.NewReader(sampleCSV))
	if err != nil {
		if (errors.Is(err, vault.ErrUnavailable) || errors.Is(err, vault.ErrLocked)) && os.Getenv("CHAPERONE_SKIP_KEYRING") == "1" {
			t.Skipf("no usable keyring: %v", err)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Wipe() })
	key, err := kr.Get(vault.Service, "key:"+BoxName)
	if err != nil || key == "" {
		t.Fatalf("the key is not in the OS keyring: %v", err)
	}
	assertNotOnDisk(t, filepath.Dir(s.Dir()))
	rv, err := s.Review()
	if err != nil || len(rv.People) != 2 {
		t.Fatalf("reading back: %v", err)
	}
	if err := s.Wipe(); err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Get(vault.Service, "key:"+BoxName); !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("key still in the OS keyring after wipe: %v", err)
	}
}

func TestLostKeyIsRefusedNeverReplaced(t *testing.T) {
	tests := []struct {
		name      string
		lose      func(kr vault.Keyring)
		wantOther bool
	}{
		{"key deleted", func(kr vault.Keyring) { _ = kr.Delete(vault.Service, "key:"+BoxName) }, false},
		{"another key made since", func(kr vault.Keyring) {
			_ = kr.Delete(vault.Service, "key:"+BoxName)
			_, _ = vault.NewBox(kr, BoxName)
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			kr := vault.Memory()
			s := Open(kr, dir)
			if _, err := s.Import(strings.NewReader(sampleCSV)); err != nil {
				t.Fatal(err)
			}
			if err := s.Decide(Decision{Conn: "c1", Verdict: NotPatient}); err != nil {
				t.Fatal(err)
			}
			tc.lose(kr)
			before, _ := kr.Get(vault.Service, "key:"+BoxName)
			list, _ := os.ReadFile(filepath.Join(s.Dir(), listFile))

			lost := func(what string, err error) {
				t.Helper()
				var kl *vault.KeyLostError
				if !errors.Is(err, vault.ErrKeyLost) || !errors.As(err, &kl) || kl.Name != BoxName || kl.Other != tc.wantOther {
					t.Fatalf("%s: got %v, want a lost key (other=%v)", what, err, tc.wantOther)
				}
			}
			_, err := s.Load()
			lost("Load", err)
			_, err = s.Review()
			lost("Review", err)
			_, err = s.Add(Person{Name: "Someone New"})
			lost("Add", err)
			lost("Decide", s.Decide(Decision{Conn: "c2", Verdict: Patient}))
			if after, _ := kr.Get(vault.Service, "key:"+BoxName); after != before {
				t.Fatal("the keyring's entry was changed")
			}
			if got, _ := os.ReadFile(filepath.Join(s.Dir(), listFile)); !bytes.Equal(got, list) {
				t.Fatal("the sealed list was changed")
			}

			// A fresh start keeps the old files aside and works at once.
			kept, err := s.SetAside(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
			if err != nil || filepath.Base(kept) != "watchlist-set-aside-2026-05-01" {
				t.Fatalf("SetAside = %q, %v", kept, err)
			}
			if got, _ := os.ReadFile(filepath.Join(kept, listFile)); !bytes.Equal(got, list) {
				t.Fatal("the old list was not kept")
			}
			if n, err := s.Add(Person{Name: "Someone New"}); err != nil || n != 1 {
				t.Fatalf("after a fresh start: %d, %v", n, err)
			}
			again, err := s.SetAside(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
			if err != nil || filepath.Base(again) != "watchlist-set-aside-2026-05-01-2" {
				t.Fatalf("second SetAside = %q, %v", again, err)
			}
		})
	}
}

func TestFirstUseMakesTheKeyOnce(t *testing.T) {
	kr := vault.Memory()
	s := Open(kr, t.TempDir())
	if l, err := s.Load(); err != nil || len(l.People) != 0 {
		t.Fatalf("empty Load = %v, %v", l, err)
	}
	if _, err := kr.Get(vault.Service, "key:"+BoxName); !errors.Is(err, vault.ErrNotFound) {
		t.Fatal("reading an empty list made a key")
	}
	if _, err := s.Add(Person{Name: "Someone"}); err != nil {
		t.Fatal(err)
	}
	first, err := kr.Get(vault.Service, "key:"+BoxName)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(Person{Name: "Someone Else"}); err != nil {
		t.Fatal(err)
	}
	if again, _ := kr.Get(vault.Service, "key:"+BoxName); again != first {
		t.Fatal("the key was replaced")
	}
}
