package export

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// FixMojibake undoes the Meta exports' escaping, where each UTF-8 byte of a
// string is written as its own \u00XX: "caf\u00c3\u00a9" decodes to "cafÃ©"
// and should read "café". The string is re-read as Latin-1 bytes and kept
// only if those bytes are valid UTF-8; anything else is returned unchanged.
func FixMojibake(s string) string {
	high := false
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			high = true
			break
		}
	}
	if !high {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return s
		}
		b = append(b, byte(r))
	}
	if !utf8.Valid(b) {
		return s
	}
	return string(b)
}

// norm folds a key for comparison: "Follower List", "follower_list" and
// "followerList" are the same key.
func norm(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// get returns the value of the first of keys present in v (an object),
// comparing keys folded.
func get(v any, keys ...string) any {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	for _, k := range keys {
		if x, ok := m[k]; ok {
			return x
		}
	}
	for _, k := range keys {
		nk := norm(k)
		for _, mk := range sortedKeys(m) {
			if norm(mk) == nk {
				return m[mk]
			}
		}
	}
	return nil
}

// has reports whether v is an object with any of keys (folded).
func has(v any, keys ...string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for _, k := range keys {
		nk := norm(k)
		for mk := range m {
			if norm(mk) == nk {
				return true
			}
		}
	}
	return false
}

// deepFind returns the value of the shallowest key matching one of keys,
// anywhere under v (breadth first, keys in sorted order so the answer does
// not depend on map order).
func deepFind(v any, keys ...string) (any, bool) {
	want := map[string]bool{}
	for _, k := range keys {
		want[norm(k)] = true
	}
	level := []any{v}
	for depth := 0; len(level) > 0 && depth < 64; depth++ {
		var next []any
		for _, x := range level {
			switch t := x.(type) {
			case map[string]any:
				for _, k := range sortedKeys(t) {
					if want[norm(k)] {
						return t[k], true
					}
				}
				for _, k := range sortedKeys(t) {
					next = append(next, t[k])
				}
			case []any:
				next = append(next, t...)
			}
		}
		level = next
	}
	return nil, false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// str renders a scalar as text; objects and lists give "".
func str(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	}
	return ""
}

// list returns v as a list; a single object counts as a list of one, null
// as an empty list.
func list(v any) []any {
	switch t := v.(type) {
	case []any:
		return t
	case map[string]any:
		return []any{t}
	}
	return nil
}

// fields flattens a Meta record: plain keys, plus the "label_values" list
// of 2024+ exports ({"label":"IP address","value":"..."}), folded.
func fields(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[norm(k)] = v
	}
	for _, lv := range list(get(m, "label_values")) {
		l := str(get(lv, "label"))
		if l == "" {
			continue
		}
		for _, vk := range []string{"value", "timestamp_value", "href"} {
			if x := get(lv, vk); x != nil {
				if _, dup := out[norm(l)]; !dup {
					out[norm(l)] = x
				}
				break
			}
		}
	}
	return out
}

// timeLayouts are the date forms the exports use, tried in order.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RubyDate, // X: "Wed Oct 10 20:19:24 +0000 2018"
	time.UnixDate,
	"02 Jan 2006",
	"2 Jan 2006",
	"02 January 2006",
	"2 January 2006",
	"Jan 2, 2006",
	"January 2, 2006",
	"Jan 2, 2006, 3:04 PM",
	"Jan 2, 2006 3:04 pm",
	"1/2/06, 3:04 PM",
	"1/2/2006, 3:04 PM",
	"1/2/06",
	"1/2/2006",
	"2006/01/02",
}

// parseTime reads a timestamp given as Unix seconds or milliseconds
// (number or numeric string) or as a date in one of timeLayouts; it
// returns the zero time when v is none of these.
func parseTime(v any) time.Time {
	s := str(v)
	if s == "" {
		return time.Time{}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f <= 0 || math.IsInf(f, 0) || math.IsNaN(f) || f > 1e15 {
			return time.Time{}
		}
		if f > 1e11 { // milliseconds
			f /= 1000
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC()
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// kindOfValue names the JSON type of a decoded value, for shape errors.
func kindOfValue(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a text"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	case nil:
		return "null"
	}
	return "a value"
}

// text returns the text under the first of keys present in m: "" when
// absent or null, a shape error when it is anything but a text (a name
// given as a number is a file of another shape, not a name).
func text(m any, keys ...string) (string, error) {
	v := get(m, keys...)
	switch t := v.(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(t), nil
	}
	return "", shapef("%q is %s, not a text", keys[0], kindOfValue(v))
}

// timeOf reads a timestamp under the first of keys present: a number or a
// text; anything else is a shape error. A text that is no known date form
// gives the zero time: the date is unknown, the record still stands.
func timeOf(m any, keys ...string) (time.Time, error) {
	v := get(m, keys...)
	switch v.(type) {
	case nil:
		return time.Time{}, nil
	case string, json.Number:
		return parseTime(v), nil
	}
	return time.Time{}, shapef("%q is %s, not a date", keys[0], kindOfValue(v))
}

// listOf returns the list under the first of keys present: nil when absent
// or null, a single object as a list of one, a shape error otherwise.
func listOf(m any, keys ...string) ([]any, error) {
	v := get(m, keys...)
	switch t := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return t, nil
	case map[string]any:
		return []any{t}, nil
	}
	return nil, shapef("%q is %s, not a list", keys[0], kindOfValue(v))
}

// objectOf returns the object under the first of keys present: nil when
// absent or null, a shape error when it is not an object.
func objectOf(m any, keys ...string) (map[string]any, error) {
	v := get(m, keys...)
	switch t := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return t, nil
	}
	return nil, shapef("%q is %s, not an object", keys[0], kindOfValue(v))
}
