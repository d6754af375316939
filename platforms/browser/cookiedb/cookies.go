// Package cookiedb reads the cookie store of a Chromium profile (the
// SQLite file Default/Cookies) without Chromium, to tell whether the
// cookies in it are protected by the key in the operating system's
// keyring or could be read by anyone who copies the file.
//
// On Linux Chromium encrypts a cookie with AES-128-CBC under a key derived
// from a password: the one it keeps in the Secret Service ("v11"), or,
// when it cannot reach the keyring, the built-in password "peanuts"
// ("v10"), which protects nothing. Since database version 24 the
// plaintext starts with the SHA-256 of the cookie's host.
package cookiedb

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// MaxFileSize caps the cookie store read into memory. A heavy user's store
// is a few MB.
const MaxFileSize = 64 << 20

// ErrTooLarge means the file is larger than MaxFileSize.
var ErrTooLarge = errors.New("cookie store too large")

// ErrUnsettled means Chromium left the store in the middle of a write (a
// journal or write-ahead log is pending): the file alone does not say what
// it holds.
var ErrUnsettled = errors.New("the cookie store has a pending journal")

// Cookie is one row of the store, as kept on disk.
type Cookie struct {
	Host string
	Name string
	// Value is the clear-text column; Chromium leaves it empty when it
	// encrypts.
	Value string
	// Encrypted is the encrypted_value column: a version prefix ("v10",
	// "v11") and the ciphertext.
	Encrypted []byte
}

// Protection is how a cookie is kept in the file.
type Protection int

const (
	// Keyring: encrypted under a key that none of Chromium's built-in
	// passwords gives, so only with the keyring's secret.
	Keyring Protection = iota
	// Clear: the value is stored as it is.
	Clear
	// BuiltinKey: encrypted under a password built into Chromium, which
	// anyone can use to decrypt it.
	BuiltinKey
	// Unrecognised: a format this package does not know, so not shown to
	// be protected.
	Unrecognised
)

func (p Protection) String() string {
	switch p {
	case Keyring:
		return "encrypted with the keyring's key"
	case Clear:
		return "stored in clear"
	case BuiltinKey:
		return "encrypted with Chromium's built-in key"
	default:
		return "in an unrecognised format"
	}
}

// Read lists the cookies of the store at path. It refuses anything but a
// regular file of at most MaxFileSize bytes, and a store with a pending
// journal.
func Read(path string) ([]Cookie, error) {
	for _, side := range []string{path + "-wal", path + "-journal"} {
		if pending(side) {
			return nil, fmt.Errorf("%s: %w", path, ErrUnsettled)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s: %w (%d MB, the limit is %d MB)", path, ErrTooLarge, st.Size()>>20, MaxFileSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: %w (the limit is %d MB)", path, ErrTooLarge, MaxFileSize>>20)
	}
	cs, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cs, nil
}

// pending reports whether a journal or write-ahead log beside the store
// holds anything: a rollback journal starts with its magic number while
// it is hot; a WAL counts as soon as it has frames.
func pending(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	if n == 0 {
		return false
	}
	if strings.HasSuffix(path, "-journal") {
		return n == 8 && bytes.Equal(head, journalMagic)
	}
	return true
}

var journalMagic = []byte{0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7}

// Parse lists the cookies of a store held in memory.
func Parse(data []byte) ([]Cookie, error) {
	f, err := openSQLite(data)
	if err != nil {
		return nil, err
	}
	var out []Cookie
	err = f.rows("cookies", []string{"host_key", "name", "value", "encrypted_value"}, func(v []value) error {
		out = append(out, Cookie{Host: v[0].text(), Name: v[1].text(), Value: v[2].text(), Encrypted: bytes.Clone(v[3].b)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// builtin are the passwords Chromium on Linux falls back to: "peanuts" for
// v10, and the empty password it used for v11 when the keyring gave none.
var builtin = []struct {
	prefix, password string
}{
	{"v10", "peanuts"},
	{"v11", ""},
}

// Protection says how c is kept, as Chromium on Linux keeps cookies.
func (c Cookie) Protection() Protection {
	_, p := c.Readable()
	return p
}

// Readable returns the cookie's value when the file alone gives it away
// (stored in clear, or under a built-in key), with how it is kept.
func (c Cookie) Readable() (string, Protection) {
	if c.Value != "" {
		return c.Value, Clear
	}
	if len(c.Encrypted) == 0 {
		// Nothing stored at all: an empty cookie reveals nothing.
		return "", Keyring
	}
	if len(c.Encrypted) < 3 {
		return "", Unrecognised
	}
	prefix := string(c.Encrypted[:3])
	known := false
	for _, b := range builtin {
		if b.prefix != prefix {
			continue
		}
		known = true
		if v, ok := decrypt(c.Encrypted[3:], b.password, c.Host); ok {
			return v, BuiltinKey
		}
	}
	if !known {
		return "", Unrecognised
	}
	if prefix == "v10" {
		// v10 is only ever the built-in key on Linux: one that does not
		// open is damaged, not protected.
		return "", Unrecognised
	}
	return "", Keyring
}

// decrypt opens a Linux OSCrypt ciphertext with password, and reports
// whether what came out is a cookie of host: the SHA-256 of the host
// first (database version 24 on), or else printable text.
func decrypt(ct []byte, password, host string) (string, bool) {
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return "", false
	}
	key, err := pbkdf2.Key(sha1.New, password, []byte("saltysalt"), 1, 16)
	if err != nil {
		return "", false
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", false
	}
	iv := bytes.Repeat([]byte{' '}, aes.BlockSize)
	plain := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, ct)
	pad := int(plain[len(plain)-1])
	if pad == 0 || pad > aes.BlockSize || pad > len(plain) {
		return "", false
	}
	for _, b := range plain[len(plain)-pad:] {
		if int(b) != pad {
			return "", false
		}
	}
	plain = plain[:len(plain)-pad]
	sum := sha256.Sum256([]byte(host))
	if len(plain) >= len(sum) && bytes.Equal(plain[:len(sum)], sum[:]) {
		return string(plain[len(sum):]), true
	}
	if len(plain) == 0 {
		return "", false
	}
	for _, b := range plain {
		if b < 0x20 || b > 0x7e {
			return "", false
		}
	}
	return string(plain), true
}
