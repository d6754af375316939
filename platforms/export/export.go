// Package export reads a platform's "download your information" archive (a
// zip, or the folder it was extracted to) into an audit.Snapshot, so that a
// doctor can audit an account offline, with no browser.
//
// Files are found by name anywhere in the tree, because exports nest under
// a top folder and move files between generations. Unknown keys are
// ignored; a file that is simply absent is recorded in Coverage.Missing;
// a file that is present but cannot be parsed fails the whole read with an
// error naming it, so nothing is ever half-imported.
//
// Photos are never extracted unless Options.ImageDir is set: then the JPEG
// and PNG files attached to posts are copied there (under generated names,
// within the size limits) and referenced from Image.File so the scanner can
// look at them. The caller owns that directory and removes it. The EXIF
// facts the export itself states (where and when a photo was taken) are
// written into Image.Alt in plain words either way.
package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"chaperone/audit"
)

// Options bounds what Read will do with an archive it cannot trust.
type Options struct {
	// MaxFileBytes is the most any one file may inflate to (default 200 MB).
	MaxFileBytes int64
	// MaxTotalBytes is the most all files read may inflate to together
	// (default 2 GB). Media files that are not read do not count.
	MaxTotalBytes int64
	// MaxFiles is the most entries an archive may hold (default 200,000).
	MaxFiles int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ImageDir, when set, receives copies of the photos attached to posts;
	// empty means no file is written anywhere.
	ImageDir string
}

// Defaults for Options' zero fields.
const (
	DefaultMaxFileBytes  = 200 << 20
	DefaultMaxTotalBytes = 2 << 30
	DefaultMaxFiles      = 200_000
)

func (o Options) withDefaults() Options {
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = DefaultMaxFileBytes
	}
	if o.MaxTotalBytes <= 0 {
		o.MaxTotalBytes = DefaultMaxTotalBytes
	}
	if o.MaxFiles <= 0 {
		o.MaxFiles = DefaultMaxFiles
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// importer reads one platform's files out of an archive into b.
type importer struct {
	platform audit.Platform
	// detect says whether the archive holds this platform's files.
	detect func(a *archive) bool
	read   func(ctx context.Context, a *archive, b *builder) error
}

var importers = []importer{
	{audit.Facebook, detectFacebook, readFacebook},
	{audit.Instagram, detectInstagram, readInstagram},
	{audit.X, detectX, readX},
	{audit.LinkedIn, detectLinkedIn, readLinkedIn},
	{audit.TikTok, detectTikTok, readTikTok},
}

// Read imports the export at path (a .zip, an extracted folder, or one
// export file) into a snapshot with Source export. Any error leaves no
// snapshot: a hostile or broken archive, or a recognised file that cannot
// be parsed, fails the whole import with an error naming it.
func Read(ctx context.Context, path string, opts Options) (*audit.Snapshot, error) {
	opts = opts.withDefaults()
	a, err := openArchive(path, opts)
	if err != nil {
		return nil, err
	}
	defer a.close()
	snap := audit.NewSnapshot(opts.Now())
	var done []*builder
	for _, im := range importers {
		if !im.detect(a) {
			continue
		}
		b := newBuilder(im.platform, a, opts)
		done = append(done, b)
		if err := im.read(ctx, a, b); err != nil {
			for _, d := range done {
				d.discard()
			}
			return nil, fmt.Errorf("%s export %s: %w", im.platform.DisplayName(), filepath.Base(path), err)
		}
		b.cov.Finished = opts.Now().UTC()
		snap.Merge(b.snap())
	}
	found := len(done) > 0
	if !found {
		return nil, fmt.Errorf("%s: %w (no Facebook, Instagram, X, LinkedIn or TikTok export files found)", filepath.Base(path), ErrUnrecognised)
	}
	return snap, nil
}

// ReadAll imports several archives (an export split into parts, or several
// platforms) into one snapshot. Parts of one platform's export share one
// coverage record: a file is missing only if no part holds it.
func ReadAll(ctx context.Context, paths []string, opts Options) (*audit.Snapshot, error) {
	opts = opts.withDefaults()
	out := audit.NewSnapshot(opts.Now())
	for _, p := range paths {
		s, err := Read(ctx, p, opts)
		if err != nil {
			return nil, err
		}
		for _, c := range s.Coverage {
			prev := out.CoverageFor(c.Platform)
			if prev == nil {
				continue
			}
			mergeCoverage(prev, c)
		}
		covs := s.Coverage
		s.Coverage = slices.DeleteFunc(slices.Clone(covs), func(c audit.Coverage) bool { return out.CoverageFor(c.Platform) != nil })
		mergeCounts(out, s)
		out.Merge(s)
	}
	return out, nil
}

func mergeCoverage(dst *audit.Coverage, c audit.Coverage) {
	if dst.Account == "" {
		dst.Account = c.Account
	}
	if dst.Profile == "" {
		dst.Profile = c.Profile
	}
	if c.Started.Before(dst.Started) {
		dst.Started = c.Started
	}
	if c.Finished.After(dst.Finished) {
		dst.Finished = c.Finished
	}
	for id := range dst.Missing {
		if _, still := c.Missing[id]; !still {
			delete(dst.Missing, id)
		}
	}
	if len(dst.Missing) == 0 {
		dst.Missing = nil
	}
}

// mergeCounts adds the count facts of s to those already in out, so that
// two parts' friends add up instead of the second replacing the first.
func mergeCounts(out, s *audit.Snapshot) {
	for id, f := range s.Facts {
		prev, ok := out.Facts[id]
		if !ok || !isCountFact(id) {
			continue
		}
		var a, b int
		if _, err := fmt.Sscan(prev.Value, &a); err != nil {
			continue
		}
		if _, err := fmt.Sscan(f.Value, &b); err != nil {
			continue
		}
		f.Value = fmt.Sprint(a + b)
		f.Raw = f.Value
		f.Evidence = prev.Evidence + "; " + f.Evidence
		s.Facts[id] = f
	}
}

func isCountFact(id string) bool {
	for _, suf := range []string{".connections", ".pending_requests", ".posts", ".sessions"} {
		if strings.HasSuffix(id, suf) {
			return true
		}
	}
	return false
}

// builder collects one platform's data; nothing reaches the snapshot until
// the whole platform has been read.
type builder struct {
	p      audit.Platform
	a      *archive
	opts   Options
	cov    audit.Coverage
	facts  []audit.Fact
	posts  []audit.Post
	conns  []audit.Connection
	reqs   []audit.Connection
	sess   []audit.Session
	images []string // files written to ImageDir, removed on failure
}

func newBuilder(p audit.Platform, a *archive, opts Options) *builder {
	return &builder{p: p, a: a, opts: opts, cov: audit.Coverage{
		Platform: p, Source: audit.SourceExport, Started: opts.Now().UTC(), Missing: map[string]string{},
	}}
}

func (b *builder) snap() *audit.Snapshot {
	s := audit.NewSnapshot(b.opts.Now())
	if len(b.cov.Missing) == 0 {
		b.cov.Missing = nil
	}
	s.Coverage = []audit.Coverage{b.cov}
	for _, f := range b.facts {
		s.SetFact(f)
	}
	s.Posts, s.Connections, s.PendingRequests, s.Sessions = b.posts, b.conns, b.reqs, b.sess
	return s
}

// discard removes the photos copied for a platform whose import failed.
func (b *builder) discard() {
	for _, f := range b.images {
		os.Remove(f)
	}
}

// missing records that the export has no file for id.
// list reads one list of people (friends, requests) with read, counting
// it (the count proves an empty list was read) or recording it missing.
func (b *builder) list(files []*entry, read func([]*entry, string) ([]audit.Connection, error), kind, id, found, absent string) ([]audit.Connection, error) {
	if len(files) == 0 {
		b.missing(id, absent)
		return nil, nil
	}
	c, err := read(files, kind)
	if err != nil {
		return nil, err
	}
	b.count(id, len(c), found, files)
	return c, nil
}

func (b *builder) missing(id, what string) {
	b.cov.Missing[string(b.p)+"."+id] = "the export holds no " + what
}

// count records how many items a file listed: the proof that an empty list
// is really empty.
func (b *builder) count(id string, n int, what string, files []*entry) {
	var names []string
	for _, e := range files {
		names = append(names, e.name)
	}
	v := fmt.Sprint(n)
	b.facts = append(b.facts, audit.Fact{
		ID: string(b.p) + "." + id, Value: v, Raw: v, Source: audit.SourceExport,
		At: b.opts.Now().UTC(), Evidence: fmt.Sprintf("%s %s in the export (%s)", v, what, strings.Join(names, ", ")),
	})
}

func (b *builder) conn(kind, name, handle, url string, since time.Time) audit.Connection {
	return audit.Connection{Platform: b.p, Kind: kind, Name: name, Handle: handle, URL: url, Since: since, Mutual: -1}
}

// postID gives posts that carry no ID of their own a stable one.
func postID(p audit.Platform, at time.Time, text string, n int) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%s\x00%d", p, at.Unix(), text, n))
	return "export-" + hex.EncodeToString(h[:8])
}

// image builds an attached photo: where it sits in the export, what the
// export says about it, and a local copy when ImageDir is set.
func (b *builder) image(ctx context.Context, uri, description string, exif map[string]any) (audit.Image, error) {
	im := audit.Image{URL: uri}
	var alt []string
	if description != "" {
		alt = append(alt, description)
	}
	if exif != nil {
		var bits []string
		if t := parseTime(get(exif, "taken_timestamp", "date_time_original")); !t.IsZero() {
			bits = append(bits, "taken "+t.Format(time.RFC3339))
		}
		lat, lon := str(get(exif, "latitude")), str(get(exif, "longitude"))
		if lat != "" && lon != "" {
			bits = append(bits, "at latitude "+lat+", longitude "+lon)
		}
		if len(bits) > 0 {
			alt = append(alt, "Photo EXIF: "+strings.Join(bits, " "))
		}
	}
	im.Alt = strings.Join(alt, "; ")
	if b.opts.ImageDir == "" || uri == "" {
		return im, nil
	}
	ext := strings.ToLower(filepath.Ext(uri))
	if ext != ".jpg" && ext != ".jpeg" && ext != ".png" {
		return im, nil
	}
	e := b.a.lookup(uri)
	if e == nil {
		return im, nil
	}
	data, err := b.a.read(ctx, e)
	if err != nil {
		return im, err
	}
	h := sha256.Sum256(data)
	dst := filepath.Join(b.opts.ImageDir, hex.EncodeToString(h[:12])+ext)
	if err := writeNew(dst, data); err != nil {
		return im, fmt.Errorf("copying %s: %w", e.name, err)
	}
	b.images = append(b.images, dst)
	im.File = dst
	return im, nil
}

func writeNew(dst string, data []byte) error {
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil // the same photo, attached twice
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readJSON reads and decodes a JSON file, naming it in any error.
func readJSON(ctx context.Context, a *archive, e *entry, meta bool) (any, error) {
	data, err := a.read(ctx, e)
	if err != nil {
		return nil, err
	}
	v, err := decodeJSON(data)
	if err != nil {
		return nil, fileError(e, "not valid JSON", err)
	}
	if meta {
		v = fixAll(v)
	}
	return v, nil
}

// baseIs matches exact lower-case base names.
func baseIs(names ...string) func(string) bool {
	return func(b string) bool { return slices.Contains(names, b) }
}
