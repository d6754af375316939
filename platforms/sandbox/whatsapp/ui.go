package whatsapp

import (
	"bytes"
	"embed"
	"fmt"
	"hash/fnv"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"net/http"

	"chaperone/platforms/sandbox/replica"
)

//go:embed all:web
var webFS embed.FS

func newUI(st *State) *replica.UI {
	u, err := replica.NewUI(replica.UIFiles{
		FS:          webFS,
		Templates:   "web/templates",
		CSS:         "web/static/style.css",
		JS:          "web/static/app.js",
		AssetPrefix: "/app.",
		Funcs: template.FuncMap{
			// dict passes a few named values to a partial.
			"dict": func(kv ...any) map[string]any {
				m := map[string]any{}
				for i := 0; i+1 < len(kv); i += 2 {
					k, _ := kv[i].(string)
					m[k] = kv[i+1]
				}
				return m
			},
		},
	})
	if err != nil {
		// The templates are embedded: an error is a bug in this package,
		// caught by every test.
		panic(fmt.Sprintf("whatsapp replica: %v", err))
	}
	return u
}

// qrImage draws the code a phone scans. It is a faithful stand-in rather
// than a decodable QR: the three finder squares, the timing rows and
// modules that depend on the ref, so each ref looks different, drawn here
// so nothing loads from elsewhere.
func (s *Site) qrImage(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("ref")
	if len(ref) > 200 {
		http.Error(w, "bad ref", http.StatusBadRequest)
		return
	}
	// Not cached: every ref is drawn once and shown for 20 seconds.
	b, err := pngOf(QR(ref))
	if err != nil {
		http.Error(w, "image", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

// QR is the code image for ref: 33x33 modules of 8 pixels with a quiet
// zone, finder patterns in three corners and timing patterns between them.
func QR(ref string) image.Image {
	const n, k, quiet = 33, 8, 4
	size := (n + 2*quiet) * k
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	replica.Fill(img, color.White)
	dark := color.RGBA{0x12, 0x1b, 0x22, 0xff}
	set := func(x, y int) {
		for yy := 0; yy < k; yy++ {
			for xx := 0; xx < k; xx++ {
				img.Set((x+quiet)*k+xx, (y+quiet)*k+yy, dark)
			}
		}
	}
	finder := func(ox, oy int) {
		for y := 0; y < 7; y++ {
			for x := 0; x < 7; x++ {
				if x == 0 || y == 0 || x == 6 || y == 6 || (x >= 2 && x <= 4 && y >= 2 && y <= 4) {
					set(ox+x, oy+y)
				}
			}
		}
	}
	reserved := func(x, y int) bool {
		return (x < 8 && y < 8) || (x >= n-8 && y < 8) || (x < 8 && y >= n-8) || x == 6 || y == 6
	}
	finder(0, 0)
	finder(n-7, 0)
	finder(0, n-7)
	for i := 8; i < n-8; i += 2 {
		set(i, 6)
		set(6, i)
	}
	h := fnv.New64a()
	h.Write([]byte(ref))
	seed := h.Sum64() | 1
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if reserved(x, y) {
				continue
			}
			// xorshift: modules a fixed function of the ref.
			seed ^= seed << 13
			seed ^= seed >> 7
			seed ^= seed << 17
			if seed&1 == 1 {
				set(x, y)
			}
		}
	}
	return img
}

func (s *Site) favicon(w http.ResponseWriter, r *http.Request) {
	replica.Images.ServePNG(w, "whatsapp/favicon", func() image.Image {
		img := image.NewRGBA(image.Rect(0, 0, 32, 32))
		replica.Disc(img, 16, 16, 15, color.RGBA{0x25, 0xd3, 0x66, 0xff})
		replica.Disc(img, 16, 16, 9, color.White)
		return img
	})
}

func (s *Site) avatar(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	for _, c := range s.st.Account().Chats {
		if c.ID+".png" == id {
			replica.Images.ServePNG(w, "avatar/"+c.Name, func() image.Image { return replica.Avatar(c.Name) })
			return
		}
	}
	http.NotFound(w, r)
}

func pngOf(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
