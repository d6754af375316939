package watchlist

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"chaperone/audit"
	"chaperone/audit/vault"
)

// BoxName is the name of the keyring key that seals the watch-list and the
// review decisions.
const BoxName = "watchlist"

const (
	listFile      = "list.sealed"
	decisionsFile = "decisions.sealed"
	// keyIDFile names the key that sealed the files (vault.Box.KeyID), so
	// that another key is told from damage.
	keyIDFile = "key.id"
)

// SetAsidePrefix begins the name an old watch-list folder is given by
// SetAside.
const SetAsidePrefix = "watchlist-set-aside-"

// Additional data bound to each sealed file, so one cannot be swapped for
// the other.
var (
	listAAD      = []byte("chaperone/watchlist/list/v1")
	decisionsAAD = []byte("chaperone/watchlist/decisions/v1")
)

// Verdict is the doctor's answer about one candidate.
type Verdict string

const (
	// Patient: the connection is a current or former patient.
	Patient Verdict = "patient"
	// NotPatient: dismissed; the connection is not that person (or, with
	// no person, not a patient at all).
	NotPatient Verdict = "not_patient"
)

// Decision is one review answer. Conn is an opaque connection ID (see
// Review.ConnID); Person is the watch-list person it was matched to, or
// empty for a connection reviewed without a match ("worth a look").
type Decision struct {
	Conn    string    `json:"conn"`
	Person  string    `json:"person,omitempty"`
	Verdict Verdict   `json:"verdict"`
	At      time.Time `json:"at"`
}

// Practice describes where the doctor works, for ranking connections that
// are worth a look when there is no watch-list.
type Practice struct {
	// Towns are the towns or postcode districts the practice serves.
	Towns []string `json:"towns,omitempty"`
	// Since is when the doctor started there; zero when not given.
	Since time.Time `json:"since,omitempty"`
}

// List is the stored watch-list.
type List struct {
	People   []Person `json:"people"`
	Practice Practice `json:"practice"`
	// Salt keys the opaque IDs of people and connections, so an ID cannot
	// be turned back into a name by trying names.
	Salt []byte `json:"salt"`
}

// Review is everything the connection review needs: the list, the
// practice and the decisions so far.
type Review struct {
	People    []Person
	Practice  Practice
	Decisions []Decision
	salt      []byte
}

// Store keeps the watch-list and decisions sealed in a directory, with the
// key in the keyring. Nothing is written when the keyring cannot be used.
type Store struct {
	dir string
	kr  vault.Keyring
	mu  sync.Mutex
}

// Open returns the store in dataDir/watchlist using keyring kr.
func Open(kr vault.Keyring, dataDir string) *Store {
	return &Store{dir: filepath.Join(dataDir, "watchlist"), kr: kr}
}

// OpenDefault opens the store in the app's data directory with the OS
// keyring.
func OpenDefault() (*Store, error) {
	dir, err := vault.DataDir()
	if err != nil {
		return nil, err
	}
	return Open(vault.System(), dir), nil
}

// Dir is where the sealed files live.
func (s *Store) Dir() string { return s.dir }

// keyringError turns the vault's errors into one plain sentence that says
// nothing was stored.
func keyringError(what string, err error) error {
	switch {
	case errors.Is(err, vault.ErrLocked):
		return fmt.Errorf("%s: the keyring is locked, so nothing was stored; unlock it and try again: %w", what, err)
	case errors.Is(err, vault.ErrUnavailable):
		return fmt.Errorf("%s: no keyring is available, so nothing was stored (the watch-list is only ever kept encrypted with a key in the OS keyring): %w", what, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// box is the key's box. A key is made only while no sealed file exists:
// over sealed files a missing key is vault.ErrKeyLost, never replaced.
func (s *Store) box(what string) (*vault.Box, error) {
	sealed := false
	for _, name := range []string{listFile, decisionsFile} {
		if _, err := os.Lstat(filepath.Join(s.dir, name)); err == nil {
			sealed = true
		}
	}
	b, err := vault.BoxFor(s.kr, BoxName, sealed)
	if err != nil {
		return nil, keyringError(what, err)
	}
	if id, err := os.ReadFile(filepath.Join(s.dir, keyIDFile)); err == nil && sealed && string(id) != b.KeyID() {
		return nil, fmt.Errorf("%s: %w", what, &vault.KeyLostError{Name: BoxName, Other: true})
	}
	return b, nil
}

// read opens a sealed file; a missing file is (nil, nil) and does not
// touch the keyring.
func (s *Store) read(name string, aad []byte, v any) (bool, error) {
	path := filepath.Join(s.dir, name)
	sealed, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading the watch-list: %w", err)
	}
	b, err := s.box("opening the watch-list")
	if err != nil {
		return false, err
	}
	plain, err := b.Open(sealed, aad)
	if err != nil {
		if _, idErr := os.Stat(filepath.Join(s.dir, keyIDFile)); errors.Is(err, vault.ErrTampered) && errors.Is(idErr, fs.ErrNotExist) {
			// Saved before key IDs were kept: most likely a key made over
			// it by an older Chaperone after the keyring was reset.
			return false, fmt.Errorf("opening %s: %w", name, &vault.KeyLostError{Name: BoxName, Other: true})
		}
		return false, fmt.Errorf("opening %s (was the key wiped?): %w", name, err)
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return false, fmt.Errorf("reading %s: damaged", name)
	}
	return true, nil
}

func (s *Store) write(name string, aad []byte, v any) error {
	b, err := s.box("saving the watch-list")
	if err != nil {
		return err
	}
	plain, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", name, err)
	}
	sealed, err := b.Seal(plain, aad)
	if err != nil {
		return fmt.Errorf("sealing %s: %w", name, err)
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("saving the watch-list: %w", err)
	}
	if err := vault.WriteFileAtomic(filepath.Join(s.dir, keyIDFile), []byte(b.KeyID()), 0o600); err != nil {
		return fmt.Errorf("saving the watch-list: %w", err)
	}
	if err := vault.WriteFileAtomic(filepath.Join(s.dir, name), sealed, 0o600); err != nil {
		return fmt.Errorf("saving the watch-list: %w", err)
	}
	return nil
}

// SetAside starts a new watch-list, for when the old one's key is lost:
// the folder is renamed beside itself with the date (SetAsidePrefix +
// "2006-01-02", then "-2"...), never deleted or overwritten. It returns
// the old folder's new path, or "" when there was none.
func (s *Store) SetAside(now time.Time) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := os.Lstat(s.dir); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	base := filepath.Join(filepath.Dir(s.dir), SetAsidePrefix+now.Format("2006-01-02"))
	for i := 1; i <= 100; i++ {
		dst := base
		if i > 1 {
			dst = fmt.Sprintf("%s-%d", base, i)
		}
		if _, err := os.Lstat(dst); err == nil {
			continue
		}
		if err := os.Rename(s.dir, dst); err != nil {
			return "", fmt.Errorf("setting the watch-list aside: %w", err)
		}
		return dst, nil
	}
	return "", fmt.Errorf("setting the watch-list aside: too many set aside on %s; move some away", now.Format("2 January 2006"))
}

// Load returns the stored list; an empty one (with a fresh salt) when none
// was saved.
func (s *Store) Load() (*List, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.load()
}

func (s *Store) load() (*List, error) {
	l, _, err := s.loadFound()
	return l, err
}

// loadFound also says whether a list was stored.
func (s *Store) loadFound() (*List, bool, error) {
	var l List
	found, err := s.read(listFile, listAAD, &l)
	if err != nil {
		return nil, false, err
	}
	if len(l.Salt) == 0 {
		l.Salt = make([]byte, 32)
		if _, err := rand.Read(l.Salt); err != nil {
			return nil, false, fmt.Errorf("making ID salt: %w", err)
		}
	}
	return &l, found, nil
}

// ensure loads the list, storing an empty one first if there is none, so
// that connection IDs handed out now stay valid for later decisions.
func (s *Store) ensure() (*List, error) {
	l, found, err := s.loadFound()
	if err != nil {
		return nil, err
	}
	if !found {
		if err := s.save(l); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// Save seals and stores l, giving each person a stable ID.
func (s *Store) Save(l *List) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.save(l)
}

func (s *Store) save(l *List) error {
	if len(l.Salt) == 0 {
		return errors.New("saving the watch-list: no ID salt (use Load to start a list)")
	}
	for i := range l.People {
		l.People[i].ID = personID(l.Salt, l.People[i])
	}
	return s.write(listFile, listAAD, l)
}

// Import adds the people of a CSV file to the stored list, skipping those
// already on it, and returns how many were added. If the keyring cannot
// be used, nothing is stored.
func (s *Store) Import(r io.Reader) (int, error) {
	people, err := ParseCSV(r)
	if err != nil {
		return 0, err
	}
	return s.Add(people...)
}

// Add puts people on the list (those already there are skipped).
func (s *Store) Add(people ...Person) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.load()
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, p := range l.People {
		have[personID(l.Salt, p)] = true
	}
	added := 0
	for _, p := range people {
		if strings.TrimSpace(p.Name) == "" {
			continue
		}
		id := personID(l.Salt, p)
		if have[id] {
			continue
		}
		have[id] = true
		l.People = append(l.People, p)
		added++
	}
	if err := s.save(l); err != nil {
		return 0, err
	}
	return added, nil
}

// Remove takes the people with the given IDs off the list.
func (s *Store) Remove(ids ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.load()
	if err != nil {
		return err
	}
	drop := map[string]bool{}
	for _, id := range ids {
		drop[id] = true
	}
	kept := l.People[:0]
	for _, p := range l.People {
		if !drop[personID(l.Salt, p)] {
			kept = append(kept, p)
		}
	}
	l.People = kept
	return s.save(l)
}

// SetPractice stores where the doctor works.
func (s *Store) SetPractice(p Practice) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.load()
	if err != nil {
		return err
	}
	l.Practice = p
	return s.save(l)
}

type decisions struct {
	Decisions []Decision `json:"decisions"`
}

// Decide records a review answer, replacing an earlier answer about the
// same connection and person.
func (s *Store) Decide(d Decision) error {
	if d.Conn == "" || (d.Verdict != Patient && d.Verdict != NotPatient) {
		return fmt.Errorf("recording a decision: need a connection and a verdict")
	}
	if d.At.IsZero() {
		d.At = time.Now().UTC()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.ensure(); err != nil {
		return err
	}
	var ds decisions
	if _, err := s.read(decisionsFile, decisionsAAD, &ds); err != nil {
		return err
	}
	kept := ds.Decisions[:0]
	for _, old := range ds.Decisions {
		if old.Conn != d.Conn || old.Person != d.Person {
			kept = append(kept, old)
		}
	}
	ds.Decisions = append(kept, d)
	return s.write(decisionsFile, decisionsAAD, ds)
}

// Review loads the list and the decisions together. The first time, it
// stores an empty list so that connection IDs stay stable; it needs the
// keyring for that.
func (s *Store) Review() (*Review, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, err := s.ensure()
	if err != nil {
		return nil, err
	}
	var ds decisions
	if _, err := s.read(decisionsFile, decisionsAAD, &ds); err != nil {
		return nil, err
	}
	for i := range l.People {
		l.People[i].ID = personID(l.Salt, l.People[i])
	}
	return &Review{People: l.People, Practice: l.Practice, Decisions: ds.Decisions, salt: l.Salt}, nil
}

// Wipe deletes the watch-list and every decision, and destroys the key
// that sealed them, in one action.
func (s *Store) Wipe() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	if err := os.RemoveAll(s.dir); err != nil {
		errs = append(errs, fmt.Errorf("deleting the watch-list files: %w", err))
	}
	if err := vault.DestroyKey(s.kr, BoxName); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// NewReview makes a Review that is not stored, for the command line and
// tests; its IDs are stable only within the process.
func NewReview(people []Person, practice Practice, decided []Decision) *Review {
	salt := make([]byte, 32)
	rand.Read(salt)
	r := &Review{People: append([]Person(nil), people...), Practice: practice, Decisions: decided, salt: salt}
	for i := range r.People {
		if r.People[i].ID == "" {
			r.People[i].ID = personID(salt, r.People[i])
		}
	}
	return r
}

func keyedID(salt []byte, parts ...string) string {
	h := hmac.New(sha256.New, salt)
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:10])
}

func norm(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

func personID(salt []byte, p Person) string {
	return "p-" + keyedID(salt, "person", norm(p.Name), norm(p.Maiden), strconv.Itoa(p.BirthYear), norm(p.Place))
}

// ConnID is the opaque ID of a connection: stable across audits (it rests
// on the platform and the handle, profile URL or name) but not reversible
// into a name without the salt sealed in the store.
func (r *Review) ConnID(c audit.Connection) string {
	key := norm(c.Handle)
	if key == "" {
		key = strings.TrimRight(strings.ToLower(c.URL), "/")
	}
	if key == "" {
		key = norm(c.Name)
	}
	return "c-" + keyedID(r.salt, "conn", string(c.Platform), key)
}

// IsPatient reports whether the doctor confirmed the connection as a
// current or former patient.
func (r *Review) IsPatient(conn string) bool {
	for _, d := range r.Decisions {
		if d.Conn == conn && d.Verdict == Patient {
			return true
		}
	}
	return false
}

// Reviewed reports whether the doctor has answered about this connection
// and person (person "" for a connection worth a look). A dismissal of the
// connection as a whole covers every person.
func (r *Review) Reviewed(conn, person string) bool {
	for _, d := range r.Decisions {
		if d.Conn != conn {
			continue
		}
		if d.Person == person || d.Verdict == Patient || d.Person == "" {
			return true
		}
	}
	return false
}

// DecidedOn reports whether any decision concerns a connection of the
// platform among conns, i.e. whether the doctor has reviewed anything there.
func (r *Review) DecidedOn(conns []audit.Connection) bool {
	ids := map[string]bool{}
	for _, c := range conns {
		ids[r.ConnID(c)] = true
	}
	for _, d := range r.Decisions {
		if ids[d.Conn] {
			return true
		}
	}
	return false
}
