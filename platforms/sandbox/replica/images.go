package replica

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"sync"
	"sync/atomic"
)

// Images is the process's cache of drawn pictures: every replica of every
// host in the process shares it, so that each picture is drawn and
// PNG-encoded once, not on each request nor on each site start.
var Images = NewImageCache(256 << 20)

// ImageCache keeps encoded PNGs by key. The key must name everything the
// drawing depends on ("avatar/Maggie Thornton", "facebook/favicon").
// Concurrent requests for one key draw it once. Past maxBytes, new
// pictures are drawn and served but not kept, so memory stays bounded.
type ImageCache struct {
	max int64

	mu    sync.Mutex
	m     map[string]*cachedImage
	bytes int64
	draws atomic.Int64
}

type cachedImage struct {
	once sync.Once
	png  []byte
	err  error
}

// NewImageCache keeps up to maxBytes of PNGs.
func NewImageCache(maxBytes int64) *ImageCache {
	return &ImageCache{max: maxBytes, m: map[string]*cachedImage{}}
}

// PNG returns the picture for key, drawing and encoding it the first time.
func (c *ImageCache) PNG(key string, draw func() image.Image) ([]byte, error) {
	c.mu.Lock()
	e, ok := c.m[key]
	if !ok {
		e = &cachedImage{}
		c.m[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		c.draws.Add(1)
		var buf bytes.Buffer
		if err := png.Encode(&buf, draw()); err != nil {
			e.err = fmt.Errorf("image %s: %w", key, err)
			return
		}
		e.png = buf.Bytes()
	})
	if !ok {
		c.mu.Lock()
		c.bytes += int64(len(e.png))
		if e.err != nil || c.bytes > c.max {
			// Not kept: a later request draws it again.
			c.bytes -= int64(len(e.png))
			delete(c.m, key)
		}
		c.mu.Unlock()
	}
	return e.png, e.err
}

// Draws counts the pictures drawn so far, for tests and benchmarks.
func (c *ImageCache) Draws() int64 { return c.draws.Load() }

// Len is the number of pictures kept.
func (c *ImageCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// ServePNG answers with the picture for key.
func (c *ImageCache) ServePNG(w http.ResponseWriter, key string, draw func() image.Image) {
	b, err := c.PNG(key, draw)
	if err != nil {
		http.Error(w, "image", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	_, _ = w.Write(b)
}
