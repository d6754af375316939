// Package export reads a platform's "download your information" archive (a
// zip, or the folder it was extracted to) into an audit.Snapshot, so that a
// doctor can audit an account offline, with no browser.
//
// Files are found by name anywhere in the tree, because exports nest under
// a top folder and move files between generations. Every file is streamed
// under limits checked while it inflates and decodes (bytes per file and in
// all, records per list, length of a text, nesting, bytes kept), so an
// archive of any shape is read in bounded memory.
//
// Each list the export holds (friends, requests, posts, sessions...) is
// read all or nothing: its count fact is set only when every file of the
// list was found and decoded in full. A file that is absent, damaged, over
// a limit, or holds records of the wrong shape makes that list UNKNOWN,
// with the file and the reason in Coverage.Missing; the other lists are
// still read. Only an archive that cannot be opened at all, or is hostile
// (entries that climb out of it, symbolic links, a FIFO or device given as
// the export), is refused as a whole.
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
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/export/internal/jsonstream"
)

// Options bounds what Read will do with an archive it cannot trust. The
// zero value of each limit means its default.
type Options struct {
	// MaxFileBytes is the most one export file may inflate to.
	MaxFileBytes int64
	// MaxTotalBytes is the most all export files read may inflate to
	// together. Photos count against their own limits instead.
	MaxTotalBytes int64
	// MaxFiles is the most entries an archive or folder may hold.
	MaxFiles int
	// MaxDirectoryBytes is the largest zip directory (the list of entries,
	// the one part of a zip held whole in memory).
	MaxDirectoryBytes int64
	// MaxRecords is the most records one list (friends, posts...) may hold.
	MaxRecords int
	// MaxListFiles is the most files one list may be split across
	// (your_posts_1.json, your_posts_2.json...).
	MaxListFiles int
	// MaxText is the longest text (any string or key), in bytes.
	MaxText int
	// MaxDepth is the deepest nesting of a JSON file.
	MaxDepth int
	// MaxRecordBytes is the largest single record (one post, one friend).
	MaxRecordBytes int
	// MaxKeptBytes bounds what an import keeps in memory: the records and
	// texts of every list read, estimated as they are kept.
	MaxKeptBytes int64
	// MaxImageBytes is the largest photo copied for the scanner, and
	// MaxImageTotal the most copied in all; larger ones are not copied.
	MaxImageBytes, MaxImageTotal int64
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ImageDir, when set, receives copies of the photos attached to posts;
	// empty means no file is written anywhere.
	ImageDir string
}

// Defaults for Options' zero fields. Real exports sit well below each: the
// largest JSON file of a heavy Facebook or TikTok user is tens of MB,
// Facebook caps friends at 5,000 and a post at 63,206 characters, and the
// real-sized export of the benchmarks (10,000 friends, 20,000 posts) keeps
// about 9 MB. MaxKeptBytes is the one that bounds the process: everything
// kept goes on to the scanner, the report and the history, which measured
// about ten times its size at their peak, so 32 MB kept is about 300 MB for
// the whole audit whatever the archive inflates to. MaxRecordBytes and
// MaxText bound what is decoded at once; the byte limits bound the time.
const (
	DefaultMaxFileBytes      = 512 << 20
	DefaultMaxTotalBytes     = 1 << 30
	DefaultMaxFiles          = 200_000
	DefaultMaxDirectoryBytes = 64 << 20
	DefaultMaxRecords        = 200_000
	DefaultMaxListFiles      = 1_000
	DefaultMaxText           = 256 << 10
	DefaultMaxDepth          = 64
	DefaultMaxRecordBytes    = 4 << 20
	DefaultMaxKeptBytes      = 32 << 20
	DefaultMaxImageBytes     = 32 << 20
	DefaultMaxImageTotal     = 1 << 30
)

func (o Options) withDefaults() Options {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	defInt := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxFileBytes, DefaultMaxFileBytes)
	def(&o.MaxTotalBytes, DefaultMaxTotalBytes)
	def(&o.MaxDirectoryBytes, DefaultMaxDirectoryBytes)
	def(&o.MaxKeptBytes, DefaultMaxKeptBytes)
	def(&o.MaxImageBytes, DefaultMaxImageBytes)
	def(&o.MaxImageTotal, DefaultMaxImageTotal)
	defInt(&o.MaxFiles, DefaultMaxFiles)
	defInt(&o.MaxRecords, DefaultMaxRecords)
	defInt(&o.MaxListFiles, DefaultMaxListFiles)
	defInt(&o.MaxText, DefaultMaxText)
	defInt(&o.MaxDepth, DefaultMaxDepth)
	defInt(&o.MaxRecordBytes, DefaultMaxRecordBytes)
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
	read   func(ctx context.Context, b *builder) error
}

var importers = []importer{
	{audit.Facebook, detectFacebook, readFacebook},
	{audit.Instagram, detectInstagram, readInstagram},
	{audit.X, detectX, readX},
	{audit.LinkedIn, detectLinkedIn, readLinkedIn},
	{audit.TikTok, detectTikTok, readTikTok},
}

// Platforms lists the networks whose data download can be imported, in
// the order they are tried.
func Platforms() []audit.Platform {
	out := make([]audit.Platform, len(importers))
	for i, im := range importers {
		out[i] = im.platform
	}
	return out
}

// Read imports the export at path (a .zip, an extracted folder, or one
// export file) into a snapshot with Source export. It fails only when the
// archive cannot be opened, is hostile or holds no known export, or when
// ctx ends; a file that cannot be read makes its list UNKNOWN instead.
func Read(ctx context.Context, path string, opts Options) (*audit.Snapshot, error) {
	opts = opts.withDefaults()
	return read(ctx, path, opts, &usage{})
}

func read(ctx context.Context, path string, opts Options, use *usage) (*audit.Snapshot, error) {
	a, err := openArchive(path, opts, use)
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
		if err := im.read(ctx, b); err != nil {
			for _, d := range done {
				d.discard()
			}
			return nil, fmt.Errorf("%s export %s: %w", im.platform.DisplayName(), filepath.Base(path), err)
		}
		b.cov.Finished = opts.Now().UTC()
		b.cov.Downloaded = a.made()
		snap.Merge(b.snap())
	}
	if len(done) == 0 {
		return nil, fmt.Errorf("%s: %w (no Facebook, Instagram, X, LinkedIn or TikTok export files found)", filepath.Base(path), ErrUnrecognised)
	}
	return snap, nil
}

// ReadAll imports several archives (an export split into parts, or several
// platforms) into one snapshot, under one set of limits. Parts of one
// platform's export share one coverage record: a list is read only if no
// part failed to read it, and missing only if no part holds it.
func ReadAll(ctx context.Context, paths []string, opts Options) (*audit.Snapshot, error) {
	opts = opts.withDefaults()
	use := &usage{}
	out := audit.NewSnapshot(opts.Now())
	var failedLists []string // fact IDs some part could not read
	for _, p := range paths {
		s, err := read(ctx, p, opts, use)
		if err != nil {
			return nil, err
		}
		for _, c := range s.Coverage {
			for id, why := range c.Missing {
				if !strings.HasPrefix(why, absentPrefix) {
					failedLists = append(failedLists, id)
				}
			}
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
	// A list one part could not read is not read, whatever the others
	// held: its entries and count would be a part taken for the whole.
	for _, id := range failedLists {
		delete(out.Facts, id)
		dropList(out, id)
	}
	return out, nil
}

// absentPrefix starts the reason of a list whose file the export does not
// hold (as against one that could not be read).
const absentPrefix = "the export holds no "

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
	if c.Downloaded.After(dst.Downloaded) {
		dst.Downloaded = c.Downloaded
	}
	if c.Finished.After(dst.Finished) {
		dst.Finished = c.Finished
	}
	for id, why := range dst.Missing {
		now, still := c.Missing[id]
		switch {
		case !still && strings.HasPrefix(why, absentPrefix):
			delete(dst.Missing, id) // absent here, present in the new part
		case still && !strings.HasPrefix(now, absentPrefix) && strings.HasPrefix(why, absentPrefix):
			dst.Missing[id] = now // a failure says more than an absence
		}
	}
	for id, why := range c.Missing {
		if _, ok := dst.Missing[id]; !ok && !strings.HasPrefix(why, absentPrefix) {
			if dst.Missing == nil {
				dst.Missing = map[string]string{}
			}
			dst.Missing[id] = why
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
	for _, suf := range []string{".connections", ".pending_requests", ".posts", ".sessions", ".followers", ".following"} {
		if strings.HasSuffix(id, suf) {
			return true
		}
	}
	return false
}

// dropList removes the entries of the list a fact ID counts.
func dropList(s *audit.Snapshot, id string) {
	p, list, _ := strings.Cut(id, ".")
	pl := audit.Platform(p)
	conns := func(kinds ...string) {
		s.Connections = slices.DeleteFunc(s.Connections, func(c audit.Connection) bool {
			return c.Platform == pl && (len(kinds) == 0 || slices.Contains(kinds, c.Kind))
		})
	}
	switch list {
	case "connections":
		conns()
	case "followers":
		conns(audit.ConnFollower)
	case "following":
		conns(audit.ConnFollowing)
	case "pending_requests":
		s.PendingRequests = slices.DeleteFunc(s.PendingRequests, func(c audit.Connection) bool { return c.Platform == pl })
	case "posts":
		s.Posts = slices.DeleteFunc(s.Posts, func(x audit.Post) bool { return x.Platform == pl })
	case "sessions":
		s.Sessions = slices.DeleteFunc(s.Sessions, func(x audit.Session) bool { return x.Platform == pl })
	}
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

// discard removes the photos copied for an import that stopped.
func (b *builder) discard() {
	for _, f := range b.images {
		os.Remove(f)
	}
}

// missing records that the export has no file for id.
func (b *builder) missing(id, what string) {
	b.cov.Missing[string(b.p)+"."+id] = absentPrefix + what
}

// unreadable records why the list id could not be read. The first reason
// stays: it names the file that failed first.
func (b *builder) unreadable(id string, err error) {
	k := string(b.p) + "." + id
	if _, ok := b.cov.Missing[k]; !ok || strings.HasPrefix(b.cov.Missing[k], absentPrefix) {
		b.cov.Missing[k] = err.Error()
	}
}

// count records how many items a list held: the proof that an empty list
// is really empty.
func (b *builder) count(id string, n int, what string, files []*entry, notes ...string) {
	var names []string
	for _, e := range files {
		names = append(names, e.name)
	}
	v := fmt.Sprint(n)
	ev := fmt.Sprintf("%s %s in the export (%s)", v, what, strings.Join(names, ", "))
	if len(notes) > 0 {
		ev += "; " + strings.Join(notes, "; ")
	}
	b.facts = append(b.facts, audit.Fact{
		ID: string(b.p) + "." + id, Value: v, Raw: v, Source: audit.SourceExport,
		At: b.opts.Now().UTC(), Evidence: ev,
	})
}

// fatal says whether err must stop the whole import (the context ended)
// rather than make one list UNKNOWN.
func fatal(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// keep charges n bytes of kept records against MaxKeptBytes.
func (b *builder) keep(n int) error {
	b.a.use.kept += int64(n)
	if b.a.use.kept > b.opts.MaxKeptBytes {
		return &limitError{"the records read from the export exceed " + jsonstream.Bytes(b.opts.MaxKeptBytes) + " in all"}
	}
	return nil
}

// release gives back what keep charged for records that were dropped.
func (b *builder) release(n int) { b.a.use.kept -= int64(n) }

// limitError is a limit passed while reading a file.
type limitError struct{ what string }

func (e *limitError) Error() string { return e.what }

// shapeError is a file whose records are not of the shape its list needs.
type shapeError struct{ what string }

func (e *shapeError) Error() string { return e.what }

func shapef(format string, args ...any) error { return &shapeError{fmt.Sprintf(format, args...)} }

// classify names the file in an error met while reading it, in the words
// Coverage.Missing shows; the context's own errors pass through.
func classify(e *entry, err error) error {
	var fe *fileError
	var le *jsonstream.LimitError
	var se *jsonstream.SyntaxError
	var lim *limitError
	var sh *shapeError
	switch {
	case fatal(err), errors.As(err, &fe):
		return err
	case errors.As(err, &le):
		return failed(e, "%s", le.What)
	case errors.As(err, &lim):
		return failed(e, "%s", lim.what)
	case errors.As(err, &se):
		return failed(e, "not valid JSON: %s", se.Error())
	case errors.As(err, &sh):
		return failed(e, "%s", sh.what)
	}
	return failed(e, "cannot be read: %v", err)
}

// decoder opens e and streams it through fn with a JSON decoder under the
// limits; js accepts the X archive's "window.YTD... =" assignment around
// the value. The error is a *fileError naming e, or the context's.
func (b *builder) decode(ctx context.Context, e *entry, meta, js bool, fn func(d *jsonstream.Decoder) error) error {
	rc, err := b.a.open(ctx, e, dataMember)
	if err != nil {
		return classify(e, err)
	}
	defer rc.Close()
	d := jsonstream.NewDecoder(rc, jsonstream.Limits{MaxDepth: b.opts.MaxDepth, MaxString: b.opts.MaxText, MaxNumber: 64})
	if meta {
		d.Fix = FixMojibake
	}
	d.SkipBOM()
	allow := ""
	if js {
		if err := d.SkipPrefix(512); err != nil {
			return classify(e, err)
		}
		allow = ";"
	}
	if err := fn(d); err != nil {
		return classify(e, err)
	}
	if err := d.End(allow); err != nil {
		return classify(e, err)
	}
	return nil
}

// recordBudget is what one record may hold once decoded.
func (b *builder) recordBudget() *jsonstream.Budget {
	return &jsonstream.Budget{Values: b.opts.MaxRecordBytes / 32, Bytes: b.opts.MaxRecordBytes}
}

// value decodes one bounded value (a record, a profile section).
func (b *builder) value(d *jsonstream.Decoder, what string) (any, error) {
	v, err := d.Value(b.recordBudget())
	if errors.Is(err, jsonstream.ErrBudget) {
		return nil, &limitError{what + " is larger than " + jsonstream.Bytes(int64(b.opts.MaxRecordBytes))}
	}
	return v, err
}

func (b *builder) conn(kind, name, handle, url string, since time.Time) audit.Connection {
	return audit.Connection{Platform: b.p, Kind: kind, Name: personName(name), Handle: handle, URL: url, Since: since, Mutual: -1}
}

// personName writes a name the way the live adapters read it off a page
// (trimmed, runs of space as one), so that a person is the same whether
// the list came from the site or from an export.
func personName(s string) string { return strings.Join(strings.Fields(s), " ") }

func connCost(c audit.Connection) int {
	return 128 + len(c.Name) + len(c.Handle) + len(c.URL) + len(c.Location)
}

func postCost(p audit.Post) int {
	n := 192 + len(p.ID) + len(p.URL) + len(p.Text)
	for _, im := range p.Images {
		n += 64 + len(im.URL) + len(im.Alt)
	}
	return n
}

func sessionCost(s audit.Session) int {
	return 96 + len(s.Device) + len(s.Location) + len(s.LastActive)
}

// postID gives posts that carry no ID of their own a stable one.
func postID(p audit.Platform, at time.Time, text string, n int) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%s\x00%d", p, at.Unix(), text, n))
	return "export-" + hex.EncodeToString(h[:8])
}

// photo builds an attached photo from what the export says about it; the
// file itself is copied later, by copyPhotos, once its list was read.
func photo(uri, description string, exif map[string]any) audit.Image {
	im := audit.Image{URL: uri}
	var alt []string
	if description != "" {
		alt = append(alt, description)
	}
	if exif != nil {
		var bits []string
		if t, _ := timeOf(exif, "taken_timestamp", "date_time_original"); !t.IsZero() {
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
	return im
}

// copyPhotos copies the JPEG and PNG files the posts refer to into
// ImageDir, streaming each under the photo limits. A photo that cannot be
// copied stays referenced by its path only (the scanner skips it, as it
// skips photos seen on the live site); the notes say which and why.
func (b *builder) copyPhotos(ctx context.Context, posts []audit.Post) ([]string, error) {
	if b.opts.ImageDir == "" {
		return nil, nil
	}
	var notes []string
	skipped := 0
	for i := range posts {
		for j := range posts[i].Images {
			im := &posts[i].Images[j]
			ext := strings.ToLower(filepath.Ext(im.URL))
			if im.URL == "" || (ext != ".jpg" && ext != ".jpeg" && ext != ".png") {
				continue
			}
			e := b.a.lookup(im.URL)
			if e == nil {
				continue
			}
			dst, err := b.copyPhoto(ctx, e, ext)
			if fatal(err) {
				return nil, err
			}
			if err != nil {
				if skipped++; skipped <= 3 {
					notes = append(notes, "photo not copied for the scanner: "+err.Error())
				}
				continue
			}
			im.File = dst
		}
	}
	if skipped > 3 {
		notes = append(notes, fmt.Sprintf("%d more photos not copied", skipped-3))
	}
	return notes, nil
}

func (b *builder) copyPhoto(ctx context.Context, e *entry, ext string) (string, error) {
	rc, err := b.a.open(ctx, e, imageMember)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	tmp, err := os.CreateTemp(b.opts.ImageDir, ".copy-*")
	if err != nil {
		return "", fmt.Errorf("copying %s: %w", e.name, err)
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(tmp, h), rc)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		if fatal(err) {
			return "", err
		}
		return "", classify(e, err)
	}
	dst := filepath.Join(b.opts.ImageDir, hex.EncodeToString(h.Sum(nil)[:12])+ext)
	// A hard link never replaces what is already at dst, whatever it is.
	err = os.Link(tmp.Name(), dst)
	os.Remove(tmp.Name())
	if errors.Is(err, os.ErrExist) {
		if info, lerr := os.Lstat(dst); lerr == nil && info.Mode().IsRegular() {
			return dst, nil // the same photo, attached twice
		}
		return "", fmt.Errorf("copying %s: %s is already there and is not a photo copied by this import", e.name, filepath.Base(dst))
	}
	if err != nil {
		return "", fmt.Errorf("copying %s: %w", e.name, err)
	}
	b.images = append(b.images, dst)
	return dst, nil
}

// baseIs matches exact lower-case base names.
func baseIs(names ...string) func(string) bool {
	return func(b string) bool { return slices.Contains(names, b) }
}
