package app

import (
	"slices"

	"chaperone/audit"
)

// PlatformAccounts is one platform in the side panel with the accounts the
// doctor has added on it (none: "Not added").
type PlatformAccounts struct {
	Platform audit.Platform
	Name     string
	Users    []string
	// Live is false for a network that cannot be audited live yet.
	Live bool
}

// Added reports whether any account is added on the platform.
func (p PlatformAccounts) Added() bool { return len(p.Users) > 0 }

// SidePanel lists every known platform, in display order, with its accounts
// and whether it can be audited live (live nil: all can). Demo accounts are
// not the doctor's and are left out.
func SidePanel(accounts []Account, live []audit.Platform) []PlatformAccounts {
	out := make([]PlatformAccounts, len(audit.Platforms))
	for i, p := range audit.Platforms {
		out[i] = PlatformAccounts{Platform: p, Name: p.DisplayName(), Live: live == nil || slices.Contains(live, p)}
		for _, a := range accounts {
			if a.Platform == p && !a.Demo {
				out[i].Users = append(out[i].Users, a.User)
			}
		}
	}
	return out
}

// realAccounts drops demo accounts.
func realAccounts(accounts []Account) []Account {
	var out []Account
	for _, a := range accounts {
		if !a.Demo {
			out = append(out, a)
		}
	}
	return out
}
