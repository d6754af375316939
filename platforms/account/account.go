// Package account keeps the list of the doctor's accounts and their
// credentials. The list (platform, user name, where its browser profile is)
// is a plain JSON file with no secrets in it; passwords and authenticator
// secrets live only in the OS keyring.
package account

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"chaperone/audit"
	"chaperone/audit/vault"
	"chaperone/platforms"
)

// Account is one of the doctor's social-media accounts.
type Account struct {
	Platform audit.Platform `json:"platform"`
	User     string         `json:"user"`
	// Origin is the site the account was added for (scheme://host[:port]):
	// its password and codes go there and nowhere else, and only pages from
	// it are read. Empty means the network's real site.
	Origin string    `json:"origin,omitempty"`
	Added  time.Time `json:"added"`
	// LegacyBaseURL is the same binding as earlier versions wrote it; it is
	// read into Origin and never written again.
	LegacyBaseURL string `json:"base_url,omitempty"`
}

// Store is the account list in a data directory plus the keyring.
type Store struct {
	dir string
	kr  vault.Keyring
	mu  sync.Mutex
}

// ErrNoPassword means no password was saved for the account, so the app
// cannot log in by itself when the browser session has expired.
var ErrNoPassword = errors.New("no password saved for this account: log in again with \"Add account\", or save the password with `chaperone account add`")

// Open returns the store kept in dataDir.
func Open(dataDir string, kr vault.Keyring) *Store {
	return &Store{dir: dataDir, kr: kr}
}

func (s *Store) file() string { return filepath.Join(s.dir, "accounts.json") }

type fileFormat struct {
	Schema   int       `json:"schema"`
	Accounts []Account `json:"accounts"`
}

// List returns the saved accounts in platform order.
func (s *Store) List() ([]Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.load()
}

func (s *Store) load() ([]Account, error) {
	data, err := os.ReadFile(s.file())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading accounts: %w", err)
	}
	var f fileFormat
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("reading accounts from %s: %w", s.file(), err)
	}
	if f.Schema != 1 {
		return nil, fmt.Errorf("reading accounts from %s: unknown schema %d", s.file(), f.Schema)
	}
	for i := range f.Accounts {
		a := &f.Accounts[i]
		if a.Origin == "" && a.LegacyBaseURL != "" {
			a.Origin = platforms.Origin(a.LegacyBaseURL)
		}
		a.LegacyBaseURL = ""
	}
	return f.Accounts, nil
}

func (s *Store) save(list []Account) error {
	slices.SortStableFunc(list, func(a, b Account) int {
		if c := slices.Index(audit.Platforms, a.Platform) - slices.Index(audit.Platforms, b.Platform); c != 0 {
			return c
		}
		return strings.Compare(a.User, b.User)
	})
	data, err := json.MarshalIndent(fileFormat{Schema: 1, Accounts: list}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("saving accounts: %w", err)
	}
	return vault.WriteFileAtomic(s.file(), data, 0o600)
}

// Validate reports whether a platform and user name can be saved.
func Validate(p audit.Platform, user string) error {
	if !slices.Contains(audit.Platforms, p) {
		var names []string
		for _, q := range audit.Platforms {
			names = append(names, string(q))
		}
		return fmt.Errorf("unknown platform %q (one of: %s)", p, strings.Join(names, ", "))
	}
	if strings.TrimSpace(user) == "" {
		return errors.New("the user name (the email, phone or handle you log in with) is empty")
	}
	return nil
}

// Add saves an account, replacing one with the same platform and user.
// A non-empty Origin must be a site address: https, or plain http on this
// computer (the sandbox).
func (s *Store) Add(a Account) error {
	if err := Validate(a.Platform, a.User); err != nil {
		return err
	}
	if a.Origin != "" {
		o := platforms.Origin(a.Origin)
		if err := platforms.CheckOrigin(o); err != nil {
			return err
		}
		a.Origin = o
	}
	a.LegacyBaseURL = ""
	s.mu.Lock()
	defer s.mu.Unlock()
	list, err := s.load()
	if err != nil {
		return err
	}
	list = slices.DeleteFunc(list, func(b Account) bool { return b.Platform == a.Platform && b.User == a.User })
	if a.Added.IsZero() {
		a.Added = time.Now().UTC()
	}
	return s.save(append(list, a))
}

// Remove forgets an account: its entry, its keyring secrets and its browser
// profile (so its session cookies go too).
func (s *Store) Remove(p audit.Platform, user string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	list, err := s.load()
	if err != nil {
		return err
	}
	n := len(list)
	list = slices.DeleteFunc(list, func(b Account) bool { return b.Platform == p && b.User == user })
	if len(list) == n {
		return fmt.Errorf("no %s account %q", p.DisplayName(), user)
	}
	for _, kind := range []string{"password", "totp"} {
		if err := s.kr.Delete(vault.Service, secretUser(kind, p, user)); err != nil && !errors.Is(err, vault.ErrNotFound) {
			return fmt.Errorf("removing the saved %s: %w", kind, err)
		}
	}
	if err := os.RemoveAll(s.ProfileDir(p, user)); err != nil {
		return fmt.Errorf("removing the browser profile: %w", err)
	}
	return s.save(list)
}

func secretUser(kind string, p audit.Platform, user string) string {
	return kind + ":" + string(p) + ":" + user
}

// SetPassword saves the account's password in the keyring.
func (s *Store) SetPassword(p audit.Platform, user, password string) error {
	if password == "" {
		return errors.New("the password is empty")
	}
	if err := s.kr.Set(vault.Service, secretUser("password", p, user), password); err != nil {
		return fmt.Errorf("saving the password: %w", err)
	}
	return nil
}

// SetTOTPSecret saves the authenticator-app secret (base32) so the app can
// answer the second-factor step itself.
func (s *Store) SetTOTPSecret(p audit.Platform, user, secret string) error {
	secret = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(secret), " ", ""))
	if secret == "" {
		return errors.New("the authenticator secret is empty")
	}
	if err := s.kr.Set(vault.Service, secretUser("totp", p, user), secret); err != nil {
		return fmt.Errorf("saving the authenticator secret: %w", err)
	}
	return nil
}

// HasPassword reports whether a password is saved for the account.
func (s *Store) HasPassword(p audit.Platform, user string) (bool, error) {
	_, err := s.kr.Get(vault.Service, secretUser("password", p, user))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, vault.ErrNotFound):
		return false, nil
	}
	return false, err
}

// Login returns the saved password and authenticator secret (which may be
// empty) for the account; it satisfies the runner's Credentials.
func (s *Store) Login(_ context.Context, p audit.Platform, user string) (password, totpSecret string, err error) {
	password, err = s.kr.Get(vault.Service, secretUser("password", p, user))
	if errors.Is(err, vault.ErrNotFound) {
		return "", "", ErrNoPassword
	}
	if err != nil {
		return "", "", fmt.Errorf("getting the password for %s: %w", p.DisplayName(), err)
	}
	totpSecret, err = s.kr.Get(vault.Service, secretUser("totp", p, user))
	if err != nil && !errors.Is(err, vault.ErrNotFound) {
		return "", "", fmt.Errorf("getting the authenticator secret for %s: %w", p.DisplayName(), err)
	}
	return password, totpSecret, nil
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._@+-]+`)

// ProfileDir is the app-owned browser profile directory for the account,
// where its logged-in session is kept between audits.
func (s *Store) ProfileDir(p audit.Platform, user string) string {
	name := unsafeChars.ReplaceAllString(user, "_")
	return filepath.Join(s.dir, "profiles", string(p)+"-"+name)
}
