// Package vault keeps Chaperone's secrets in the OS keyring and seals data at
// rest with keys held there. Nothing secret is ever written to a plain file:
// a password lives only in the keyring, and anything that could identify a
// third party is written encrypted with a key that lives only in the keyring.
package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Service is the keyring service name under which every Chaperone secret is
// stored.
const Service = "chaperone"

// Errors a Keyring returns, wrapped with context; test with errors.Is.
var (
	// ErrNotFound: no such secret.
	ErrNotFound = errors.New("secret not found in the keyring")
	// ErrLocked: the keyring exists but is locked and could not be unlocked.
	ErrLocked = errors.New("the keyring is locked: unlock it (log in to your desktop session or open your password manager) and try again")
	// ErrUnavailable: there is no keyring service to talk to.
	ErrUnavailable = errors.New("no keyring is available: Chaperone keeps secrets only in the operating system's keyring (on Linux, a Secret Service such as GNOME Keyring or KWallet)")
)

// Keyring stores small secrets by service and user name.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// DataDir returns the directory where Chaperone keeps its files, creating it
// with mode 0700: $CHAPERONE_HOME if set, else $XDG_DATA_HOME/chaperone, else
// ~/.local/share/chaperone (the platform's user config directory elsewhere).
func DataDir() (string, error) {
	dir := os.Getenv("CHAPERONE_HOME")
	if dir == "" {
		if x := os.Getenv("XDG_DATA_HOME"); x != "" {
			dir = filepath.Join(x, "chaperone")
		} else if home, err := os.UserHomeDir(); err == nil && isLinuxLike() {
			dir = filepath.Join(home, ".local", "share", "chaperone")
		} else {
			cfg, err := os.UserConfigDir()
			if err != nil {
				return "", fmt.Errorf("finding the data directory: %w", err)
			}
			dir = filepath.Join(cfg, "Chaperone")
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the data directory: %w", err)
	}
	// MkdirAll leaves an existing directory's mode alone; tighten it.
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", fmt.Errorf("securing the data directory: %w", err)
	}
	return dir, nil
}

// WriteFileAtomic writes data to path so that a crash at any moment leaves
// either the old file or the new one, never a torn mix: it writes a temporary
// file in the same directory, syncs it, renames it over path and syncs the
// directory.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	name := tmp.Name()
	cleanup := func() { tmp.Close(); os.Remove(name) }
	if err := tmp.Chmod(perm); err != nil {
		cleanup()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		cleanup()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		cleanup()
		return fmt.Errorf("syncing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		// Best effort: some filesystems refuse to sync a directory.
		_ = d.Sync()
		d.Close()
	}
	return nil
}
