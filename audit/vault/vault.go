// Package vault keeps Chaperone's secrets in the OS keyring and seals data at
// rest with keys held there. Nothing secret is ever written to a plain file:
// a password lives only in the keyring, and anything that could identify a
// third party is written encrypted with a key that lives only in the keyring.
package vault

import (
	"errors"
	"fmt"
	"io/fs"
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

// ErrNotRegularFile means a file that was to be written exists and is not
// a plain file: a symbolic link, a device, a named pipe, a socket or a
// folder. It is never written over, so that writing a report cannot change
// what a link points to or feed a device. Test with errors.Is.
var ErrNotRegularFile = errors.New("not a plain file")

// NotRegularError is ErrNotRegularFile for one path.
type NotRegularError struct {
	Path string
	// Kind says what it is, in words: "a symbolic link", "a device"...
	Kind string
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a plain file: Chaperone does not write over it; choose another file name", e.Path, e.Kind)
}

// Is makes errors.Is(err, ErrNotRegularFile) true.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegularFile }

// CheckTarget says whether path may be written: it must not exist or be a
// plain file. A symbolic link (even to a plain file), device, named pipe,
// socket or folder is a *NotRegularError. Commands call it before doing the
// work whose result they write, so that the refusal comes first.
func CheckTarget(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("checking %s: %w", path, err)
	}
	if fi.Mode().IsRegular() {
		return nil
	}
	return &NotRegularError{Path: path, Kind: kindOf(fi.Mode())}
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	}
	return "a special file"
}

// WriteFileAtomic writes data to path so that a crash at any moment leaves
// either the old file or the new one, never a torn mix: it writes a temporary
// file in the same directory, syncs it, renames it over path and syncs the
// directory. A path that is not a plain file (see CheckTarget) is refused,
// before and again just before the rename.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	if err := CheckTarget(path); err != nil {
		return err
	}
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
	if err := CheckTarget(path); err != nil {
		os.Remove(name)
		return err
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
