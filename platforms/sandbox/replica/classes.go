package replica

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"strings"
	"sync"
	texttemplate "text/template"
)

// Classes makes up the class names of one site start, as the real sites'
// build tools do: each semantic key gets a random primary class plus a few
// shared decoy classes, so nothing can rely on a class name surviving a
// restart. Safe for concurrent use.
type Classes struct {
	decoys []string

	mu      sync.Mutex
	classes map[string]string // semantic key -> "xprimary xdecoy ..."
	primary map[string]string // semantic key -> primary class token
}

// NewClasses starts a fresh set of names.
func NewClasses() *Classes {
	c := &Classes{classes: map[string]string{}, primary: map[string]string{}}
	for range 40 {
		c.decoys = append(c.decoys, randomClass())
	}
	return c
}

const classAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// randomClass is "x" and 6 to 8 letters or digits.
func randomClass() string {
	b := make([]byte, 6+randN(3))
	for i := range b {
		b[i] = classAlphabet[randN(len(classAlphabet))]
	}
	return "x" + string(b)
}

// Class returns the class attribute value for a semantic key, making one
// up the first time the key is used.
func (c *Classes) Class(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.classLocked(key)
}

func (c *Classes) classLocked(key string) string {
	if v, ok := c.classes[key]; ok {
		return v
	}
	p := randomClass()
	parts := []string{p}
	for range 1 + randN(4) {
		parts = append(parts, c.decoys[randN(len(c.decoys))])
	}
	c.primary[key] = p
	c.classes[key] = strings.Join(parts, " ")
	return c.classes[key]
}

// Selector returns the CSS selector of a semantic key.
func (c *Classes) Selector(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.classLocked(key)
	return "." + c.primary[key]
}

// JSON is every key's class attribute as a JSON object, for the page's
// script (which draws its own markup with the same names).
func (c *Classes) JSON() template.JS {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, _ := json.Marshal(c.classes)
	return template.JS(b)
}

var decoyRules = []string{
	"-webkit-tap-highlight-color:transparent", "touch-action:manipulation", "overflow-wrap:break-word",
	"-webkit-font-smoothing:antialiased", "text-rendering:optimizeLegibility", "hyphens:manual",
	"font-kerning:normal", "caret-color:auto",
}

// CSS fills a style sheet whose selectors are written [[s "key"]] with this
// start's names, after a block of atomic-CSS noise: every decoy class
// carries a declaration that does not change the layout.
func (c *Classes) CSS(src []byte) ([]byte, error) {
	t, err := texttemplate.New("css").Delims("[[", "]]").Funcs(texttemplate.FuncMap{"s": c.Selector}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("css template: %w", err)
	}
	var b bytes.Buffer
	for i, d := range c.decoys {
		fmt.Fprintf(&b, ".%s{%s}\n", d, decoyRules[i%len(decoyRules)])
	}
	if err := t.Execute(&b, nil); err != nil {
		return nil, fmt.Errorf("css template: %w", err)
	}
	return b.Bytes(), nil
}

var jsClassUse = regexp.MustCompile(`cx\("([a-zA-Z0-9_]+)"\)`)

// ScanJS makes up the names a script asks for as cx("key"), so that they
// are in JSON before the first page is served.
func (c *Classes) ScanJS(src []byte) {
	for _, m := range jsClassUse.FindAllSubmatch(src, -1) {
		c.Class(string(m[1]))
	}
}
