package vault

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gokeyring "github.com/zalando/go-keyring"
)

func TestBoxRoundTrip(t *testing.T) {
	kr := Memory()
	b, err := NewBox(kr, "watchlist")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		plain []byte
		aad   []byte
	}{
		{"empty", nil, nil},
		{"text", []byte("a list of names"), []byte("id-1")},
		{"binary", bytes.Repeat([]byte{0, 255, 7}, 1000), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sealed, err := b.Seal(tc.plain, tc.aad)
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.plain) > 4 && bytes.Contains(sealed, tc.plain) {
				t.Fatal("sealed data contains the plain text")
			}
			got, err := b.Open(sealed, tc.aad)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.plain) {
				t.Fatalf("round trip changed the data")
			}
			if _, err := b.Open(sealed, append(tc.aad, 'x')); !errors.Is(err, ErrTampered) {
				t.Fatalf("wrong aad: got %v, want ErrTampered", err)
			}
			sealed[len(sealed)-1] ^= 1
			if _, err := b.Open(sealed, tc.aad); !errors.Is(err, ErrTampered) {
				t.Fatalf("flipped bit: got %v, want ErrTampered", err)
			}
		})
	}
}

func TestBoxKeyPersistsAndDestroys(t *testing.T) {
	kr := Memory()
	b1, err := NewBox(kr, "history")
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := b1.Seal([]byte("x"), nil)
	b2, err := NewBox(kr, "history")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b2.Open(sealed, nil); err != nil {
		t.Fatalf("same key name should open: %v", err)
	}
	other, _ := NewBox(kr, "other")
	if _, err := other.Open(sealed, nil); !errors.Is(err, ErrTampered) {
		t.Fatalf("other key opened the data: %v", err)
	}
	if err := DestroyKey(kr, "history"); err != nil {
		t.Fatal(err)
	}
	if err := DestroyKey(kr, "history"); err != nil {
		t.Fatalf("destroying twice: %v", err)
	}
	b3, _ := NewBox(kr, "history")
	if _, err := b3.Open(sealed, nil); err == nil {
		t.Fatal("data opened after its key was destroyed")
	}
}

func TestDamagedKey(t *testing.T) {
	kr := Memory()
	_ = kr.Set(Service, "key:x", "not base64!")
	if _, err := NewBox(kr, "x"); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("got %v, want a damaged-key error", err)
	}
}

type failingKeyring struct{ err error }

func (f failingKeyring) Get(string, string) (string, error) { return "", f.err }
func (f failingKeyring) Set(string, string, string) error   { return f.err }
func (f failingKeyring) Delete(string, string) error        { return f.err }

func TestNewBoxLockedKeyringStoresNothing(t *testing.T) {
	_, err := NewBox(failingKeyring{fmt.Errorf("wrapped: %w", ErrLocked)}, "watchlist")
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v, want ErrLocked", err)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		in   error
		want error
	}{
		{gokeyring.ErrNotFound, ErrNotFound},
		{errors.New("Cannot create an item in a locked collection"), ErrLocked},
		{errors.New("org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided"), ErrUnavailable},
		{errors.New("dbus: DBUS_SESSION_BUS_ADDRESS not set"), ErrUnavailable},
		{gokeyring.ErrUnsupportedPlatform, ErrUnavailable},
	}
	for _, tc := range tests {
		if got := classify("reading from", tc.in); !errors.Is(got, tc.want) {
			t.Errorf("classify(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if got := classify("reading from", errors.New("something odd")); errors.Is(got, ErrLocked) || errors.Is(got, ErrUnavailable) || errors.Is(got, ErrNotFound) {
		t.Errorf("unrelated error classified as a sentinel: %v", got)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := WriteFileAtomic(p, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(p, []byte("two"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "two" {
		t.Fatalf("got %q", got)
	}
	fi, _ := os.Stat(p)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "f"), nil, 0o600); err == nil {
		t.Fatal("writing into a missing directory should fail")
	}
}

func TestBoxFileNotReadableOnDisk(t *testing.T) {
	b, _ := NewBox(Memory(), "watchlist")
	p := filepath.Join(t.TempDir(), "watchlist.sealed")
	secret := []byte("Zebedee Quartermaine-Smythe")
	if err := b.WriteFile(p, secret); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(p)
	if bytes.Contains(raw, secret) || bytes.Contains(raw, []byte("Zebedee")) {
		t.Fatal("plain text found on disk")
	}
	got, err := b.ReadFile(p)
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}
}

func TestDataDir(t *testing.T) {
	home := filepath.Join(t.TempDir(), "h")
	t.Setenv("CHAPERONE_HOME", home)
	got, err := DataDir()
	if err != nil || got != home {
		t.Fatalf("DataDir = %q, %v", got, err)
	}
	fi, _ := os.Stat(home)
	if fi.Mode().Perm() != 0o700 {
		t.Fatalf("mode %v, want 0700", fi.Mode().Perm())
	}
	t.Setenv("CHAPERONE_HOME", "")
	x := t.TempDir()
	t.Setenv("XDG_DATA_HOME", x)
	got, err = DataDir()
	if err != nil || got != filepath.Join(x, "chaperone") {
		t.Fatalf("DataDir = %q, %v", got, err)
	}
}

// TestSystemKeyring talks to the real Secret Service. `make test` runs the
// suite under dbus-run-session with an unlocked gnome-keyring, so this runs
// for real there; elsewhere set CHAPERONE_SKIP_KEYRING=1 to skip it.
func TestSystemKeyring(t *testing.T) {
	if os.Getenv("CHAPERONE_SKIP_KEYRING") == "1" {
		t.Skip("CHAPERONE_SKIP_KEYRING=1")
	}
	kr := System()
	user := fmt.Sprintf("test:%d", os.Getpid())
	if err := kr.Set(Service, user, "s3cret"); err != nil {
		t.Fatalf("the real keyring is needed (run under `make test`, or set CHAPERONE_SKIP_KEYRING=1): %v", err)
	}
	t.Cleanup(func() { _ = kr.Delete(Service, user) })
	got, err := kr.Get(Service, user)
	if err != nil || got != "s3cret" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if err := kr.Delete(Service, user); err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Get(Service, user); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v, want ErrNotFound", err)
	}
	name := "test-box-" + user
	b, err := NewBox(kr, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = DestroyKey(kr, name) })
	sealed, _ := b.Seal([]byte("x"), nil)
	b2, err := NewBox(kr, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b2.Open(sealed, nil); err != nil {
		t.Fatalf("key did not persist in the real keyring: %v", err)
	}
}

// setCounter counts whether anything was written to the keyring.
type setCounter struct {
	Keyring
	sets int
}

func (s *setCounter) Set(service, user, secret string) error {
	s.sets++
	return s.Keyring.Set(service, user, secret)
}

func TestBoxForTellsFirstUseFromLostKey(t *testing.T) {
	tests := []struct {
		name      string
		stored    string // the key in the keyring; "" for none
		sealed    bool
		wantLost  bool
		wantOther bool
		wantSets  int
	}{
		{name: "first use: no key, nothing sealed, a key is made", sealed: false, wantSets: 1},
		{name: "no key but sealed data: refused, nothing made", sealed: true, wantLost: true},
		{name: "damaged key over sealed data: lost, not replaced", stored: "not base64!", sealed: true, wantLost: true, wantOther: true},
		{name: "key there, sealed data: opened", stored: base64Key(7), sealed: true},
		{name: "key there, nothing sealed: opened, not replaced", stored: base64Key(7), sealed: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kr := &setCounter{Keyring: Memory()}
			if tc.stored != "" {
				_ = kr.Keyring.Set(Service, keyUser("history"), tc.stored)
			}
			b, err := BoxFor(kr, "history", tc.sealed)
			if kr.sets != tc.wantSets {
				t.Fatalf("%d writes to the keyring, want %d", kr.sets, tc.wantSets)
			}
			if tc.wantLost {
				var kl *KeyLostError
				if !errors.Is(err, ErrKeyLost) || !errors.As(err, &kl) || kl.Name != "history" || kl.Other != tc.wantOther {
					t.Fatalf("got %v, want a lost key (other=%v)", err, tc.wantOther)
				}
				if got, _ := kr.Get(Service, keyUser("history")); got != tc.stored {
					t.Fatalf("the keyring's entry changed to %q", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.stored != "" {
				want, _ := BoxFor(kr, "history", true)
				if b.KeyID() != want.KeyID() {
					t.Fatal("the stored key was replaced")
				}
			}
		})
	}
}

func base64Key(fill byte) string {
	return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{fill}, 32))
}

func TestBoxForLockedIsNotLost(t *testing.T) {
	for _, sentinel := range []error{ErrLocked, ErrUnavailable} {
		_, err := BoxFor(failingKeyring{fmt.Errorf("reading: %w", sentinel)}, "history", true)
		if !errors.Is(err, sentinel) || errors.Is(err, ErrKeyLost) {
			t.Fatalf("got %v, want %v and not a lost key", err, sentinel)
		}
	}
}

func TestKeyID(t *testing.T) {
	kr := Memory()
	a1, _ := NewBox(kr, "a")
	a2, _ := OpenBox(kr, "a")
	b, _ := NewBox(kr, "b")
	if a1.KeyID() == "" || a1.KeyID() != a2.KeyID() {
		t.Fatalf("the same key has IDs %q and %q", a1.KeyID(), a2.KeyID())
	}
	if a1.KeyID() == b.KeyID() {
		t.Fatal("two keys share an ID")
	}
	enc, _ := kr.Get(Service, keyUser("a"))
	if strings.Contains(a1.KeyID(), enc) || len(a1.KeyID()) != 32 {
		t.Fatalf("key ID %q gives the key away or has the wrong length", a1.KeyID())
	}
}

// lockedOnce is a keyring that is locked for its first n reads.
type lockedOnce struct {
	Keyring
	n int
}

func (l *lockedOnce) Get(service, user string) (string, error) {
	if l.n > 0 {
		l.n--
		return "", fmt.Errorf("reading: %w", ErrLocked)
	}
	return l.Keyring.Get(service, user)
}

func TestKeyAsksAgainAfterLockedAndKeepsTheBox(t *testing.T) {
	kr := &lockedOnce{Keyring: Memory(), n: 1}
	k := NewKey(kr, "history")
	if _, err := k.Box(false); !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v, want ErrLocked", err)
	}
	b1, err := k.Box(false)
	if err != nil {
		t.Fatalf("second try: %v", err)
	}
	// Kept for the process: a keyring reset later does not change the key
	// the process seals with.
	_ = kr.Delete(Service, keyUser("history"))
	b2, err := k.Box(true)
	if err != nil || b2 != b1 {
		t.Fatalf("box not kept: %v", err)
	}
	if k.Name() != "history" {
		t.Fatal(k.Name())
	}
	if _, err := NewKey(kr, "history").Box(true); !errors.Is(err, ErrKeyLost) {
		t.Fatalf("a new process: got %v, want a lost key", err)
	}
}

func TestWriteFileAtomicRefusesWhatIsNotAPlainFile(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "precious")
	if err := os.WriteFile(target, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.pdf")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), dangling); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "folder")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, kind string
	}{
		{link, "a symbolic link"},
		{dangling, "a symbolic link"},
		{os.DevNull, "a device"},
		{sub, "a folder"},
	}
	tests = append(tests, specialFiles(t, dir)...)
	for _, tc := range tests {
		t.Run(tc.kind+" "+filepath.Base(tc.path), func(t *testing.T) {
			err := WriteFileAtomic(tc.path, []byte("report"), 0o600)
			var nr *NotRegularError
			if !errors.Is(err, ErrNotRegularFile) || !errors.As(err, &nr) || nr.Kind != tc.kind {
				t.Fatalf("got %v, want %s refused", err, tc.kind)
			}
			if !strings.Contains(err.Error(), tc.kind) || !strings.Contains(err.Error(), "choose another file name") {
				t.Fatalf("message %q does not say what and what to do", err)
			}
			if err := CheckTarget(tc.path); !errors.Is(err, ErrNotRegularFile) {
				t.Fatalf("CheckTarget: %v", err)
			}
		})
	}
	if got, _ := os.ReadFile(target); string(got) != "keep me" {
		t.Fatalf("the link's target was changed to %q", got)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a file was made through the dangling link")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Fatalf("temporary file left behind: %s", e.Name())
		}
	}
	if err := CheckTarget(target); err != nil {
		t.Fatalf("a plain file: %v", err)
	}
	if err := CheckTarget(filepath.Join(dir, "new.pdf")); err != nil {
		t.Fatalf("a new file: %v", err)
	}
}
