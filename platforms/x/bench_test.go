package x_test

import (
	"testing"

	"chaperone/platforms"
)

// BenchmarkDemoAudit times one audit of the demo persona's X on a saved
// session (the first, logging in, is left out of the timing).
func BenchmarkDemoAudit(b *testing.B) {
	f := newFixture(b)
	if _, cov, err := f.audit(b, platforms.Options{}); err != nil || len(cov.Missing) != 0 {
		b.Fatalf("first audit: %v %v", err, cov.Missing)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, cov, err := f.audit(b, platforms.Options{}); err != nil || len(cov.Missing) != 0 {
			b.Fatalf("audit: %v %v", err, cov.Missing)
		}
	}
}
