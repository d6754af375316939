package facebook

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
)

// TOTP returns the RFC 6238 code (HMAC-SHA-1, 30-second step, 6 digits) an
// authenticator app shows at time t for a base32 secret. Spaces, hyphens,
// padding and lower case in the secret are accepted, as apps accept them.
func TOTP(secret string, t time.Time) (string, error) {
	s := strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "=", "", "\t", "").Replace(secret))
	if s == "" {
		return "", errors.New("totp: empty secret")
	}
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	if err != nil {
		return "", fmt.Errorf("totp: secret is not base32: %w", err)
	}
	if t.Unix() < 0 {
		return "", errors.New("totp: time before 1970")
	}
	return hotp(key, uint64(t.Unix())/30, 6), nil
}

// hotp is RFC 4226.
func hotp(key []byte, counter uint64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, v%mod)
}
