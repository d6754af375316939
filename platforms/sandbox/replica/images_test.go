package replica

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

func TestImageCacheDrawsEachPictureOnce(t *testing.T) {
	c := NewImageCache(64 << 20)
	var drawn atomic.Int64
	draw := func(name string) func() image.Image {
		return func() image.Image { drawn.Add(1); return Avatar(name) }
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range 20 {
				w := httptest.NewRecorder()
				c.ServePNG(w, fmt.Sprint("avatar/", i%4), draw(fmt.Sprint("Person ", i%4)))
				if w.Code != 200 || w.Header().Get("Content-Type") != "image/png" {
					t.Errorf("status %d", w.Code)
				}
				if _, err := png.Decode(bytes.NewReader(w.Body.Bytes())); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if n := drawn.Load(); n != 4 || c.Draws() != 4 || c.Len() != 4 {
		t.Errorf("160 requests for 4 pictures drew %d (cache says %d, keeps %d), want 4", n, c.Draws(), c.Len())
	}
}

func TestImageCacheStaysWithinItsBudget(t *testing.T) {
	c := NewImageCache(1) // smaller than any picture
	for range 3 {
		if _, err := c.PNG("cover/x", func() image.Image { return Cover("x") }); err != nil {
			t.Fatal(err)
		}
	}
	if c.Len() != 0 || c.Draws() != 3 {
		t.Errorf("over budget: keeps %d, drew %d; want 0 kept, drawn on each request", c.Len(), c.Draws())
	}
}

func TestPicturesAreDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name string
		draw func() image.Image
	}{
		{"avatar", func() image.Image { return Avatar("Maggie Thornton") }},
		{"cover", func() image.Image { return Cover("100004527319864") }},
		{"xray", func() image.Image { return Photo(PhotoXRay, "p1", "WARD 3") }},
		{"dog", func() image.Image { return Photo(PhotoDog, "p2") }},
		{"unknown kind", func() image.Image { return Photo("nonsense", "p3") }},
	} {
		a, b := encode(t, tc.draw()), encode(t, tc.draw())
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two drawings differ, so one cached copy would be wrong", tc.name)
		}
	}
	if bytes.Equal(encode(t, Avatar("A B")), encode(t, Avatar("C D"))) {
		t.Error("two people got the same avatar")
	}
}

func encode(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// BenchmarkPhotoDrawn is what a replica paid per first request before the
// cache: draw and PNG-encode the ward x-ray.
func BenchmarkPhotoDrawn(b *testing.B) {
	for b.Loop() {
		encode(b, Photo(PhotoXRay, "p1", "WARD 3"))
	}
}

// BenchmarkPhotoCached is the same picture served from the process cache,
// as every request after the first in the process is.
func BenchmarkPhotoCached(b *testing.B) {
	c := NewImageCache(64 << 20)
	draw := func() image.Image { return Photo(PhotoXRay, "p1", "WARD 3") }
	if _, err := c.PNG("xray", draw); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.PNG("xray", draw); err != nil {
			b.Fatal(err)
		}
	}
	if c.Draws() != 1 {
		b.Fatalf("drawn %d times", c.Draws())
	}
}
