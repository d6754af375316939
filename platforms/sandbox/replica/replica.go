// Package replica is the toolkit the sandbox's replica sites share: cookie
// sessions, a login form with an optional authenticator checkpoint, safe
// next= redirects, class names made up per start, a template renderer with
// hashed static assets, the security headers, a process-wide cache of drawn
// images, JSON and paginated-list helpers, and account-picker, switch and
// radio-dialog markup.
//
// A replica keeps the real site's awkwardness (nested divs, dialogs,
// switches, lists fetched as JSON by the page, controls without accessible
// names where the real one has none); the toolkit only spares it the
// plumbing. Nothing here refers to another host.
package replica

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/http"
)

// CSP lets a page load nothing from anywhere but its own origin, and be
// framed by no one.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'"

// SecurityHeaders adds the headers every replica page carries.
func SecurityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", CSP)
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "origin-when-cross-origin")
		h.ServeHTTP(w, r)
	})
}

// Token is n random bytes in hex.
func Token(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Password is a fresh random password of 16 letters and digits, without the
// ones people misread (0/O, 1/l/I).
func Password() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		b[i] = alphabet[randN(len(alphabet))]
	}
	return string(b)
}

// randN is a uniform random number in [0, n) from crypto/rand.
func randN(n int) int {
	k, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return int(k.Int64())
}
