package scan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// EXIF is what a photo's metadata gives away.
type EXIF struct {
	HasGPS   bool      `json:"has_gps"`
	Lat      float64   `json:"lat,omitempty"`
	Lon      float64   `json:"lon,omitempty"`
	TakenAt  time.Time `json:"taken_at,omitempty"`
	Camera   string    `json:"camera,omitempty"`
	Software string    `json:"software,omitempty"`
}

// ErrNoEXIF means the file carries no EXIF block.
var ErrNoEXIF = errors.New("no EXIF data")

// ReadEXIF reads the EXIF block of a JPEG (or a bare TIFF/EXIF blob) and
// returns the GPS position, capture time and camera. Only the tags it
// needs are read, with every offset bounds-checked: the file may be
// hostile.
func ReadEXIF(data []byte) (*EXIF, error) {
	tiff, err := exifBlock(data)
	if err != nil {
		return nil, err
	}
	return parseTIFF(tiff)
}

// exifBlock finds the TIFF structure inside a JPEG's APP1 segment.
func exifBlock(data []byte) ([]byte, error) {
	if len(data) >= 4 && (string(data[:4]) == "II*\x00" || string(data[:4]) == "MM\x00*") {
		return data, nil
	}
	if len(data) >= 6 && string(data[:6]) == "Exif\x00\x00" {
		return data[6:], nil
	}
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, ErrNoEXIF
	}
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			return nil, fmt.Errorf("jpeg: bad marker at %d", i)
		}
		marker := data[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xD9 || marker == 0xDA { // end of image, start of scan
			break
		}
		if marker >= 0xD0 && marker <= 0xD7 || marker == 0x01 {
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil, fmt.Errorf("jpeg: segment at %d overruns the file", i)
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return seg[6:], nil
		}
		i += 2 + n
	}
	return nil, ErrNoEXIF
}

// TIFF tags read.
const (
	tagMake          = 0x010F
	tagModel         = 0x0110
	tagSoftware      = 0x0131
	tagDateTime      = 0x0132
	tagExifIFD       = 0x8769
	tagGPSIFD        = 0x8825
	tagDateTimeOrig  = 0x9003
	tagOffsetTimeOrg = 0x9011
	tagGPSLatRef     = 0x0001
	tagGPSLat        = 0x0002
	tagGPSLonRef     = 0x0003
	tagGPSLon        = 0x0004
)

type tiffReader struct {
	b  []byte
	bo binary.ByteOrder
}

type ifdEntry struct {
	tag, typ uint16
	count    uint32
	value    []byte // the value bytes, inline or at their offset
}

func parseTIFF(b []byte) (*EXIF, error) {
	if len(b) < 8 {
		return nil, ErrNoEXIF
	}
	r := &tiffReader{b: b}
	switch string(b[:2]) {
	case "II":
		r.bo = binary.LittleEndian
	case "MM":
		r.bo = binary.BigEndian
	default:
		return nil, fmt.Errorf("exif: bad byte order %q", b[:2])
	}
	ifd0, err := r.ifd(r.bo.Uint32(b[4:]))
	if err != nil {
		return nil, fmt.Errorf("exif: %w", err)
	}
	out := &EXIF{}
	var dateTime, offset string
	make_, model := "", ""
	for _, e := range ifd0 {
		switch e.tag {
		case tagMake:
			make_ = r.ascii(e)
		case tagModel:
			model = r.ascii(e)
		case tagSoftware:
			out.Software = r.ascii(e)
		case tagDateTime:
			dateTime = r.ascii(e)
		case tagExifIFD:
			if sub, err := r.ifd(r.long(e)); err == nil {
				for _, s := range sub {
					switch s.tag {
					case tagDateTimeOrig:
						dateTime = r.ascii(s)
					case tagOffsetTimeOrg:
						offset = r.ascii(s)
					}
				}
			}
		case tagGPSIFD:
			if sub, err := r.ifd(r.long(e)); err == nil {
				r.gps(sub, out)
			}
		}
	}
	out.Camera = strings.TrimSpace(strings.TrimSpace(make_) + " " + strings.TrimSpace(model))
	if dateTime != "" {
		layout, v := "2006:01:02 15:04:05", dateTime
		if offset != "" {
			layout, v = layout+"-07:00", v+offset
		}
		if t, err := time.Parse(layout, v); err == nil {
			out.TakenAt = t
		}
	}
	return out, nil
}

// ifd reads the entries of the IFD at off (at most 512: a real IFD has a
// few dozen).
func (r *tiffReader) ifd(off uint32) ([]ifdEntry, error) {
	if off < 8 || int64(off)+2 > int64(len(r.b)) {
		return nil, fmt.Errorf("IFD offset %d out of range", off)
	}
	n := int(r.bo.Uint16(r.b[off:]))
	if n > 512 {
		return nil, fmt.Errorf("IFD with %d entries", n)
	}
	var out []ifdEntry
	p := int(off) + 2
	for k := 0; k < n; k++ {
		if p+12 > len(r.b) {
			return out, fmt.Errorf("IFD entry %d out of range", k)
		}
		e := ifdEntry{tag: r.bo.Uint16(r.b[p:]), typ: r.bo.Uint16(r.b[p+2:]), count: r.bo.Uint32(r.b[p+4:])}
		size := typeSize(e.typ)
		if size > 0 && e.count <= 1<<20 {
			total := int(e.count) * size
			if total <= 4 {
				e.value = r.b[p+8 : p+8+total]
			} else {
				vo := int64(r.bo.Uint32(r.b[p+8:]))
				if vo+int64(total) <= int64(len(r.b)) {
					e.value = r.b[vo : vo+int64(total)]
				}
			}
		}
		out = append(out, e)
		p += 12
	}
	return out, nil
}

func typeSize(t uint16) int {
	switch t {
	case 1, 2, 6, 7: // BYTE, ASCII, SBYTE, UNDEFINED
		return 1
	case 3, 8: // SHORT, SSHORT
		return 2
	case 4, 9, 11: // LONG, SLONG, FLOAT
		return 4
	case 5, 10, 12: // RATIONAL, SRATIONAL, DOUBLE
		return 8
	}
	return 0
}

func (r *tiffReader) ascii(e ifdEntry) string {
	if e.typ != 2 {
		return ""
	}
	s := string(e.value)
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func (r *tiffReader) long(e ifdEntry) uint32 {
	switch {
	case e.typ == 4 && len(e.value) >= 4:
		return r.bo.Uint32(e.value)
	case e.typ == 3 && len(e.value) >= 2:
		return uint32(r.bo.Uint16(e.value))
	}
	return 0
}

// degrees reads a GPS coordinate: three rationals (degrees, minutes,
// seconds).
func (r *tiffReader) degrees(e ifdEntry) (float64, bool) {
	if e.typ != 5 || len(e.value) < 24 {
		return 0, false
	}
	var v [3]float64
	for i := range v {
		num := r.bo.Uint32(e.value[i*8:])
		den := r.bo.Uint32(e.value[i*8+4:])
		if den == 0 {
			if num != 0 {
				return 0, false
			}
			continue
		}
		v[i] = float64(num) / float64(den)
	}
	d := v[0] + v[1]/60 + v[2]/3600
	return d, !math.IsNaN(d) && !math.IsInf(d, 0)
}

func (r *tiffReader) gps(entries []ifdEntry, out *EXIF) {
	var lat, lon float64
	var okLat, okLon bool
	latRef, lonRef := "N", "E"
	for _, e := range entries {
		switch e.tag {
		case tagGPSLatRef:
			latRef = r.ascii(e)
		case tagGPSLonRef:
			lonRef = r.ascii(e)
		case tagGPSLat:
			lat, okLat = r.degrees(e)
		case tagGPSLon:
			lon, okLon = r.degrees(e)
		}
	}
	if !okLat || !okLon || lat > 90 || lon > 180 {
		return
	}
	if latRef == "S" {
		lat = -lat
	}
	if lonRef == "W" {
		lon = -lon
	}
	out.HasGPS, out.Lat, out.Lon = true, lat, lon
}
