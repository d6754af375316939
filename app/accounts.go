package app

import "chaperone/audit"

// PlatformAccounts is one platform in the side panel with the accounts the
// doctor has added on it (none: "Not added").
type PlatformAccounts struct {
	Platform audit.Platform
	Name     string
	Users    []string
}

// Added reports whether any account is added on the platform.
func (p PlatformAccounts) Added() bool { return len(p.Users) > 0 }

// SidePanel lists every known platform, in display order, with its accounts.
// Demo accounts are not the doctor's and are left out.
func SidePanel(accounts []Account) []PlatformAccounts {
	out := make([]PlatformAccounts, len(audit.Platforms))
	for i, p := range audit.Platforms {
		out[i] = PlatformAccounts{Platform: p, Name: p.DisplayName()}
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
