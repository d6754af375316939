// Package networks is the one list of the networks Chaperone audits live,
// each with its sandbox replica. The runner, the demo, the command line and
// the app learn the set of networks from it and never name one; adding a
// network is adding its line.
package networks

import (
	"chaperone/platforms"
	"chaperone/platforms/facebook"
	"chaperone/platforms/instagram"
	"chaperone/platforms/linkedin"
	"chaperone/platforms/sandbox"
	fbreplica "chaperone/platforms/sandbox/facebook"
	igreplica "chaperone/platforms/sandbox/instagram"
	linkedinreplica "chaperone/platforms/sandbox/linkedin"
	tiktokreplica "chaperone/platforms/sandbox/tiktok"
	whatsappreplica "chaperone/platforms/sandbox/whatsapp"
	xreplica "chaperone/platforms/sandbox/x"
	"chaperone/platforms/tiktok"
	"chaperone/platforms/whatsapp"
	"chaperone/platforms/x"
)

// Network is one network: the adapter that reads it and the replica the
// demo and the tests read instead.
type Network struct {
	Adapter platforms.Adapter
	Replica sandbox.NewSite
}

// All is every network Chaperone audits live.
func All() []Network {
	return []Network{
		{facebook.Adapter{}, fbreplica.NewSite},
		{instagram.Adapter{}, igreplica.NewSite},
		{linkedin.Adapter{}, linkedinreplica.NewSite},
		{x.Adapter{}, xreplica.NewSite},
		{tiktok.Adapter{}, tiktokreplica.NewSite},
		{whatsapp.Adapter{}, whatsappreplica.NewSite},
	}
}

// Adapters is every network's adapter.
func Adapters() []platforms.Adapter {
	var out []platforms.Adapter
	for _, n := range All() {
		out = append(out, n.Adapter)
	}
	return out
}

// Replicas is every network's sandbox replica.
func Replicas() []sandbox.NewSite {
	var out []sandbox.NewSite
	for _, n := range All() {
		out = append(out, n.Replica)
	}
	return out
}
