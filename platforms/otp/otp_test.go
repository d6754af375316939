package otp

import (
	"strings"
	"testing"
	"time"
)

func TestTOTPRFC6238Vectors(t *testing.T) {
	// RFC 6238 appendix B, SHA-1, secret "12345678901234567890".
	secret := b32.EncodeToString([]byte("12345678901234567890"))
	tests := []struct {
		unix  int64
		eight string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	}
	for _, tc := range tests {
		key, err := DecodeSecret(secret)
		if err != nil {
			t.Fatal(err)
		}
		if got := HOTP(key, uint64(tc.unix)/30, 8); got != tc.eight {
			t.Errorf("HOTP at %d = %s, want %s", tc.unix, got, tc.eight)
		}
		got, err := TOTP(secret, time.Unix(tc.unix, 0))
		if err != nil {
			t.Fatal(err)
		}
		if want := tc.eight[2:]; got != want {
			t.Errorf("TOTP at %d = %s, want %s", tc.unix, got, want)
		}
	}
}

func TestTOTPSecretForms(t *testing.T) {
	// Apps show secrets grouped, lower-case or padded; all are the same key.
	at := time.Unix(1234567890, 0)
	want, err := TOTP("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", at)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"gezd gnbv gy3t qojq gezd gnbv gy3t qojq", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ====", "gezd-gnbv-gy3t-qojq-gezd-gnbv-gy3t-qojq"} {
		got, err := TOTP(s, at)
		if err != nil || got != want {
			t.Errorf("TOTP(%q) = %q, %v; want %q", s, got, err, want)
		}
	}
	for _, bad := range []string{"", "   ", "!!!!", "A1"} {
		if _, err := TOTP(bad, at); err == nil {
			t.Errorf("TOTP(%q) gave no error", bad)
		}
	}
	if _, err := TOTP("GEZDGNBV", time.Unix(-5, 0)); err == nil {
		t.Error("TOTP before the epoch gave no error")
	}
}

func TestVerifyTOTPWindow(t *testing.T) {
	secret := NewSecret()
	now := time.Unix(1700000015, 0)
	for _, tc := range []struct {
		shift time.Duration
		ok    bool
	}{
		{0, true}, {-30 * time.Second, true}, {30 * time.Second, true},
		{-60 * time.Second, false}, {60 * time.Second, false},
	} {
		code, err := TOTP(secret, now.Add(tc.shift))
		if err != nil {
			t.Fatal(err)
		}
		if got := Verify(secret, code, now); got != tc.ok {
			t.Errorf("code from %v away: valid=%v, want %v", tc.shift, got, tc.ok)
		}
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if Verify(secret, bad, now) {
			t.Errorf("VerifyTOTP accepted %q", bad)
		}
	}
}

func FuzzDecodeSecret(f *testing.F) {
	for _, s := range []string{"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "gezd gnbv", "JBSWY3DPEHPK3PXP====", "", "0189", "A", "MZXW6==="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key, err := DecodeSecret(s)
		if err != nil {
			return
		}
		if len(key) == 0 {
			t.Fatal("empty key without error")
		}
		again, err := DecodeSecret(b32.EncodeToString(key))
		if err != nil || string(again) != string(key) {
			t.Fatalf("round trip of %q failed: %v", s, err)
		}
		code, err := TOTP(s, time.Unix(1700000000, 0))
		if err != nil || len(code) != 6 || strings.Trim(code, "0123456789") != "" {
			t.Fatalf("TOTP(%q) = %q, %v", s, code, err)
		}
	})
}

func FuzzTOTP(f *testing.F) {
	f.Add("GEZDGNBVGY3TQOJQ", int64(59))
	f.Fuzz(func(t *testing.T, secret string, unix int64) {
		code, err := TOTP(secret, time.Unix(unix, 0))
		if err == nil && len(code) != 6 {
			t.Fatalf("code %q", code)
		}
	})
}
