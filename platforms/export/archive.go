package export

import (
	"archive/zip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"chaperone/platforms/export/internal/jsonstream"
)

// Sentinel errors, so callers can tell a hostile or broken archive from an
// unrecognised one with errors.Is.
var (
	// ErrUnsafe: an entry escapes the archive (.., absolute path) or is a
	// symlink, or the path is not a file or folder (a FIFO, a device, a
	// socket). The archive is refused as a whole.
	ErrUnsafe = errors.New("unsafe archive entry")
	// ErrTooLarge: the archive lists more entries, or a larger directory,
	// than the limits allow. (A file inside it that is too large makes
	// only its own list UNKNOWN.)
	ErrTooLarge = errors.New("too large")
	// ErrCorrupt: the archive itself cannot be read.
	ErrCorrupt = errors.New("corrupt archive")
	// ErrUnrecognised: nothing in the archive looks like a known export.
	ErrUnrecognised = errors.New("not a recognised data export")
)

// entry is one file of the archive.
type entry struct {
	name string // slash-separated, relative to the archive root
	base string // lower-cased base name
	size int64  // declared size
	zf   *zip.File
	disk string // path on disk, for folders and single files
	// refused says why the entry is never opened (a symbolic link or
	// another non-regular file in a folder); such an entry still matches
	// by name, so that its list is reported UNKNOWN instead of absent.
	refused string
	// mod is when the platform wrote the file, as the archive says: the
	// newest one dates the download.
	mod time.Time
}

// archive is a zip, a folder or a single export file, read under limits.
// Members are streamed, never held whole; nothing is extracted except the
// photos copied into Options.ImageDir.
type archive struct {
	src     string
	opts    Options
	entries []*entry
	closer  io.Closer
	use     *usage
	// spans are the byte ranges of the export files read so far, to refuse
	// members that overlap (one deflated stream listed many times).
	spans []span
	// byBase indexes the entries by lower-case base name, for lookup.
	byBase map[string][]*entry
}

type span struct {
	from, to int64
	name     string
}

// usage is what one import has spent of its limits, shared by the parts
// of a ReadAll.
type usage struct {
	inflated int64 // bytes of export files inflated, against MaxTotalBytes
	kept     int64 // estimated bytes of records kept, against MaxKeptBytes
	images   int64 // bytes of photos copied, against MaxImageTotal
}

func openArchive(p string, o Options, use *usage) (*archive, error) {
	// Refuse what is not a file or folder before opening it: opening a
	// FIFO would wait for a writer, a device could be endless.
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("opening the export: %w", err)
	}
	if err := plainFile(filepath.Base(p), info.Mode()); err != nil {
		return nil, err
	}
	f, err := openNoBlock(p)
	if err != nil {
		return nil, fmt.Errorf("opening the export: %w", err)
	}
	// Check again what was opened: the path may have changed since.
	if info, err = f.Stat(); err != nil {
		f.Close()
		return nil, fmt.Errorf("opening the export: %w", err)
	}
	if err := plainFile(filepath.Base(p), info.Mode()); err != nil {
		f.Close()
		return nil, err
	}
	a := &archive{src: p, opts: o, use: use}
	switch ext := strings.ToLower(filepath.Ext(p)); {
	case info.IsDir():
		f.Close()
		err = a.walkDir(p)
	case ext == ".json" || ext == ".js" || ext == ".csv":
		// A lone file picked out of an extracted export.
		f.Close()
		a.entries = []*entry{{name: filepath.Base(p), base: strings.ToLower(filepath.Base(p)), size: info.Size(), disk: p, mod: info.ModTime()}}
	default:
		a.closer = f
		err = a.openZip(f, info.Size())
	}
	if err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

// kindOf names what a non-regular file is; "" for a regular file or a
// folder.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsRegular() || m.IsDir():
		return ""
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// plainFile refuses anything but a regular file or a folder.
func plainFile(name string, m fs.FileMode) error {
	if what := kindOf(m); what != "" {
		return fmt.Errorf("%s is %s, not an export file or folder: %w", name, what, ErrUnsafe)
	}
	return nil
}

func (a *archive) close() {
	if a.closer != nil {
		a.closer.Close()
	}
}

// checkDirectory reads the zip's end record and refuses, before the
// directory is loaded, one that lists more entries or takes more bytes
// than the limits: the directory is the one part of a zip that is held
// whole in memory.
func (a *archive) checkDirectory(r io.ReaderAt, size int64) error {
	name := filepath.Base(a.src)
	const endLen, maxComment = 22, 65535
	tail := min(size, endLen+maxComment+20)
	buf := make([]byte, tail)
	if _, err := r.ReadAt(buf, size-tail); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s cannot be read: %w (%w)", name, ErrCorrupt, err)
	}
	i := -1
	for j := len(buf) - endLen; j >= 0; j-- {
		if binary.LittleEndian.Uint32(buf[j:]) == 0x06054b50 {
			i = j
			break
		}
	}
	if i < 0 {
		return nil // not a zip: zip.NewReader says so in its own words
	}
	le := binary.LittleEndian
	entries := uint64(le.Uint16(buf[i+10:]))
	dirSize := uint64(le.Uint32(buf[i+12:]))
	if (entries == 0xffff || dirSize == 0xffffffff) && i >= 20 && le.Uint32(buf[i-20:]) == 0x07064b50 {
		// Zip64: the locator before the end record points at the real one.
		off := int64(le.Uint64(buf[i-20+8:]))
		rec := make([]byte, 56)
		if off >= 0 && off+56 <= size {
			if _, err := r.ReadAt(rec, off); err == nil && le.Uint32(rec) == 0x06064b50 {
				entries, dirSize = le.Uint64(rec[32:]), le.Uint64(rec[40:])
			}
		}
	}
	if entries > uint64(a.opts.MaxFiles) {
		return fmt.Errorf("%s lists more than %s entries: %w", name, count(int64(a.opts.MaxFiles)), ErrTooLarge)
	}
	if dirSize > uint64(a.opts.MaxDirectoryBytes) {
		return fmt.Errorf("%s has a directory larger than %s: %w", name, jsonstream.Bytes(a.opts.MaxDirectoryBytes), ErrTooLarge)
	}
	return nil
}

func (a *archive) openZip(f *os.File, size int64) error {
	if err := a.checkDirectory(f, size); err != nil {
		return err
	}
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return fmt.Errorf("%s is not a readable zip archive or export folder: %w (%w)", filepath.Base(a.src), ErrCorrupt, err)
	}
	if len(zr.File) > a.opts.MaxFiles {
		return fmt.Errorf("%s lists more than %s entries: %w", filepath.Base(a.src), count(int64(a.opts.MaxFiles)), ErrTooLarge)
	}
	for _, f := range zr.File {
		name, err := safeName(f.Name)
		if err != nil {
			return err
		}
		mode := f.Mode()
		if mode&fs.ModeSymlink != 0 {
			return fmt.Errorf("entry %q is a symbolic link: %w", f.Name, ErrUnsafe)
		}
		if mode.IsDir() || strings.HasSuffix(f.Name, "/") || name == "" {
			continue
		}
		if !mode.IsRegular() {
			return fmt.Errorf("entry %q is not a regular file: %w", f.Name, ErrUnsafe)
		}
		a.entries = append(a.entries, &entry{name: name, base: strings.ToLower(path.Base(name)), size: int64(f.UncompressedSize64), zf: f, mod: f.Modified})
	}
	return nil
}

// safeName checks a zip entry name and returns it cleaned. Names that would
// land outside the archive root refuse the whole archive: a zip built that
// way is hostile, and nothing good can be read from it.
func safeName(raw string) (string, error) {
	n := strings.ReplaceAll(raw, `\`, "/")
	if strings.HasPrefix(n, "/") || (len(n) >= 2 && n[1] == ':') || strings.ContainsRune(n, 0) {
		return "", fmt.Errorf("entry %q has an absolute path: %w", raw, ErrUnsafe)
	}
	for seg := range strings.SplitSeq(n, "/") {
		if seg == ".." {
			return "", fmt.Errorf("entry %q climbs out of the archive (..): %w", raw, ErrUnsafe)
		}
	}
	n = path.Clean(n)
	if n == "." {
		return "", nil
	}
	return n, nil
}

// made is when the download was made: the newest time its files carry,
// in UTC; zero when none carries a believable one. A zip entry written
// without a date reads back as 1980, and a clock set wrong can put a file
// in the future: neither dates a download.
func (a *archive) made() time.Time {
	var t time.Time
	oldest, newest := time.Date(2004, 1, 1, 0, 0, 0, 0, time.UTC), a.opts.Now().Add(24*time.Hour)
	for _, e := range a.entries {
		if e.mod.After(t) && e.mod.After(oldest) && e.mod.Before(newest) {
			t = e.mod
		}
	}
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

func (a *archive) walkDir(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("reading the export folder: %w", err)
		}
		if d.IsDir() {
			return nil
		}
		if len(a.entries) >= a.opts.MaxFiles {
			return fmt.Errorf("the export folder holds more than %s files: %w", count(int64(a.opts.MaxFiles)), ErrTooLarge)
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		e := &entry{name: rel, base: strings.ToLower(path.Base(rel)), disk: p}
		// Symlinks are not followed (they could point anywhere on the
		// disk), and FIFOs, devices and sockets are never opened.
		if t := d.Type(); !t.IsRegular() {
			e.refused = "is " + kindOf(t) + "; it was not opened"
		} else if info, err := d.Info(); err == nil {
			e.size, e.mod = info.Size(), info.ModTime()
		}
		a.entries = append(a.entries, e)
		return nil
	})
}

// find returns the entries whose lower-case base name satisfies match, in
// archive order.
func (a *archive) find(match func(base string) bool) []*entry {
	var out []*entry
	for _, e := range a.entries {
		if match(e.base) {
			out = append(out, e)
		}
	}
	return out
}

// lookup finds the entry an export file refers to by a relative path (a
// photo's "uri"); exports are often wrapped in one more top folder than the
// paths inside them say.
func (a *archive) lookup(rel string) *entry {
	rel, err := safeName(rel)
	if err != nil || rel == "" {
		return nil
	}
	if a.byBase == nil {
		a.byBase = map[string][]*entry{}
		for _, e := range a.entries {
			a.byBase[e.base] = append(a.byBase[e.base], e)
		}
	}
	for _, e := range a.byBase[strings.ToLower(path.Base(rel))] {
		if e.name == rel || strings.HasSuffix(e.name, "/"+rel) {
			return e
		}
	}
	return nil
}

// fileError is a file of the export that could not be read in full; its
// list is UNKNOWN with this as the reason.
type fileError struct {
	file, why string
}

func (e *fileError) Error() string { return e.file + ": " + e.why }

func failed(e *entry, format string, args ...any) error {
	return &fileError{file: e.name, why: fmt.Sprintf(format, args...)}
}

// memberKind says which limits a member is read under.
type memberKind int

const (
	dataMember  memberKind = iota // a JSON, JS or CSV file of the export
	imageMember                   // a photo copied for the scanner
)

// open streams an entry under the limits: bytes inflated (per file and in
// all) are counted as they come, and the context is checked on every read,
// so a bomb stops at the limit and Ctrl-C stops it mid-member.
func (a *archive) open(ctx context.Context, e *entry, kind memberKind) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if e.refused != "" {
		return nil, failed(e, "%s", e.refused)
	}
	m := &meter{ctx: ctx, e: e}
	switch kind {
	case dataMember:
		m.max, m.total, m.totalMax = a.opts.MaxFileBytes, &a.use.inflated, a.opts.MaxTotalBytes
		m.over = "inflates beyond " + jsonstream.Bytes(m.max)
		m.overAll = "the files read from the export inflate beyond " + jsonstream.Bytes(m.totalMax) + " in all"
	case imageMember:
		m.max, m.total, m.totalMax = a.opts.MaxImageBytes, &a.use.images, a.opts.MaxImageTotal
		m.over = "is larger than " + jsonstream.Bytes(m.max)
		m.overAll = "the photos copied from the export exceed " + jsonstream.Bytes(m.totalMax) + " in all"
	}
	if e.size > m.max {
		return nil, failed(e, "%s (its declared size)", m.over)
	}
	if e.zf != nil {
		// Export files are few, so each is checked against the others;
		// photos are many, and their own byte limits bound them instead.
		if kind == dataMember {
			from, err := e.zf.DataOffset()
			if err != nil {
				return nil, failed(e, "cannot be read from the archive: %v", err)
			}
			to := from + int64(e.zf.CompressedSize64)
			for _, s := range a.spans {
				if s.name != e.name && from < s.to && s.from < to {
					return nil, failed(e, "shares its bytes with %s in the archive (a zip built to inflate the same data many times)", s.name)
				}
			}
			a.spans = append(a.spans, span{from, to, e.name})
		}
		rc, err := e.zf.Open()
		if err != nil {
			return nil, failed(e, "cannot be read from the archive: %v", err)
		}
		m.r, m.c = rc, rc
		return m, nil
	}
	f, err := openNoBlock(e.disk)
	if err != nil {
		return nil, failed(e, "cannot be opened: %v", err)
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, failed(e, "is not a regular file; it was not opened")
	}
	m.r, m.c = f, f
	return m, nil
}

// meter counts and limits the bytes read from one member.
type meter struct {
	ctx           context.Context
	e             *entry
	r             io.Reader
	c             io.Closer
	n, max        int64
	total         *int64
	totalMax      int64
	over, overAll string
}

func (m *meter) Read(p []byte) (int, error) {
	if err := m.ctx.Err(); err != nil {
		return 0, err
	}
	// Small reads keep cancellation prompt inside a large member.
	if len(p) > 64<<10 {
		p = p[:64<<10]
	}
	n, err := m.r.Read(p)
	m.n += int64(n)
	*m.total += int64(n)
	switch {
	case m.n > m.max:
		return 0, failed(m.e, "%s", m.over)
	case *m.total > m.totalMax:
		return 0, failed(m.e, "%s", m.overAll)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return n, failed(m.e, "cannot be read from the archive: %v", err)
	}
	return n, err
}

func (m *meter) Close() error { return m.c.Close() }
