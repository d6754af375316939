// Package networks is the one list of the networks Chaperone audits live.
// The runner, the demo, the command line and the app learn the set of
// networks from it and never name one; adding a network is adding its line.
package networks

import (
	"chaperone/platforms"
	"chaperone/platforms/facebook"
)

// Adapters is every network's adapter, in no particular order (the
// product shows networks in audit.Platforms order).
func Adapters() []platforms.Adapter {
	return []platforms.Adapter{
		facebook.Adapter{},
	}
}
