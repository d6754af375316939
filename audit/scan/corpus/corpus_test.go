package corpus

import (
	"bytes"
	"strings"
	"testing"
)

var five = map[string]bool{"identifier": true, "patient_story": true, "derogatory": true, "conflict_of_interest": true, "unprofessional": true}

func valid(c string) bool { return five[c] }

func TestRead(t *testing.T) {
	tests := []struct {
		name, in string
		posts    int
		err      string
	}{
		{"old format", `{"id":"a","text":"hello","labels":[]}`, 1, ""},
		{"new format", `{"id":"a","text":"hi","labels":["identifier"],"check":["patient_story"],"platform":"x","voice":"GP","note":"n"}` + "\n\n" + `{"id":"b","text":"x","labels":[]}`, 2, ""},
		{"unknown label", `{"id":"a","text":"hi","labels":["rude"]}`, 0, "unknown category"},
		{"unknown field", `{"id":"a","text":"hi","labels":[],"extra":1}`, 0, "unknown field"},
		{"no labels", `{"id":"a","text":"hi"}`, 0, "no labels"},
		{"no text", `{"id":"a","text":" ","labels":[]}`, 0, "no text"},
		{"repeated id", `{"id":"a","text":"x","labels":[]}` + "\n" + `{"id":"a","text":"y","labels":[]}`, 0, "already used"},
		{"label and check", `{"id":"a","text":"x","labels":["identifier"],"check":["identifier"]}`, 0, "both"},
		{"array", `[1]`, 0, "not a JSON object"},
		{"two values", `{"id":"a","text":"x","labels":[]} {"id":"b"}`, 0, "more than one"},
		{"line too long", `{"id":"a","text":"` + strings.Repeat("x", MaxLine) + `","labels":[]}`, 0, "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			posts, err := Read(strings.NewReader(tt.in), valid)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				if !strings.Contains(err.Error(), "line ") {
					t.Errorf("error %q does not name the line", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(posts) != tt.posts {
				t.Fatalf("%d posts, want %d", len(posts), tt.posts)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"hi","labels":["identifier"],"check":["patient_story"]}` + "\n"))
	f.Add([]byte("\n\n{\"id\":\"b\",\"text\":\"x\",\"labels\":[]}"))
	f.Add([]byte(`{"id":"a","text":"x","labels":["identifier"],"check":["identifier"]}`))
	f.Add([]byte("[]\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		posts, err := Read(bytes.NewReader(data), valid)
		if err != nil {
			return
		}
		for _, p := range posts {
			if p.ID == "" || strings.TrimSpace(p.Text) == "" || p.Labels == nil {
				t.Fatalf("accepted an incomplete post %+v", p)
			}
			for _, c := range append(append([]string(nil), p.Labels...), p.Check...) {
				if !valid(c) {
					t.Fatalf("accepted label %q", c)
				}
			}
		}
	})
}
