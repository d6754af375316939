package replica

import (
	"hash/fnv"
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Every picture a replica shows is drawn here, so that no page loads an
// image from anywhere else. Each drawing depends only on its arguments, so
// the cache can keep one copy per process.

// Photo kinds Photo can draw.
const (
	PhotoXRay      = "xray"
	PhotoLandscape = "landscape"
	PhotoCake      = "cake"
	PhotoDog       = "dog"
	PhotoBike      = "bike"
)

func seedOf(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// Fill paints the whole image c.
func Fill(img draw.Image, c color.Color) {
	draw.Draw(img, img.Bounds(), &image.Uniform{c}, image.Point{}, draw.Src)
}

// Text draws s with the 7x13 bitmap font scaled by k, top-left at (x, y).
func Text(img *image.RGBA, s string, x, y, k int, c color.Color) {
	w := font.MeasureString(basicfont.Face7x13, s).Ceil()
	small := image.NewAlpha(image.Rect(0, 0, w, 13))
	d := font.Drawer{Dst: small, Src: image.Opaque, Face: basicfont.Face7x13, Dot: fixed.P(0, 11)}
	d.DrawString(s)
	for yy := 0; yy < 13; yy++ {
		for xx := 0; xx < w; xx++ {
			if small.AlphaAt(xx, yy).A > 100 {
				draw.Draw(img, image.Rect(x+xx*k, y+yy*k, x+xx*k+k, y+yy*k+k), &image.Uniform{c}, image.Point{}, draw.Over)
			}
		}
	}
}

// initials of a display name: "Maggie Thornton" -> "MT".
func initials(name string) string {
	var out []rune
	for _, f := range strings.Fields(name) {
		for _, r := range f {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
				out = append(out, r)
				break
			}
		}
	}
	if len(out) > 2 {
		out = []rune{out[0], out[len(out)-1]}
	}
	return strings.ToUpper(string(out))
}

var avatarColours = []color.RGBA{
	{0x5b, 0x8d, 0xd6, 255}, {0xe0, 0x7a, 0x5f, 255}, {0x3d, 0xa5, 0x7a, 255}, {0x9b, 0x6d, 0xc6, 255},
	{0xd6, 0xa2, 0x3a, 255}, {0x4a, 0x9f, 0xb5, 255}, {0xc4, 0x5c, 0x8a, 255}, {0x6b, 0x7f, 0x3a, 255},
}

// Avatar is a profile picture: the initials of name on a colour of its own.
func Avatar(name string) image.Image {
	const n = 160
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	bg := avatarColours[seedOf(name)%uint64(len(avatarColours))]
	// A soft diagonal shade so the tiles do not look flat.
	for y := range n {
		for x := range n {
			f := 1 - 0.18*float64(x+y)/float64(2*n)
			img.SetRGBA(x, y, color.RGBA{uint8(float64(bg.R) * f), uint8(float64(bg.G) * f), uint8(float64(bg.B) * f), 255})
		}
	}
	in := initials(name)
	const k = 4 // 7x13 glyphs drawn at 28x52
	Text(img, in, (n-len(in)*7*k)/2, (n-13*k)/2, k, color.White)
	return img
}

// Cover is a cover photo of sky and hills, different for each id.
func Cover(id string) image.Image {
	const w, h = 940, 300
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seedOf(id), 1))
	top := color.RGBA{uint8(120 + r.IntN(80)), uint8(150 + r.IntN(60)), uint8(190 + r.IntN(60)), 255}
	for y := range h {
		t := float64(y) / h
		c := color.RGBA{uint8(float64(top.R) * (1 - 0.3*t)), uint8(float64(top.G) * (1 - 0.2*t)), uint8(float64(top.B) * (1 - 0.1*t)), 255}
		for x := range w {
			img.SetRGBA(x, y, c)
		}
	}
	hills(img, r, 0.55, color.RGBA{0x6a, 0x8f, 0x5a, 255})
	hills(img, r, 0.72, color.RGBA{0x4e, 0x73, 0x42, 255})
	return img
}

// hills paints a rolling skyline at the given height fraction.
func hills(img *image.RGBA, r *rand.Rand, level float64, c color.RGBA) {
	b := img.Bounds()
	p1, p2 := r.Float64()*6, r.Float64()*6
	for x := range b.Dx() {
		fx := float64(x) / float64(b.Dx())
		top := int(float64(b.Dy()) * (level + 0.06*math.Sin(fx*5+p1) + 0.03*math.Sin(fx*13+p2)))
		for y := max(0, top); y < b.Dy(); y++ {
			img.SetRGBA(x, y, c)
		}
	}
}

// Photo draws a picture of the kind (Photo* constants), varied by id.
// caption is what an x-ray has burned in, one line each.
func Photo(kind, id string, caption ...string) image.Image {
	switch kind {
	case PhotoXRay:
		return XRay(id, caption...)
	}
	const w, h = 720, 540
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seedOf(id), 2))
	switch kind {
	case PhotoLandscape:
		for y := range h {
			t := float64(y) / h
			c := color.RGBA{uint8(250 - 90*t), uint8(160 - 60*t), uint8(90 + 60*t), 255}
			for x := range w {
				img.SetRGBA(x, y, c)
			}
		}
		Disc(img, w*2/3, h/3, 40, color.RGBA{255, 220, 150, 255})
		hills(img, r, 0.45, color.RGBA{0x4a, 0x3c, 0x5a, 255})
		for y := h * 3 / 5; y < h; y++ {
			for x := range w {
				img.SetRGBA(x, y, color.RGBA{uint8(90 + r.IntN(20)), 80, uint8(120 + r.IntN(20)), 255})
			}
		}
	case PhotoCake:
		Fill(img, color.RGBA{0xd9, 0xc7, 0xa8, 255})
		Ellipse(img, w/2, h/2+40, 270, 90, color.RGBA{0x8b, 0x5a, 0x2b, 255})
		Ellipse(img, w/2, h/2, 220, 140, color.RGBA{0xb5, 0x7a, 0x3c, 255})
		Ellipse(img, w/2, h/2-20, 150, 70, color.RGBA{0xd8, 0xa4, 0x62, 255})
	case PhotoDog:
		for y := range h {
			for x := range w {
				img.SetRGBA(x, y, color.RGBA{uint8(70 + r.IntN(25)), uint8(130 + r.IntN(30)), 60, 255})
			}
		}
		Ellipse(img, w/2, h/2+30, 170, 80, color.RGBA{0x7a, 0x4a, 0x22, 255})
		Disc(img, w/2+170, h/2-30, 60, color.RGBA{0x7a, 0x4a, 0x22, 255})
		Ellipse(img, w/2+210, h/2-20, 22, 50, color.RGBA{0x5a, 0x32, 0x12, 255})
		Disc(img, w/2+190, h/2-45, 7, color.Black)
	case PhotoBike:
		for y := range h {
			c := color.RGBA{0x9c, 0xc8, 0xee, 255}
			if y > h*2/3 {
				c = color.RGBA{0x60, 0x60, 0x66, 255}
			}
			for x := range w {
				img.SetRGBA(x, y, c)
			}
		}
		Ring(img, w/2-110, h*2/3, 70, 6, color.Black)
		Ring(img, w/2+110, h*2/3, 70, 6, color.Black)
		Disc(img, w/2, h/3-40, 28, color.RGBA{0xf0, 0xc0, 0x90, 255})
		Ellipse(img, w/2, h/3+40, 30, 60, color.RGBA{0xe0, 0x40, 0x60, 255})
	default:
		Fill(img, color.RGBA{200, 200, 200, 255})
	}
	return img
}

// XRay draws a greyscale chest radiograph, with the side marker and the
// burned-in annotation lines a real one carries (hospital, bed, time).
func XRay(id string, caption ...string) image.Image {
	const w, h = 540, 640
	g := image.NewGray(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seedOf(id), 3))
	set := func(x, y int, v float64) {
		if x >= 0 && y >= 0 && x < w && y < h {
			g.SetGray(x, y, color.Gray{uint8(max(0, min(255, v)))})
		}
	}
	cx := float64(w) / 2
	for y := range h {
		for x := range w {
			fx, fy := float64(x), float64(y)
			v := 12.0
			// Soft tissue of the thorax.
			if ex, ey := (fx-cx)/230, (fy-360)/300; ex*ex+ey*ey < 1 {
				v = 95
			}
			// Lungs: dark.
			for _, side := range []float64{-1, 1} {
				lx, ly := (fx-cx-side*95)/85, (fy-330)/190
				if lx*lx+ly*ly < 1 {
					v = 38
				}
			}
			// Heart shadow, left of the image's right side.
			if hx, hy := (fx-cx-30)/85, (fy-420)/80; hx*hx+hy*hy < 1 {
				v = 120
			}
			// Spine.
			if math.Abs(fx-cx) < 22 && fy > 90 {
				v = 170 + 25*math.Sin(fy/9)
			}
			v += r.NormFloat64() * 7
			set(x, y, v)
		}
	}
	// Ribs: bright arcs either side.
	for i := range 10 {
		y0 := 170.0 + float64(i)*32
		for _, side := range []float64{-1, 1} {
			for t := 0.0; t < 1; t += 0.002 {
				x := cx + side*(25+t*190)
				y := y0 + 70*t*t - 30*t + float64(i)*3*t
				for d := -5.0; d <= 5; d++ {
					set(int(x), int(y+d), 185-math.Abs(d)*9+r.NormFloat64()*5)
				}
			}
		}
	}
	// Clavicles.
	for _, side := range []float64{-1, 1} {
		for t := 0.0; t < 1; t += 0.002 {
			x, y := cx+side*(30+t*170), 140-20*t
			for d := -6.0; d <= 6; d++ {
				set(int(x), int(y+d), 200-math.Abs(d)*8)
			}
		}
	}
	// A bright foreign body: the "spot the problem" of the post.
	for y := 470; y < 530; y++ {
		for x := 330; x < 342; x++ {
			set(x, y, 250)
		}
	}
	img := image.NewRGBA(g.Bounds())
	draw.Draw(img, img.Bounds(), g, image.Point{}, draw.Src)
	Text(img, "L", w-60, 24, 3, color.White)
	for i, line := range caption {
		Text(img, line, 14, h-16-18*(len(caption)-i), 1, color.White)
	}
	return img
}

// Disc, Ellipse and Ring paint filled shapes centred on (cx, cy).
func Disc(img *image.RGBA, cx, cy, rad int, c color.Color) { Ellipse(img, cx, cy, rad, rad, c) }

// Ellipse paints a filled ellipse with radii rx and ry.
func Ellipse(img *image.RGBA, cx, cy, rx, ry int, c color.Color) {
	for y := cy - ry; y <= cy+ry; y++ {
		for x := cx - rx; x <= cx+rx; x++ {
			dx, dy := float64(x-cx)/float64(rx), float64(y-cy)/float64(ry)
			if dx*dx+dy*dy <= 1 && image.Pt(x, y).In(img.Bounds()) {
				img.Set(x, y, c)
			}
		}
	}
}

// Ring paints a circle outline th pixels thick.
func Ring(img *image.RGBA, cx, cy, rad, th int, c color.Color) {
	for y := cy - rad; y <= cy+rad; y++ {
		for x := cx - rad; x <= cx+rad; x++ {
			d := math.Hypot(float64(x-cx), float64(y-cy))
			if d <= float64(rad) && d >= float64(rad-th) && image.Pt(x, y).In(img.Bounds()) {
				img.Set(x, y, c)
			}
		}
	}
}
