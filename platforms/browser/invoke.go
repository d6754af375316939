package browser

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"hash/fnv"
	"strconv"
)

// libKey prefixes the window property a document keeps page code under:
// random per process, so a page cannot plant code of its own there before
// Chaperone first sends it; once there, the property can be neither
// written nor redefined.
var libKey = func() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "__chaperone_" + hex.EncodeToString(b)
}()

// Invoke calls method of the page code lib (an expression giving an
// object; method "" calls lib itself as a function) with arg, and decodes
// what it returns (awaiting a promise). The code is sent and compiled once
// per document: later calls in the same document find it under a key the
// page cannot guess, and only a miss (a new document) sends it again.
// With fresh set, the code is sent whatever the document holds, and not
// kept: for calls that carry a secret, which must only ever run Chaperone's
// own code.
func Invoke[T any](ctx context.Context, t *Tab, step, lib, method string, arg any, fresh bool) (T, error) {
	var zero T
	a, err := json.Marshal(arg)
	if err != nil {
		return zero, err
	}
	h := fnv.New64a()
	h.Write([]byte(lib))
	key := strconv.Quote(libKey + "_" + strconv.FormatUint(h.Sum64(), 36))
	call := func(o string) string {
		if method == "" {
			return o + "(" + string(a) + ")"
		}
		return o + "." + method + "(" + string(a) + ")"
	}
	if !fresh {
		type cached struct {
			Miss bool `json:"miss"`
			V    T    `json:"v"`
		}
		expr := `(() => { const o = Object.getOwnPropertyDescriptor(window, ` + key + `);
	if (!o) return { miss: true };
	return Promise.resolve(` + call("o.value") + `).then((v) => ({ v })); })()`
		res, err := Eval[cached](ctx, t, step, expr)
		if err != nil || !res.Miss {
			return res.V, err
		}
		return Eval[T](ctx, t, step, `(() => { const o = (`+lib+`);
	Object.defineProperty(window, `+key+`, { value: o });
	return `+call("o")+`; })()`)
	}
	return Eval[T](ctx, t, step, call("("+lib+")"))
}
