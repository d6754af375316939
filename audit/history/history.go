// Package history keeps every completed audit on this computer, so the app
// can show past audits and the score trend, and the report can say what
// changed since last time.
//
// The store is a bbolt file: one writer transaction per save, copy-on-write
// pages and an fsync'd meta page, so a crash or power cut mid-save leaves the
// previous history readable. Each audit is kept twice: a summary (dates,
// guideline, scores, counts) in clear, enough to list audits and draw the
// trend without the key; and the full Result, which holds post texts and
// connection names, sealed with a key from the OS keyring.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"chaperone/audit"
	"chaperone/audit/vault"
)

// FileName is the store's file name inside the data directory.
const FileName = "history.db"

// KeyName is the vault key that seals third-party data in the history.
const KeyName = "history"

// ErrNotFound means no audit has the requested ID (or there is none yet).
var ErrNotFound = errors.New("no such audit in the history")

// ErrNothingRead refuses to keep an audit in which no platform was read.
var ErrNothingRead = errors.New("no platform could be read, so there is no audit to keep")

// ErrBusy means another Chaperone process holds the history file.
var ErrBusy = errors.New("the history is in use by another Chaperone process")

var (
	bucketEntries = []byte("entries") // ID -> Entry JSON (clear)
	bucketResults = []byte("results") // ID -> sealed Result JSON
	bucketNotes   = []byte("notes")   // ID -> sealed Notes JSON
	bucketMeta    = []byte("meta")    // "schema" -> version
)

const storeSchema = "1"

// Sealer encrypts and decrypts with a key the store never sees;
// *vault.Box is one.
type Sealer interface {
	Seal(plain, aad []byte) ([]byte, error)
	Open(sealed, aad []byte) ([]byte, error)
}

// Entry is one audit as the history lists it. It holds no third-party
// data, only dates, the guideline and scores.
type Entry struct {
	ID         string             `json:"id"`
	StartedAt  time.Time          `json:"started_at"`
	FinishedAt time.Time          `json:"finished_at"`
	Guideline  audit.GuidelineRef `json:"guideline"`
	Platforms  []audit.Platform   `json:"platforms"`
	Score      audit.Score        `json:"score"`
	// Incomplete marks an audit in which some chosen platform could not be
	// read; NotAudited names those platforms and why (plain words only).
	Incomplete bool               `json:"incomplete,omitempty"`
	NotAudited []audit.NotAudited `json:"not_audited,omitempty"`
}

// EntryOf summarises a result.
func EntryOf(r *audit.Result) Entry {
	e := Entry{
		ID:         r.ID,
		StartedAt:  r.StartedAt.UTC(),
		FinishedAt: r.FinishedAt.UTC(),
		Guideline:  r.Guideline,
		Score:      r.Score,
	}
	if r.Snapshot != nil {
		e.Platforms = r.Snapshot.Audited()
		for _, na := range r.NotAudited() {
			na.Detail, na.Account = "", "" // a raw error may hold an address; the entry is kept in clear
			e.NotAudited = append(e.NotAudited, na)
		}
		e.Incomplete = len(e.NotAudited) > 0
	}
	return e
}

// Notes is what the doctor writes about an audit for the appraisal: the
// reflection and the actions they took. Sealed, as a doctor may mention
// people in free text.
type Notes struct {
	Found   string   `json:"found,omitempty"`
	Learned string   `json:"learned,omitempty"`
	Changed string   `json:"changed,omitempty"`
	WillDo  string   `json:"will_do,omitempty"`
	Actions []string `json:"actions,omitempty"`
}

// Store is the audit history kept in one file. The file is opened for each
// operation and closed after, so the app running in the background and the
// command line can both use it.
type Store struct {
	path string
	box  Sealer     // a fixed box (New), or
	key  *vault.Key // a keyring key fetched when first needed (Open)
	// Timeout is how long an operation waits for another process's lock.
	Timeout time.Duration
}

// New returns the store kept at path (created on first save), sealing
// results and notes with box; nil is allowed for summary-only use (List,
// Entries), and then Save, Load and notes fail. A box with a KeyID method
// (*vault.Box) lets the store tell a wrong key from damaged data.
func New(path string, box Sealer) *Store {
	return &Store{path: path, box: box, Timeout: 5 * time.Second}
}

// Open returns the store kept at path, sealing with key. The key is
// fetched from the keyring when first needed, and made only while the file
// holds nothing sealed: when sealed audits or notes exist and the key is
// gone, or is not the one that sealed them, what needs it fails with
// vault.ErrKeyLost, the summaries (Entries) still read, and SetAside
// starts a new history.
func Open(path string, key *vault.Key) *Store {
	return &Store{path: path, key: key, Timeout: 5 * time.Second}
}

// SetAsidePrefix begins the name an old history file is given by SetAside.
const SetAsidePrefix = "history-set-aside-"

// Path is the store's file.
func (s *Store) Path() string { return s.path }

func (s *Store) open(readOnly bool) (*bolt.DB, error) {
	if readOnly {
		if _, err := os.Stat(s.path); errors.Is(err, os.ErrNotExist) {
			return nil, os.ErrNotExist
		}
	} else if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return nil, fmt.Errorf("creating history folder: %w", err)
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: s.Timeout, ReadOnly: readOnly})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("opening %s: %w", s.path, ErrBusy)
	}
	if err != nil {
		return nil, fmt.Errorf("opening history %s: %w", s.path, err)
	}
	return db, nil
}

func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	db, err := s.open(true)
	if errors.Is(err, os.ErrNotExist) {
		return fn(nil)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	return db.View(fn)
}

func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	db, err := s.open(false)
	if err != nil {
		return err
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketEntries, bucketResults, bucketNotes, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if v := tx.Bucket(bucketMeta).Get([]byte("schema")); v != nil && string(v) != storeSchema {
			return fmt.Errorf("history file has schema %s, this Chaperone reads %s", v, storeSchema)
		}
		if err := tx.Bucket(bucketMeta).Put([]byte("schema"), []byte(storeSchema)); err != nil {
			return err
		}
		return fn(tx)
	}); err != nil {
		db.Close()
		return fmt.Errorf("writing history: %w", err)
	}
	return db.Close()
}

func resultAAD(id string) []byte { return []byte("chaperone/history/result/" + id) }
func notesAAD(id string) []byte  { return []byte("chaperone/history/notes/" + id) }

// Save stores a completed audit, replacing one with the same ID. It is
// atomic: afterwards the history holds either the whole audit or, if the
// process dies first, exactly what it held before.
func (s *Store) Save(r *audit.Result) error {
	if r == nil || r.ID == "" {
		return errors.New("saving audit: the result has no ID")
	}
	if !r.AnyRead() {
		// An audit that read nothing is no result: kept, it would drop the
		// trend to zero and restart the reminder's clock.
		return ErrNothingRead
	}
	box, id, err := s.sealerFor("saving audit " + r.ID)
	if err != nil {
		return err
	}
	plain, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("saving audit %s: %w", r.ID, err)
	}
	sealed, err := box.Seal(plain, resultAAD(r.ID))
	if err != nil {
		return fmt.Errorf("saving audit %s: %w", r.ID, err)
	}
	entry, err := json.Marshal(EntryOf(r))
	if err != nil {
		return fmt.Errorf("saving audit %s: %w", r.ID, err)
	}
	return s.update(func(tx *bolt.Tx) error {
		if err := s.claimKey(tx, box, id); err != nil {
			return fmt.Errorf("saving audit %s: %w", r.ID, err)
		}
		if err := tx.Bucket(bucketResults).Put([]byte(r.ID), sealed); err != nil {
			return err
		}
		return tx.Bucket(bucketEntries).Put([]byte(r.ID), entry)
	})
}

// Entries lists every stored audit, oldest first. It needs no key.
func (s *Store) Entries() ([]Entry, error) {
	var out []Entry
	err := s.view(func(tx *bolt.Tx) error {
		if tx == nil {
			return nil
		}
		b := tx.Bucket(bucketEntries)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var e Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("audit %s: %w", k, err)
			}
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("listing history: %w", err)
	}
	sortEntries(out)
	return out, nil
}

func sortEntries(es []Entry) {
	sort.SliceStable(es, func(i, j int) bool {
		if !es[i].FinishedAt.Equal(es[j].FinishedAt) {
			return es[i].FinishedAt.Before(es[j].FinishedAt)
		}
		return es[i].ID < es[j].ID
	})
}

// Load returns the full audit with the given ID.
func (s *Store) Load(id string) (*audit.Result, error) {
	plain, err := s.openSealed(bucketResults, id, resultAAD(id))
	if err != nil {
		return nil, fmt.Errorf("loading audit %s: %w", id, err)
	}
	if plain == nil {
		return nil, fmt.Errorf("loading audit %s: %w", id, ErrNotFound)
	}
	var r audit.Result
	if err := json.Unmarshal(plain, &r); err != nil {
		return nil, fmt.Errorf("loading audit %s: %w", id, err)
	}
	return &r, nil
}

// Latest returns the most recent audit.
func (s *Store) Latest() (*audit.Result, error) {
	es, err := s.Entries()
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, fmt.Errorf("latest audit: %w", ErrNotFound)
	}
	return s.Load(es[len(es)-1].ID)
}

// Before returns the most recent audit finished before t (other than the
// one with ID skip), or ErrNotFound. The report uses it for "what changed
// since the last audit".
func (s *Store) Before(t time.Time, skip string) (*audit.Result, error) {
	es, err := s.Entries()
	if err != nil {
		return nil, err
	}
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].ID != skip && es[i].FinishedAt.Before(t) {
			return s.Load(es[i].ID)
		}
	}
	return nil, fmt.Errorf("audit before %s: %w", t.Format(time.RFC3339), ErrNotFound)
}

// Delete removes an audit and its notes.
func (s *Store) Delete(id string) error {
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketEntries).Get([]byte(id)) == nil {
			return fmt.Errorf("deleting audit %s: %w", id, ErrNotFound)
		}
		for _, b := range [][]byte{bucketEntries, bucketResults, bucketNotes} {
			if err := tx.Bucket(b).Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Notes returns the doctor's notes on an audit; empty notes if none yet.
func (s *Store) Notes(id string) (Notes, error) {
	var n Notes
	plain, err := s.openSealed(bucketNotes, id, notesAAD(id))
	if err != nil {
		return n, fmt.Errorf("reading notes on %s: %w", id, err)
	}
	if plain == nil {
		return n, nil
	}
	if err := json.Unmarshal(plain, &n); err != nil {
		return n, fmt.Errorf("reading notes on %s: %w", id, err)
	}
	return n, nil
}

// SetNotes stores the doctor's notes on an audit that is in the history.
func (s *Store) SetNotes(id string, n Notes) error {
	box, kid, err := s.sealerFor("saving notes on " + id)
	if err != nil {
		return err
	}
	plain, err := json.Marshal(n)
	if err != nil {
		return err
	}
	sealed, err := box.Seal(plain, notesAAD(id))
	if err != nil {
		return fmt.Errorf("saving notes on %s: %w", id, err)
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketEntries).Get([]byte(id)) == nil {
			return fmt.Errorf("saving notes on %s: %w", id, ErrNotFound)
		}
		if err := s.claimKey(tx, box, kid); err != nil {
			return fmt.Errorf("saving notes on %s: %w", id, err)
		}
		return tx.Bucket(bucketNotes).Put([]byte(id), sealed)
	})
}

// LastFinished is when the most recent audit finished; zero with no audit.
func (s *Store) LastFinished() (time.Time, error) {
	es, err := s.Entries()
	if err != nil || len(es) == 0 {
		return time.Time{}, err
	}
	return es[len(es)-1].FinishedAt, nil
}

// LastComplete is when the most recent audit that read every chosen
// platform finished; zero with none. The reminder counts the next due date
// from it, so an incomplete audit does not put the next one off.
func (s *Store) LastComplete() (time.Time, error) {
	es, err := s.Entries()
	if err != nil {
		return time.Time{}, err
	}
	for i := len(es) - 1; i >= 0; i-- {
		if !es[i].Incomplete {
			return es[i].FinishedAt, nil
		}
	}
	return time.Time{}, nil
}
