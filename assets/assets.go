// Package assets holds the data Chaperone ships inside its binary: the icon,
// guideline texts, platform labels and URLs, lexicons and report templates.
// Keeping them as data lets a changed label or a new guideline be a data
// edit, not a code change.
package assets

import "embed"

// FS is every embedded asset, addressed by its path below assets/.
//
//go:embed icon.png guidelines platforms names lexicons checks report scan
var FS embed.FS
