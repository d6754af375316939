package audit

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestSnapshotRoundTrip(t *testing.T) {
	for _, name := range []string{"demo-gp.json", "conservative.json", "missing-facts.json", "login-wall.json"} {
		s := loadSnapshot(t, name)
		var buf bytes.Buffer
		if err := EncodeSnapshot(&buf, s); err != nil {
			t.Fatal(err)
		}
		back, err := DecodeSnapshot(&buf)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(s, back) {
			t.Errorf("%s: snapshot changed in a round trip", name)
		}
	}
}

func TestResultRoundTrip(t *testing.T) {
	res := Evaluate(loadSnapshot(t, "demo-gp.json"), shipped(t), bma(t), testNow)
	var buf bytes.Buffer
	if err := EncodeResult(&buf, res); err != nil {
		t.Fatal(err)
	}
	back, err := DecodeResult(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res, back) {
		a, _ := json.Marshal(res)
		b, _ := json.Marshal(back)
		t.Errorf("result changed in a round trip:\n%s\n%s", a, b)
	}
}

func TestDecodeRejects(t *testing.T) {
	cases := []struct {
		name, doc, want string
		result          bool
	}{
		{"future snapshot", `{"schema":2,"facts":{}}`, "unsupported schema 2", false},
		{"no schema", `{"facts":{}}`, "no \"schema\"", false},
		{"not json", `{"schema":1`, "decoding snapshot", false},
		{"wrong key", `{"schema":1,"facts":{"a":{"id":"b"}}}`, "has id", false},
		{"trailing data", `{"schema":1}{"schema":1}`, "decoding snapshot", false},
		{"future result", `{"schema":7}`, "unsupported schema 7", true},
		{"old snapshot in result", `{"schema":1,"snapshot":{"schema":0}}`, "snapshot in result", true},
		{"string schema", `{"schema":"1"}`, "decoding result", true},
	}
	for _, c := range cases {
		var err error
		if c.result {
			_, err = DecodeResult(strings.NewReader(c.doc))
		} else {
			_, err = DecodeSnapshot(strings.NewReader(c.doc))
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	s, err := DecodeSnapshot(strings.NewReader(`{"schema":1,"facts":{"facebook.two_factor":{"value":"on"}}}`))
	if err != nil || s.Facts["facebook.two_factor"].ID != "facebook.two_factor" {
		t.Errorf("fact ID not filled from its key: %v %+v", err, s)
	}
}

func seedCorpus(f *testing.F) {
	for _, name := range []string{"demo-gp.json", "missing-facts.json"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"schema":1}`))
	f.Add([]byte(`{"schema":1,"facts":null,"coverage":[{"platform":""}]}`))
	f.Add([]byte(`{"schema":2}`))
	f.Add([]byte(`[]`))
}

func FuzzDecodeSnapshot(f *testing.F) {
	seedCorpus(f)
	cat := shipped(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeSnapshot(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever decodes must evaluate, re-encode and decode the same.
		Evaluate(s, cat, nil, testNow)
		var buf bytes.Buffer
		if err := EncodeSnapshot(&buf, s); err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeSnapshot(&buf); err != nil {
			t.Fatalf("re-decoding: %v", err)
		}
	})
}

func FuzzDecodeResult(f *testing.F) {
	seedCorpus(f)
	res := Evaluate(NewSnapshot(testNow), shipped(f), nil, testNow)
	var buf bytes.Buffer
	if err := EncodeResult(&buf, res); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeResult(bytes.NewReader(data))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := EncodeResult(&out, r); err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeResult(&out); err != nil {
			t.Fatalf("re-decoding: %v", err)
		}
	})
}
