package export

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Sentinel errors, so callers can tell a hostile or broken archive from an
// unrecognised one with errors.Is.
var (
	// ErrUnsafe: an entry escapes the archive (.., absolute path) or is a
	// symlink. The archive is refused as a whole.
	ErrUnsafe = errors.New("unsafe archive entry")
	// ErrTooLarge: a file, or all files read together, exceed the limits.
	ErrTooLarge = errors.New("too large")
	// ErrCorrupt: the archive or one of its entries cannot be read.
	ErrCorrupt = errors.New("corrupt archive")
	// ErrMalformed: a file identified as part of the export cannot be parsed.
	ErrMalformed = errors.New("malformed export file")
	// ErrUnrecognised: nothing in the archive looks like a known export.
	ErrUnrecognised = errors.New("not a recognised data export")
)

// entry is one regular file of the archive.
type entry struct {
	name string // slash-separated, relative to the archive root
	base string // lower-cased base name
	size int64  // declared size
	zf   *zip.File
	disk string // path on disk, for folders and single files
}

// archive is a zip, a folder or a single export file, read under limits.
// Nothing is ever extracted except by extract, into a directory the caller
// owns, under a generated name.
type archive struct {
	src      string
	opts     Options
	entries  []*entry
	closer   io.Closer
	inflated int64 // bytes inflated so far, against MaxTotalBytes
}

func openArchive(p string, o Options) (*archive, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("opening the export: %w", err)
	}
	a := &archive{src: p, opts: o}
	switch ext := strings.ToLower(filepath.Ext(p)); {
	case info.IsDir():
		err = a.walkDir(p)
	case ext == ".json" || ext == ".js" || ext == ".csv":
		// A lone file picked out of an extracted export.
		a.entries = []*entry{{name: filepath.Base(p), base: strings.ToLower(filepath.Base(p)), size: info.Size(), disk: p}}
	default:
		err = a.openZip(p)
	}
	if err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

func (a *archive) close() {
	if a.closer != nil {
		a.closer.Close()
	}
}

func (a *archive) openZip(p string) error {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return fmt.Errorf("%s is not a readable zip archive or export folder: %w (%w)", filepath.Base(p), ErrCorrupt, err)
	}
	a.closer = zr
	if len(zr.File) > a.opts.MaxFiles {
		return fmt.Errorf("%s holds %d entries, more than the limit of %d: %w", filepath.Base(p), len(zr.File), a.opts.MaxFiles, ErrTooLarge)
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
		a.entries = append(a.entries, &entry{name: name, base: strings.ToLower(path.Base(name)), size: int64(f.UncompressedSize64), zf: f})
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

func (a *archive) walkDir(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("reading the export folder: %w", err)
		}
		// Symlinks are not followed: they could point anywhere on the disk.
		if !d.Type().IsRegular() {
			return nil
		}
		if len(a.entries) >= a.opts.MaxFiles {
			return fmt.Errorf("the export folder holds more than %d files: %w", a.opts.MaxFiles, ErrTooLarge)
		}
		info, err := d.Info()
		if err != nil {
			return fmt.Errorf("reading the export folder: %w", err)
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		a.entries = append(a.entries, &entry{name: rel, base: strings.ToLower(path.Base(rel)), size: info.Size(), disk: p})
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
	for _, e := range a.entries {
		if e.name == rel || strings.HasSuffix(e.name, "/"+rel) {
			return e
		}
	}
	return nil
}

// read returns an entry's bytes, never inflating more than the per-file
// limit or what is left of the total: a zip bomb stops at the limit.
func (a *archive) read(ctx context.Context, e *entry) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	limit := a.opts.MaxFileBytes
	which := fmt.Sprintf("the limit of %d bytes per file", limit)
	if left := a.opts.MaxTotalBytes - a.inflated; left < limit {
		limit = left
		which = fmt.Sprintf("the limit of %d bytes for the whole export", a.opts.MaxTotalBytes)
	}
	if e.size > limit {
		return nil, fmt.Errorf("%s: declares %d bytes, over %s: %w", e.name, e.size, which, ErrTooLarge)
	}
	var rc io.ReadCloser
	var err error
	if e.zf != nil {
		rc, err = e.zf.Open()
	} else {
		rc, err = os.Open(e.disk)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w (%w)", e.name, ErrCorrupt, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	a.inflated += int64(len(data))
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: inflates beyond %s: %w", e.name, which, ErrTooLarge)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w (%w)", e.name, ErrCorrupt, err)
	}
	return data, nil
}
