package cookiedb

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// The two stores in testdata were written by Chromium 156 on a page that
// set the cookie xs=fixture-session-value: one with the built-in store
// (--password-store=basic), one with the keyring (gnome-libsecret; the
// keyring and its key were thrown away).
func TestChromiumStores(t *testing.T) {
	for _, tc := range []struct {
		file  string
		want  Protection
		value string
	}{
		{"chromium156-v10.Cookies", BuiltinKey, "fixture-session-value"},
		{"chromium156-v11.Cookies", Keyring, ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			cs, err := Read(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 1 || cs[0].Host != "127.0.0.1" || cs[0].Name != "xs" || cs[0].Value != "" {
				t.Fatalf("cookies = %+v, want the one xs cookie of 127.0.0.1, encrypted", cs)
			}
			v, p := cs[0].Readable()
			if p != tc.want || v != tc.value {
				t.Errorf("Readable() = %q, %v; want %q, %v", v, p, tc.value, tc.want)
			}
		})
	}
}

// seal encrypts value for host as Chromium on Linux does with password.
func seal(t *testing.T, prefix, password, host, value string) []byte {
	t.Helper()
	key, err := pbkdf2.Key(sha1.New, password, []byte("saltysalt"), 1, 16)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := aes.NewCipher(key)
	sum := sha256.Sum256([]byte(host))
	plain := append(sum[:], value...)
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	plain = append(plain, bytes.Repeat([]byte{byte(pad)}, pad)...)
	ct := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, bytes.Repeat([]byte{' '}, aes.BlockSize)).CryptBlocks(ct, plain)
	return append([]byte(prefix), ct...)
}

func TestProtection(t *testing.T) {
	secret := rand.Text() // stands in for the keyring's password
	host := ".example.org"
	for _, tc := range []struct {
		name  string
		c     Cookie
		want  Protection
		value string
	}{
		{"keyring", Cookie{Host: host, Encrypted: seal(t, "v11", secret, host, "abc")}, Keyring, ""},
		{"peanuts", Cookie{Host: host, Encrypted: seal(t, "v10", "peanuts", host, "abc")}, BuiltinKey, "abc"},
		{"empty keyring password", Cookie{Host: host, Encrypted: seal(t, "v11", "", host, "abc")}, BuiltinKey, "abc"},
		{"clear", Cookie{Host: host, Value: "abc"}, Clear, "abc"},
		{"clear beside a cipher", Cookie{Host: host, Value: "abc", Encrypted: seal(t, "v11", secret, host, "abc")}, Clear, "abc"},
		{"empty", Cookie{Host: host}, Keyring, ""},
		{"v10 under another key", Cookie{Host: host, Encrypted: seal(t, "v10", secret, host, "abc")}, Unrecognised, ""},
		{"unknown prefix", Cookie{Host: host, Encrypted: append([]byte("v20"), make([]byte, 32)...)}, Unrecognised, ""},
		{"too short", Cookie{Host: host, Encrypted: []byte("v1")}, Unrecognised, ""},
		{"truncated cipher", Cookie{Host: host, Encrypted: seal(t, "v10", "peanuts", host, "abc")[:20]}, Unrecognised, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, p := tc.c.Readable()
			if p != tc.want || v != tc.value {
				t.Errorf("Readable() = %q, %v; want %q, %v", v, p, tc.value, tc.want)
			}
			if tc.c.Protection() != tc.want {
				t.Errorf("Protection() = %v", tc.c.Protection())
			}
		})
	}
}

// A value sealed under the keyring's password never passes for one under
// a built-in key: over many random keys, no false "readable".
func TestKeyringCookiesNeverOpenWithBuiltinKeys(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i := 0; i < n; i++ {
		c := Cookie{Host: "www.example.org", Encrypted: seal(t, "v11", rand.Text(), "www.example.org", rand.Text()[:i%20])}
		if v, p := c.Readable(); p != Keyring {
			t.Fatalf("cookie %d sealed with a random key read as %v (%q)", i, p, v)
		}
	}
}

func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join("testdata", "chromium156-v11.Cookies"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	if _, err := Read(write("empty", nil)); !errors.Is(err, ErrMalformed) {
		t.Errorf("empty file: %v, want ErrMalformed", err)
	}
	if _, err := Read(write("cut", good[:len(good)-100])); !errors.Is(err, ErrMalformed) {
		t.Errorf("cut file: %v, want ErrMalformed", err)
	}
	if _, err := Read(dir); err == nil {
		t.Error("a directory was read as a store")
	}
	hot := write("hot", good)
	write("hot-journal", append(append([]byte(nil), journalMagic...), make([]byte, 512)...))
	if _, err := Read(hot); !errors.Is(err, ErrUnsettled) {
		t.Errorf("hot journal: %v, want ErrUnsettled", err)
	}
	// An empty journal is what Chromium leaves after a clean close.
	cold := write("cold", good)
	write("cold-journal", nil)
	if _, err := Read(cold); err != nil {
		t.Errorf("empty journal: %v", err)
	}
	wal := write("wal", good)
	write("wal-wal", []byte("anything"))
	if _, err := Read(wal); !errors.Is(err, ErrUnsettled) {
		t.Errorf("non-empty WAL: %v, want ErrUnsettled", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"chromium156-v10.Cookies", "chromium156-v11.Cookies", "deep.sqlite", "small.sqlite"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := Parse(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v is not ErrMalformed", err)
			}
			return
		}
		total := 0
		for _, c := range cs {
			total += len(c.Host) + len(c.Name) + len(c.Value) + len(c.Encrypted)
			c.Readable()
		}
		// Every byte of a value comes from the file, each page once.
		if total > len(data) {
			t.Fatalf("%d bytes of values from a file of %d", total, len(data))
		}
	})
}
