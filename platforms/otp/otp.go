// Package otp computes the one-time codes of authenticator apps (RFC 4226
// HOTP and RFC 6238 TOTP). The adapters use it to answer a platform's
// second-factor step with the secret the doctor saved in the keyring; the
// sandbox uses it to check the codes it is sent.
package otp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
)

// totpStep is the RFC 6238 time step every authenticator app uses by default.
const totpStep = 30

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// DecodeSecret decodes a base32 TOTP secret as authenticator apps accept it:
// case-insensitive, spaces and hyphens ignored, padding optional.
func DecodeSecret(secret string) ([]byte, error) {
	s := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '-', '=':
			return -1
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, secret)
	if s == "" {
		return nil, errors.New("totp secret: empty")
	}
	key, err := b32.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("totp secret: %w", err)
	}
	if len(key) == 0 {
		return nil, errors.New("totp secret: decodes to no bytes")
	}
	return key, nil
}

// HOTP is RFC 4226 with HMAC-SHA-1: the code for one counter value.
func HOTP(key []byte, counter uint64, digits int) string {
	if digits < 1 || digits > 9 {
		digits = 6
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// TOTP returns the 6-digit RFC 6238 code (SHA-1, 30 s step) for a base32
// secret at time t, the code an authenticator app shows.
func TOTP(secret string, t time.Time) (string, error) {
	key, err := DecodeSecret(secret)
	if err != nil {
		return "", err
	}
	if t.Unix() < 0 {
		return "", errors.New("totp: time before the Unix epoch")
	}
	return HOTP(key, uint64(t.Unix())/totpStep, 6), nil
}

// Verify reports whether code is valid for secret at t, allowing one step
// of clock drift either way as the real site does.
func Verify(secret, code string, t time.Time) bool {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return false
	}
	key, err := DecodeSecret(secret)
	if err != nil || t.Unix() < totpStep {
		return false
	}
	now := uint64(t.Unix()) / totpStep
	ok := 0
	for _, c := range []uint64{now - 1, now, now + 1} {
		ok |= subtle.ConstantTimeCompare([]byte(HOTP(key, c, 6)), []byte(code))
	}
	return ok == 1
}

// NewSecret returns a fresh random 160-bit base32 secret.
func NewSecret() string {
	var k [20]byte
	if _, err := rand.Read(k[:]); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return b32.EncodeToString(k[:])
}
