package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"chaperone/audit/vault"
)

// metaKeyID holds the ID of the key that sealed the file's results and
// notes (vault.Box.KeyID), so that another key is told apart from one
// damaged record.
var metaKeyID = []byte("key_id")

var errNoKey = errors.New("no key to seal or open it with")

// keyIDer is a Sealer that can name its key; *vault.Box is one.
type keyIDer interface{ KeyID() string }

// sealedState says whether the file holds sealed data, and the ID of the
// key that sealed it ("" in a file written before IDs were kept).
func sealedState(tx *bolt.Tx) (sealed bool, keyID string) {
	if tx == nil {
		return false, ""
	}
	if m := tx.Bucket(bucketMeta); m != nil {
		if v := m.Get(metaKeyID); v != nil {
			keyID, sealed = string(v), true
		}
	}
	for _, name := range [][]byte{bucketResults, bucketNotes} {
		if b := tx.Bucket(name); b != nil {
			if k, _ := b.Cursor().First(); k != nil {
				sealed = true
			}
		}
	}
	return sealed, keyID
}

// sealer is the box and its key's ID. sealed says whether the file holds
// sealed data: only when it does not may a missing key be made.
func (s *Store) sealer(sealed bool) (Sealer, string, error) {
	switch {
	case s.key != nil:
		b, err := s.key.Box(sealed)
		if err != nil {
			return nil, "", err
		}
		return b, b.KeyID(), nil
	case s.box != nil:
		id := ""
		if k, ok := s.box.(keyIDer); ok {
			id = k.KeyID()
		}
		return s.box, id, nil
	}
	return nil, "", errNoKey
}

// sealerFor is the box to seal new data with. The file is looked at first,
// so that a key is made only when nothing sealed is there.
func (s *Store) sealerFor(what string) (Sealer, string, error) {
	var sealed bool
	if err := s.view(func(tx *bolt.Tx) error { sealed, _ = sealedState(tx); return nil }); err != nil {
		return nil, "", fmt.Errorf("%s: %w", what, err)
	}
	b, id, err := s.sealer(sealed)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", what, err)
	}
	return b, id, nil
}

// claimKey, inside a write, checks that box's key is the one that sealed
// what the file holds, and records its ID.
func (s *Store) claimKey(tx *bolt.Tx, box Sealer, id string) error {
	if err := checkKey(tx, box, id); err != nil {
		return err
	}
	if id == "" {
		return nil
	}
	return tx.Bucket(bucketMeta).Put(metaKeyID, []byte(id))
}

// checkKey is nil when box can open what the file holds (or nothing is
// sealed), else a *vault.KeyLostError.
func checkKey(tx *bolt.Tx, box Sealer, id string) error {
	sealed, stored := sealedState(tx)
	switch {
	case !sealed:
		return nil
	case stored != "" && id != "":
		if stored != id {
			return lostOther()
		}
		return nil
	case stored != "":
		return nil // a Sealer that cannot name its key: Open will tell
	}
	// A file from before key IDs were kept: the key is the one if it opens
	// any record. (Were every record damaged, this would say "another key";
	// either way nothing can be read.)
	if opensAny(tx, box) {
		return nil
	}
	return lostOther()
}

func lostOther() error { return &vault.KeyLostError{Name: KeyName, Other: true} }

func opensAny(tx *bolt.Tx, box Sealer) bool {
	for _, bk := range []struct {
		name []byte
		aad  func(string) []byte
	}{{bucketResults, resultAAD}, {bucketNotes, notesAAD}} {
		b := tx.Bucket(bk.name)
		if b == nil {
			continue
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if _, err := box.Open(v, bk.aad(string(k))); err == nil {
				return true
			}
		}
	}
	return false
}

// openSealed opens the record id of bucket; (nil, nil) when there is none,
// and then the keyring is not asked.
func (s *Store) openSealed(bucket []byte, id string, aad []byte) ([]byte, error) {
	var blob []byte
	var stored string
	err := s.view(func(tx *bolt.Tx) error {
		_, stored = sealedState(tx)
		if tx == nil || tx.Bucket(bucket) == nil {
			return nil
		}
		if v := tx.Bucket(bucket).Get([]byte(id)); v != nil {
			blob = append([]byte(nil), v...)
		}
		return nil
	})
	if err != nil || blob == nil {
		return nil, err
	}
	box, kid, err := s.sealer(true)
	if err != nil {
		return nil, err
	}
	if stored != "" && kid != "" && stored != kid {
		return nil, lostOther()
	}
	plain, err := box.Open(blob, aad)
	if err == nil {
		return plain, nil
	}
	if errors.Is(err, vault.ErrTampered) && stored == "" {
		var matches bool
		if verr := s.view(func(tx *bolt.Tx) error { matches = tx != nil && opensAny(tx, box); return nil }); verr == nil && !matches {
			return nil, lostOther()
		}
	}
	return nil, err
}

// CheckKey says whether the sealed part of the history (full audits and
// notes) can be opened, without ever making a key: nil when it can or
// nothing is sealed yet; vault.ErrKeyLost (a *vault.KeyLostError) when the
// key that sealed it is gone or the keyring holds another one; the
// keyring's own error (vault.ErrLocked, vault.ErrUnavailable) when it
// cannot be asked. The summaries (Entries) read whatever it says.
func (s *Store) CheckKey() error {
	var sealed bool
	if err := s.view(func(tx *bolt.Tx) error { sealed, _ = sealedState(tx); return nil }); err != nil {
		return fmt.Errorf("opening the history: %w", err)
	}
	if !sealed {
		return nil
	}
	box, id, err := s.sealer(true)
	if err != nil {
		return fmt.Errorf("opening the history: %w", err)
	}
	var kerr error
	if err := s.view(func(tx *bolt.Tx) error { kerr = checkKey(tx, box, id); return nil }); err != nil {
		return fmt.Errorf("opening the history: %w", err)
	}
	if kerr != nil {
		return fmt.Errorf("opening the history: %w", kerr)
	}
	return nil
}

// SetAside starts a new history, for when the old one's key is lost: the
// file is renamed beside itself with the date (SetAsidePrefix +
// "2006-01-02", then "-2", "-3"... so that nothing is ever overwritten) and
// never deleted, and the store starts empty; the next save makes a key if
// the keyring has none. It returns the old file's new path, or "" when
// there was no file.
func (s *Store) SetAside(now time.Time) (string, error) {
	if _, err := os.Lstat(s.path); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	// Wait until no other process is writing to it.
	db, err := s.open(false)
	if err != nil {
		return "", fmt.Errorf("setting the history aside: %w", err)
	}
	if err := db.Close(); err != nil {
		return "", fmt.Errorf("setting the history aside: %w", err)
	}
	dir, ext := filepath.Dir(s.path), filepath.Ext(s.path)
	base := SetAsidePrefix + now.Format("2006-01-02")
	for i := 1; i <= 100; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		dst := filepath.Join(dir, name+ext)
		err := renameNoReplace(s.path, dst)
		if err == nil {
			return dst, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("setting the history aside: %w", err)
		}
	}
	return "", fmt.Errorf("setting the history aside: too many old histories set aside on %s; move some away", now.Format("2 January 2006"))
}

// renameNoReplace renames src to dst unless dst exists (fs.ErrExist).
func renameNoReplace(src, dst string) error {
	err := os.Link(src, dst)
	switch {
	case err == nil:
		return os.Remove(src)
	case errors.Is(err, fs.ErrExist):
		return err
	}
	// A file system without hard links: look, then rename.
	if _, err := os.Lstat(dst); err == nil {
		return fs.ErrExist
	}
	return os.Rename(src, dst)
}
