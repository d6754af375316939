package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
)

// sealVersion is the first byte of every sealed blob, so the format can
// change without misreading old files.
const sealVersion = 1

// Box seals and opens data with one named 256-bit key kept in the keyring.
type Box struct {
	name string
	aead cipher.AEAD
}

func keyUser(name string) string { return "key:" + name }

// NewBox returns a Box for the key called name, creating a random key in the
// keyring the first time. If the keyring is locked or missing it fails, and
// the caller must not write the data in any other way.
func NewBox(kr Keyring, name string) (*Box, error) {
	enc, err := kr.Get(Service, keyUser(name))
	var key []byte
	switch {
	case err == nil:
		key, err = base64.StdEncoding.DecodeString(enc)
		if err != nil || len(key) != 32 {
			return nil, fmt.Errorf("key %q in the keyring is damaged; wipe it to start again", name)
		}
	case errors.Is(err, ErrNotFound):
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("making key %q: %w", name, err)
		}
		if err := kr.Set(Service, keyUser(name), base64.StdEncoding.EncodeToString(key)); err != nil {
			return nil, fmt.Errorf("storing key %q: %w", name, err)
		}
	default:
		return nil, fmt.Errorf("getting key %q: %w", name, err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", name, err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", name, err)
	}
	return &Box{name: name, aead: aead}, nil
}

// DestroyKey deletes the named key, making everything sealed with it
// unreadable for good. A key that is already gone is not an error.
func DestroyKey(kr Keyring, name string) error {
	if err := kr.Delete(Service, keyUser(name)); err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("destroying key %q: %w", name, err)
	}
	return nil
}

// Seal encrypts plain with AES-256-GCM. aad is bound to the ciphertext but
// not stored: pass the same aad to Open (e.g. the record's ID) so a blob
// cannot be swapped for another.
func (b *Box) Seal(plain, aad []byte) ([]byte, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("sealing: %w", err)
	}
	out := make([]byte, 0, 1+len(nonce)+len(plain)+b.aead.Overhead())
	out = append(out, sealVersion)
	out = append(out, nonce...)
	return b.aead.Seal(out, nonce, plain, aad), nil
}

// ErrTampered means sealed data did not open: wrong key, wrong aad, or the
// bytes were changed.
var ErrTampered = errors.New("sealed data could not be opened (wrong key or damaged data)")

// Open decrypts what Seal produced.
func (b *Box) Open(sealed, aad []byte) ([]byte, error) {
	ns := b.aead.NonceSize()
	if len(sealed) < 1+ns+b.aead.Overhead() {
		return nil, fmt.Errorf("opening %q data: too short: %w", b.name, ErrTampered)
	}
	if sealed[0] != sealVersion {
		return nil, fmt.Errorf("opening %q data: unknown format version %d", b.name, sealed[0])
	}
	plain, err := b.aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], aad)
	if err != nil {
		return nil, fmt.Errorf("opening %q data: %w", b.name, ErrTampered)
	}
	return plain, nil
}

// WriteFile seals plain and writes it atomically to path with mode 0600.
// The key name is bound as additional data, so a blob sealed for one
// purpose cannot be opened as another.
func (b *Box) WriteFile(path string, plain []byte) error {
	sealed, err := b.Seal(plain, []byte(b.name))
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, sealed, 0o600)
}

// ReadFile reads and opens a file written by WriteFile.
func (b *Box) ReadFile(path string) ([]byte, error) {
	sealed, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	plain, err := b.Open(sealed, []byte(b.name))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return plain, nil
}
