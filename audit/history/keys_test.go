package history

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"chaperone/audit/vault"
)

// hasKey says whether the keyring holds the history's key.
func hasKey(kr vault.Keyring) bool {
	_, err := kr.Get(vault.Service, "key:"+KeyName)
	return err == nil
}

// seeded is a history with two audits and notes, sealed with a key in kr.
func seeded(t *testing.T, kr vault.Keyring) (string, *Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	st := Open(path, vault.NewKey(kr, KeyName))
	t0 := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	for i, id := range []string{"old-1", "old-2"} {
		if err := st.Save(testResult(id, t0.AddDate(0, 3*i, 0), 50+i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetNotes("old-2", Notes{Found: "something"}); err != nil {
		t.Fatal(err)
	}
	return path, st
}

func TestFirstUseMakesTheKey(t *testing.T) {
	kr := vault.Memory()
	st := Open(filepath.Join(t.TempDir(), FileName), vault.NewKey(kr, KeyName))
	if err := st.CheckKey(); err != nil || hasKey(kr) {
		t.Fatalf("checking an empty history: %v, key made: %v", err, hasKey(kr))
	}
	if _, err := st.Entries(); err != nil || hasKey(kr) {
		t.Fatalf("listing: %v, key made: %v", err, hasKey(kr))
	}
	if err := st.Save(testResult("a", time.Now(), 60)); err != nil {
		t.Fatal(err)
	}
	if !hasKey(kr) {
		t.Fatal("no key made on the first save")
	}
	if r, err := st.Load("a"); err != nil || r.ID != "a" {
		t.Fatalf("Load = %v, %v", r, err)
	}
	// Another process (a new Key on the same keyring) opens it too.
	again := Open(st.Path(), vault.NewKey(kr, KeyName))
	if err := again.CheckKey(); err != nil {
		t.Fatal(err)
	}
	if _, err := again.Load("a"); err != nil {
		t.Fatal(err)
	}
}

func TestLostKeyIsRefusedNeverReplaced(t *testing.T) {
	tests := []struct {
		name      string
		lose      func(t *testing.T, kr vault.Keyring)
		wantOther bool
	}{
		{"key deleted", func(t *testing.T, kr vault.Keyring) {
			if err := kr.Delete(vault.Service, "key:"+KeyName); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"keyring reset and another key made", func(t *testing.T, kr vault.Keyring) {
			_ = kr.Delete(vault.Service, "key:"+KeyName)
			if _, err := vault.NewBox(kr, KeyName); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"key damaged", func(t *testing.T, kr vault.Keyring) {
			_ = kr.Set(vault.Service, "key:"+KeyName, "garbage")
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kr := vault.Memory()
			path, _ := seeded(t, kr)
			tc.lose(t, kr)
			before, _ := kr.Get(vault.Service, "key:"+KeyName)
			onDisk, _ := os.ReadFile(path)
			st := Open(path, vault.NewKey(kr, KeyName)) // a new process
			lost := func(what string, err error) {
				t.Helper()
				var kl *vault.KeyLostError
				if !errors.Is(err, vault.ErrKeyLost) || !errors.As(err, &kl) || kl.Name != KeyName || kl.Other != tc.wantOther {
					t.Fatalf("%s: got %v, want a lost key (other=%v)", what, err, tc.wantOther)
				}
			}
			lost("CheckKey", st.CheckKey())
			_, err := st.Load("old-1")
			lost("Load", err)
			_, err = st.Latest()
			lost("Latest", err)
			_, err = st.Notes("old-2")
			lost("Notes", err)
			lost("Save", st.Save(testResult("new", time.Now(), 70)))
			lost("SetNotes", st.SetNotes("old-1", Notes{Found: "x"}))

			// Nothing was made or changed over the old data.
			if after, _ := kr.Get(vault.Service, "key:"+KeyName); after != before {
				t.Fatal("the keyring's entry was changed")
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, onDisk) {
				t.Fatal("the history file was changed")
			}
			// The summaries still read, with no key.
			es, err := st.Entries()
			if err != nil || len(es) != 2 {
				t.Fatalf("Entries = %d, %v", len(es), err)
			}
			if last, err := st.LastComplete(); err != nil || last.IsZero() {
				t.Fatalf("LastComplete = %v, %v", last, err)
			}
			// An audit without notes has none, whatever the key.
			if n, err := st.Notes("old-1"); err != nil || n.Found != "" {
				t.Fatalf("Notes without any = %+v, %v", n, err)
			}
			// Deleting an audit needs no key.
			if err := st.Delete("old-1"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestLockedKeyringIsNotALostKey(t *testing.T) {
	kr := vault.Memory()
	path, _ := seeded(t, kr)
	locked := lockedKeyring{fmt.Errorf("reading from the keyring: %w", vault.ErrLocked)}
	st := Open(path, vault.NewKey(locked, KeyName))
	for what, err := range map[string]error{
		"CheckKey": st.CheckKey(),
		"Save":     st.Save(testResult("new", time.Now(), 70)),
		"Load":     func() error { _, err := st.Load("old-1"); return err }(),
	} {
		if !errors.Is(err, vault.ErrLocked) || errors.Is(err, vault.ErrKeyLost) {
			t.Errorf("%s: got %v, want locked and not lost", what, err)
		}
	}
	// An empty history with a locked keyring: nothing to check yet.
	empty := Open(filepath.Join(t.TempDir(), FileName), vault.NewKey(locked, KeyName))
	if err := empty.CheckKey(); err != nil {
		t.Fatal(err)
	}
	if err := empty.Save(testResult("x", time.Now(), 1)); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("save with a locked keyring: %v", err)
	}
}

type lockedKeyring struct{ err error }

func (l lockedKeyring) Get(string, string) (string, error) { return "", l.err }
func (l lockedKeyring) Set(string, string, string) error   { return l.err }
func (l lockedKeyring) Delete(string, string) error        { return l.err }

func TestDamagedRecordIsNotALostKey(t *testing.T) {
	kr := vault.Memory()
	path, st := seeded(t, kr)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketResults)
		v := append([]byte(nil), b.Get([]byte("old-1"))...)
		v[len(v)-1] ^= 1
		return b.Put([]byte("old-1"), v)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load("old-1"); !errors.Is(err, vault.ErrTampered) || errors.Is(err, vault.ErrKeyLost) {
		t.Fatalf("got %v, want damaged, not a lost key", err)
	}
	if _, err := st.Load("old-2"); err != nil {
		t.Fatalf("the other audit: %v", err)
	}
	if err := st.CheckKey(); err != nil {
		t.Fatal(err)
	}
}

// idless seals without naming its key, as files did before key IDs.
type idless struct{ b *vault.Box }

func (i idless) Seal(p, aad []byte) ([]byte, error) { return i.b.Seal(p, aad) }
func (i idless) Open(s, aad []byte) ([]byte, error) { return i.b.Open(s, aad) }

func TestFileWithoutKeyID(t *testing.T) {
	kr := vault.Memory()
	path := filepath.Join(t.TempDir(), FileName)
	legacy := New(path, idless{newBox(t, kr)})
	if err := legacy.Save(testResult("a", time.Now(), 60)); err != nil {
		t.Fatal(err)
	}
	// Another key: told apart from damage by trying the records.
	other := Open(path, vault.NewKey(vault.Memory(), KeyName))
	if err := other.CheckKey(); !errors.Is(err, vault.ErrKeyLost) {
		t.Fatalf("CheckKey with another key: %v", err)
	}
	if _, err := other.Load("a"); !errors.Is(err, vault.ErrKeyLost) {
		t.Fatalf("Load with another key: %v", err)
	}
	if err := other.Save(testResult("b", time.Now(), 60)); !errors.Is(err, vault.ErrKeyLost) {
		t.Fatalf("Save with another key: %v", err)
	}
	// The right key opens it, and its first save records the key's ID.
	st := Open(path, vault.NewKey(kr, KeyName))
	if err := st.CheckKey(); err != nil {
		t.Fatal(err)
	}
	if err := st.Save(testResult("b", time.Now(), 60)); err != nil {
		t.Fatal(err)
	}
	var id []byte
	db, _ := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	_ = db.View(func(tx *bolt.Tx) error { id = append(id, tx.Bucket(bucketMeta).Get(metaKeyID)...); return nil })
	db.Close()
	if want := newBox(t, kr).KeyID(); string(id) != want {
		t.Fatalf("key ID %q, want %q", id, want)
	}
}

func TestSetAsideStartsANewHistory(t *testing.T) {
	kr := vault.Memory()
	path, _ := seeded(t, kr)
	_ = kr.Delete(vault.Service, "key:"+KeyName)
	old, _ := os.ReadFile(path)
	st := Open(path, vault.NewKey(kr, KeyName))
	day := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

	kept, err := st.SetAside(day)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(path), "history-set-aside-2026-05-01.db"); kept != want {
		t.Fatalf("kept as %s, want %s", kept, want)
	}
	if got, _ := os.ReadFile(kept); !bytes.Equal(got, old) {
		t.Fatal("the old history was not kept as it was")
	}
	if es, err := New(kept, nil).Entries(); err != nil || len(es) != 2 {
		t.Fatalf("the old summaries: %d, %v", len(es), err)
	}
	// The new history starts empty; the first save makes a key.
	if es, err := st.Entries(); err != nil || len(es) != 0 {
		t.Fatalf("new history: %d, %v", len(es), err)
	}
	if err := st.CheckKey(); err != nil {
		t.Fatal(err)
	}
	if err := st.Save(testResult("new", day, 80)); err != nil {
		t.Fatal(err)
	}
	if !hasKey(kr) {
		t.Fatal("no key made for the new history")
	}
	if r, err := st.Load("new"); err != nil || r.ID != "new" {
		t.Fatalf("Load = %v, %v", r, err)
	}
	// A second fresh start the same day never overwrites the first.
	second, err := st.SetAside(day)
	if err != nil || !strings.HasSuffix(second, "history-set-aside-2026-05-01-2.db") {
		t.Fatalf("second: %q, %v", second, err)
	}
	if got, _ := os.ReadFile(kept); !bytes.Equal(got, old) {
		t.Fatal("the first old history was overwritten")
	}
	if none, err := st.SetAside(day); none != "" || err != nil {
		t.Fatalf("no file: %q, %v", none, err)
	}
}

func TestSetAsideWithAnotherKeyKeepsIt(t *testing.T) {
	kr := vault.Memory()
	path, _ := seeded(t, kr)
	_ = kr.Delete(vault.Service, "key:"+KeyName)
	now, err := vault.NewBox(kr, KeyName) // the keyring was reset and a key made since
	if err != nil {
		t.Fatal(err)
	}
	st := Open(path, vault.NewKey(kr, KeyName))
	if _, err := st.SetAside(time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := st.Save(testResult("new", time.Now(), 80)); err != nil {
		t.Fatal(err)
	}
	if b, _ := vault.OpenBox(kr, KeyName); b.KeyID() != now.KeyID() {
		t.Fatal("the key in the keyring was replaced")
	}
}
