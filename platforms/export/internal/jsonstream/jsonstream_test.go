package jsonstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func decodeAll(data []byte, lim Limits) (any, error) {
	d := NewDecoder(bytes.NewReader(data), lim)
	v, err := d.Value(&Budget{Values: 1 << 30, Bytes: 1 << 30})
	if err != nil {
		return nil, err
	}
	return v, d.End("")
}

func stdDecode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if len(bytes.Trim(data[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, errors.New("trailing data")
	}
	return v, nil
}

func TestAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range []string{
		`{"a":[1,-2.5e3,"x\u00e9\ud83c\udfc3",true,false,null,{}],"b":{"c":[]}}`,
		`"\ud800\u0041"`, `"\udc00"`, "\"\xff\xfeok\"", `[0, 0.5, -0, 1E+2]`, ` [ ] `,
		`{"a":1,"a":2}`, `"\/\b\f\n\r\t\\\""`,
	} {
		want, err := stdDecode([]byte(s))
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		got, err := decodeAll([]byte(s), Limits{})
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", s, got, want)
		}
	}
	for _, s := range []string{``, `[`, `[1,]`, `{"a"}`, `{"a":1,}`, `01`, `1.`, `-`, `tru`, `nul`, `"abc`, "\"a\x01\"", `[1] 2`, `{a:1}`, `"\x"`, `"\u12"`, `1e`, `[}`} {
		if _, err := decodeAll([]byte(s), Limits{}); err == nil {
			t.Errorf("%q: accepted", s)
		}
	}
}

func TestLimits(t *testing.T) {
	tests := []struct {
		name, in string
		lim      Limits
		want     string
	}{
		{"deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), Limits{MaxDepth: 64}, "nesting deeper than 64 levels"},
		{"deep objects", strings.Repeat(`{"a":`, 10) + "1" + strings.Repeat("}", 10), Limits{MaxDepth: 5}, "nesting deeper than 5 levels"},
		{"long text", `["` + strings.Repeat("a", 3000) + `"]`, Limits{MaxString: 2048}, "a text longer than 2 KB"},
		{"long escaped text", `"` + strings.Repeat(`\u00e9`, 1100) + `"`, Limits{MaxString: 2048}, "a text longer than 2 KB"},
		{"long key", `{"` + strings.Repeat("k", 5000) + `":1}`, Limits{MaxString: 4096}, "a text longer than 4 KB"},
		{"long number", `[` + strings.Repeat("1", 100) + `]`, Limits{MaxNumber: 64}, "a number longer than 64 digits"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeAll([]byte(tc.in), tc.lim)
			var le *LimitError
			if !errors.As(err, &le) || le.What != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			// Skipping is held to the same limits.
			d := NewDecoder(strings.NewReader(tc.in), tc.lim)
			if err := d.Skip(); !errors.As(err, &le) {
				t.Errorf("Skip: err = %v", err)
			}
		})
	}
	// The budget of one value.
	d := NewDecoder(strings.NewReader(`[1,2,3,4,5]`), Limits{})
	if _, err := d.Value(&Budget{Values: 3, Bytes: 100}); !errors.Is(err, ErrBudget) {
		t.Errorf("values budget: %v", err)
	}
	d = NewDecoder(strings.NewReader(`{"abc":"defgh"}`), Limits{})
	if _, err := d.Value(&Budget{Values: 100, Bytes: 6}); !errors.Is(err, ErrBudget) {
		t.Errorf("bytes budget: %v", err)
	}
}

func TestCallbacks(t *testing.T) {
	d := NewDecoder(strings.NewReader("\ufeff"+`window.YTD.x.part0 = {"skip":[1,{"a":[2]}],"keep":["a","b"],"n":7};`), Limits{})
	d.SkipBOM()
	if err := d.SkipPrefix(64); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := d.Object(func(k string) error {
		if k != "keep" {
			return nil // left unread: skipped
		}
		return d.Array(func(int) error {
			s, err := d.String()
			got = append(got, s)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.End(";"); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "a,b" {
		t.Errorf("got %v", got)
	}
	if err := NewDecoder(strings.NewReader(""), Limits{}).Skip(); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty: %v", err)
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{512 << 20: "512 MB", 256 << 10: "256 KB", 2 << 30: "2 GB", 1536 << 20: "1.5 GB", 100: "100 bytes"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// FuzzDecoder checks the streaming decoder against encoding/json: within
// the limits, both accept the same documents and build the same values.
func FuzzDecoder(f *testing.F) {
	for _, s := range []string{`{"friends_v2":[{"name":"a","timestamp":1}]}`, `[`, `"\ud83c\udfc3"`, `[1e5,-0.1,true,null]`, "\"\xc3\"", `{"a":{"b":[[]]}}`, `"\u00e9\ud800x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodeAll(data, Limits{MaxDepth: 10000, MaxString: 1 << 20, MaxNumber: 1 << 20})
		want, werr := stdDecode(data)
		if (err == nil) != (werr == nil) {
			t.Fatalf("jsonstream err %v, encoding/json err %v", err, werr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("got %#v, want %#v", got, want)
		}
		// Skip accepts exactly what Value accepts.
		d := NewDecoder(bytes.NewReader(data), Limits{MaxDepth: 10000, MaxString: 1 << 20, MaxNumber: 1 << 20})
		serr := d.Skip()
		if serr == nil {
			serr = d.End("")
		}
		if (serr == nil) != (err == nil) {
			t.Fatalf("Skip err %v, Value err %v", serr, err)
		}
	})
}
