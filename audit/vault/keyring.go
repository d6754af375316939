package vault

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	gokeyring "github.com/zalando/go-keyring"
)

// System returns the operating system's keyring (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows).
func System() Keyring { return systemKeyring{} }

type systemKeyring struct{}

func (systemKeyring) Get(service, user string) (string, error) {
	s, err := gokeyring.Get(service, user)
	if err != nil {
		return "", classify("reading from", err)
	}
	return s, nil
}

func (systemKeyring) Set(service, user, secret string) error {
	if err := gokeyring.Set(service, user, secret); err != nil {
		return classify("writing to", err)
	}
	return nil
}

func (systemKeyring) Delete(service, user string) error {
	if err := gokeyring.Delete(service, user); err != nil {
		return classify("deleting from", err)
	}
	return nil
}

// classify maps go-keyring's and D-Bus's errors onto our sentinels so that
// callers can tell "not there" from "locked" from "no keyring at all".
func classify(op string, err error) error {
	if errors.Is(err, gokeyring.ErrNotFound) {
		return fmt.Errorf("%s the keyring: %w", op, ErrNotFound)
	}
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "locked"), strings.Contains(msg, "dismissed"),
		strings.Contains(msg, "prompt"), strings.Contains(msg, "isnotunlocked"):
		return fmt.Errorf("%s the keyring: %w (%v)", op, ErrLocked, err)
	case strings.Contains(msg, "dbus"), strings.Contains(msg, "secret service"),
		strings.Contains(msg, "secrets"), strings.Contains(msg, "serviceunknown"),
		strings.Contains(msg, "connection refused"), strings.Contains(msg, "no such file"),
		errors.Is(err, gokeyring.ErrUnsupportedPlatform):
		return fmt.Errorf("%s the keyring: %w (%v)", op, ErrUnavailable, err)
	}
	return fmt.Errorf("%s the keyring: %w", op, err)
}

// Memory returns an in-memory keyring for unit tests.
func Memory() Keyring { return &memKeyring{m: map[string]string{}} }

type memKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *memKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	s, ok := k.m[service+"\x00"+user]
	if !ok {
		return "", fmt.Errorf("reading from the keyring: %w", ErrNotFound)
	}
	return s, nil
}

func (k *memKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[service+"\x00"+user] = secret
	return nil
}

func (k *memKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	key := service + "\x00" + user
	if _, ok := k.m[key]; !ok {
		return fmt.Errorf("deleting from the keyring: %w", ErrNotFound)
	}
	delete(k.m, key)
	return nil
}
