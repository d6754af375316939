package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
)

// sealVersion is the first byte of every sealed blob, so the format can
// change without misreading old files.
const sealVersion = 1

// Box seals and opens data with one named 256-bit key kept in the keyring.
type Box struct {
	name string
	id   string
	aead cipher.AEAD
}

func keyUser(name string) string { return "key:" + name }

// ErrKeyLost means data sealed with a key exists, but the key is not in the
// keyring or the keyring holds another one: the data cannot be opened, and
// a new key must not be put over it. Stores offer to set the old data
// aside and start afresh. Test with errors.Is; errors.As with
// *KeyLostError gives the key's name.
var ErrKeyLost = errors.New("the key that sealed this data is no longer in the keyring")

// KeyLostError is ErrKeyLost for one named key.
type KeyLostError struct {
	// Name is the key's name (history.KeyName, watchlist.BoxName...).
	Name string
	// Other: the keyring has a key by that name, but not the one that
	// sealed the data (the keyring was reset and a key made since, or the
	// key there is damaged).
	Other bool
}

func (e *KeyLostError) Error() string {
	if e.Other {
		return fmt.Sprintf("the key %q in the keyring is not the one that sealed this data (was the keyring reset?)", e.Name)
	}
	return fmt.Sprintf("the key %q that sealed this data is no longer in the keyring (was the keyring reset?)", e.Name)
}

// Is makes errors.Is(err, ErrKeyLost) true.
func (e *KeyLostError) Is(target error) bool { return target == ErrKeyLost }

// NewBox returns a Box for the key called name, creating a random key in the
// keyring if there is none. It is for first use only: a store that may
// already hold data sealed with the key calls BoxFor (or Key.Box), which
// never makes a key over sealed data. If the keyring is locked or missing
// it fails, and the caller must not write the data in any other way.
func NewBox(kr Keyring, name string) (*Box, error) { return BoxFor(kr, name, false) }

// OpenBox returns the Box of an existing key and never creates one: a
// missing key is a *KeyLostError.
func OpenBox(kr Keyring, name string) (*Box, error) { return BoxFor(kr, name, true) }

// BoxFor returns the Box for the key called name. sealed says whether data
// sealed with that key already exists. With sealed data, a missing (or
// damaged) key is a *KeyLostError and nothing is written to the keyring;
// without, a missing key is made: that is first use. Whether a key that is
// there is the one that sealed the data is for the store to check, with
// KeyID.
func BoxFor(kr Keyring, name string, sealed bool) (*Box, error) {
	enc, err := kr.Get(Service, keyUser(name))
	var key []byte
	switch {
	case err == nil:
		key, err = base64.StdEncoding.DecodeString(enc)
		if err != nil || len(key) != 32 {
			if sealed {
				return nil, &KeyLostError{Name: name, Other: true}
			}
			return nil, fmt.Errorf("key %q in the keyring is damaged; wipe it to start again", name)
		}
	case errors.Is(err, ErrNotFound) && sealed:
		return nil, &KeyLostError{Name: name}
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
	return &Box{name: name, id: keyID(key), aead: aead}, nil
}

// keyID names a key without giving anything of it away: an HMAC of a fixed
// label under the key.
func keyID(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("chaperone/vault/key-id/v1"))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// KeyID identifies the box's key. A store keeps it beside its sealed data
// so that it can tell a key that is not the one that sealed the data
// (ErrKeyLost) from one damaged record (ErrTampered).
func (b *Box) KeyID() string { return b.id }

// Key is a named key fetched from the keyring when first needed and kept
// for the process, so that a keyring still locked when Chaperone starts at
// login is asked again later rather than failing for the whole session.
type Key struct {
	kr   Keyring
	name string
	mu   sync.Mutex
	box  *Box
}

// NewKey is the key called name in kr; nothing is asked of the keyring yet.
func NewKey(kr Keyring, name string) *Key { return &Key{kr: kr, name: name} }

// Name is the key's name.
func (k *Key) Name() string { return k.name }

// Box returns the key's Box, as BoxFor does: sealed says whether data
// sealed with the key exists, and then a missing key is never made.
func (k *Key) Box(sealed bool) (*Box, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.box != nil {
		return k.box, nil
	}
	b, err := BoxFor(k.kr, k.name, sealed)
	if err != nil {
		return nil, err
	}
	k.box = b
	return b, nil
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
