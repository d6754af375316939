// Package evidence keeps the screenshots that show where an audit read each
// fact. A screenshot may show other people's names and faces, so it is
// never written in clear: it is sealed with a key held in the operating
// system's keyring (KeyName, as the history seals results), and opened
// only in memory to be shown.
package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"chaperone/audit"
	"chaperone/audit/vault"
)

// KeyName is the vault key that seals screenshots.
const KeyName = "evidence"

// Ext ends the name of every sealed screenshot.
const Ext = ".png.sealed"

// MaxSize caps a sealed screenshot read back. A full-page PNG of a settings
// page is well under 5 MB.
const MaxSize = 32 << 20

// Sealer encrypts and decrypts with a key the store never sees;
// *vault.Box is one.
type Sealer interface {
	Seal(plain, aad []byte) ([]byte, error)
	Open(sealed, aad []byte) ([]byte, error)
}

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// ErrNotScreenshot means a file is not a sealed screenshot this key opens:
// another key, damaged, renamed, or not sealed at all.
var ErrNotScreenshot = errors.New("not a sealed screenshot that this key opens")

// Store writes sealed screenshots under one directory, a folder per
// platform.
type Store struct {
	dir string
	box Sealer
}

// New returns the store under dir, sealing with box.
func New(dir string, box Sealer) *Store { return &Store{dir: dir, box: box} }

// Dir is where the store writes.
func (s *Store) Dir() string { return s.dir }

// Keep seals png as the screenshot of fact id on platform p, replacing an
// earlier one of the same fact, and returns the path to give Open.
func (s *Store) Keep(p audit.Platform, id string, png []byte) (string, error) {
	if !bytes.HasPrefix(png, pngMagic) {
		return "", errors.New("keeping a screenshot: not a PNG")
	}
	name := fileName(id)
	folder := filepath.Join(s.dir, safe(string(p)))
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return "", fmt.Errorf("evidence folder: %w", err)
	}
	path := filepath.Join(folder, name)
	sealed, err := s.box.Seal(png, aad(path))
	if err != nil {
		return "", fmt.Errorf("sealing the screenshot of %s: %w", id, err)
	}
	if err := vault.WriteFileAtomic(path, sealed, 0o600); err != nil {
		return "", err
	}
	return path, nil
}

// Open reads the sealed screenshot at path (a path Keep returned, as a
// fact's Screenshot holds it) and returns the PNG, in memory only.
func Open(box Sealer, path string) ([]byte, error) {
	if !strings.HasSuffix(path, Ext) {
		return nil, fmt.Errorf("opening %s: %w", filepath.Base(path), ErrNotScreenshot)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the screenshot: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("opening the screenshot: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("opening %s: not a regular file", filepath.Base(path))
	}
	if st.Size() > MaxSize {
		return nil, fmt.Errorf("opening %s: %d MB is more than a screenshot's limit of %d MB", filepath.Base(path), st.Size()>>20, MaxSize>>20)
	}
	sealed, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading the screenshot: %w", err)
	}
	if len(sealed) > MaxSize {
		return nil, fmt.Errorf("opening %s: more than a screenshot's limit of %d MB", filepath.Base(path), MaxSize>>20)
	}
	return openSealed(box, sealed, path)
}

func openSealed(box Sealer, sealed []byte, path string) ([]byte, error) {
	png, err := box.Open(sealed, aad(path))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w (%v)", filepath.Base(path), ErrNotScreenshot, err)
	}
	if !bytes.HasPrefix(png, pngMagic) {
		return nil, fmt.Errorf("opening %s: %w (not a PNG inside)", filepath.Base(path), ErrNotScreenshot)
	}
	return png, nil
}

// aad binds a sealed screenshot to its platform folder and name, so that
// one fact's screenshot cannot be passed off as another's by renaming.
func aad(path string) []byte {
	return []byte("chaperone/evidence/" + filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path))
}

// fileName is the file of fact id: dots and slashes become dashes.
func fileName(id string) string { return safe(id) + Ext }

func safe(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
			return r
		}
		return '-'
	}, s)
	if s == "" {
		return "-"
	}
	return s
}
