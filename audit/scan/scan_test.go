package scan

import (
	"strings"
	"testing"
	"testing/fstest"

	"chaperone/assets"
	"chaperone/audit"
)

// rulesOf scans text and returns the rules that fired, for table tests.
func rulesOf(t *testing.T, text string) []string {
	t.Helper()
	var out []string
	for _, f := range defaultScanner(t).AnalyzeMode(text, Mode{RulesOnly: true}).Flags {
		if f.Start < 0 || f.End > len(text) || f.Start > f.End {
			t.Fatalf("flag %s has span %d-%d outside a %d-byte text", f.Rule, f.Start, f.End, len(text))
		}
		if f.Why == "" || f.Severity == "" || !validCategory(f.Category) {
			t.Fatalf("flag %+v is incomplete", f)
		}
		out = append(out, f.Rule)
	}
	return out
}

// TestRules checks each explainable rule on its own (no classifier).
func TestRules(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // rules expected, in order; nil = clean
	}{
		{"nhs number spaced", "Bloods for 943 476 5919 please", []string{"nhs_number"}},
		{"nhs number plain", "NHS no 9434765919 on the list", []string{"nhs_number"}},
		{"nhs number hyphens", "pt 943-476-5919 in bay 2", []string{"nhs_number"}},
		{"invalid check digit no context", "Parcel 9434765918 is late again", nil},
		{"labelled nhs number with typo", "NHS number 943 476 5918 needs review", []string{"nhs_number_labelled"}},
		{"chi number", "CHI 0304681253 for the INR clinic", []string{"chi_number"}},
		{"hospital number", "MRN: 1234567 booked twice", []string{"hospital_number"}},
		{"hospital number with letter", "Hosp no. K4458921 is on the wrong list", []string{"hospital_number"}},
		{"date of birth", "DOB 14/02/1961, needs a CT", []string{"date_of_birth"}},
		{"written date of birth", "Date of birth 4th July 1950, admitted overnight", []string{"date_of_birth"}},
		{"born date outside clinic", "My son was born on 02/03/2019.", nil},
		{"mobile", "Ring the daughter on 07700 900461 about the ward", []string{"phone_number"}},
		{"international mobile", "call +44 7700 900321 re the patient", []string{"phone_number"}},
		{"helpline is not personal", "Samaritans: 116 123, or 0300 123 1234 any time", nil},
		{"email", "send it to jo.bloggs@example.com", []string{"email_address"}},
		{"role mailbox", "email enquiries@example.org for details", nil},
		{"postcode", "lives at LS6 2AB near the park", []string{"postcode"}},
		{"not a postcode", "the M62 and A1 were shut", nil},
		{"title and surname", "Mrs Higgins in bed 4 wants the ward to call", []string{"patient_name"}},
		{"colleague is not a patient", "Dr Sarah Mitchell ran the ward round", nil},
		{"pop culture title", "Mr Bean marathon after the match", nil},
		{"patient story", "Last night in resus a 23 y/o lad came off his motorbike on the A59, didn't make it", []string{"identifiable_story"}},
		{"teaching case", "Fictional teaching case: 67M with chest pain in resus today. Next step?", nil},
		{"own illness", "I was admitted to hospital yesterday with appendicitis, all fine now", nil},
		{"generic shift", "Busy night shift today, saw so many patients", nil},
		{"slang", "Frequent flyer back in majors again", []string{"derogatory_slang"}},
		{"airline miles", "Frequent flyer miles got me an upgrade", nil},
		{"discussing the word", "Let's stop calling patients 'heartsink'.", nil},
		{"insult at colleague", "The ortho reg is completely useless tonight", []string{"insult"}},
		{"self deprecation", "I'm such an idiot, forgot my badge on the ward", nil},
		{"promotion", "Loving these collagen gummies, use code DOC20 for 20% off", []string{"undisclosed_promotion"}},
		{"disclosed promotion", "#ad Loving these collagen gummies, use code DOC20", nil},
		{"public health", "Flu jabs are free, book now at your GP", nil},
		{"intoxication", "Still hammered from the mess party", []string{"intoxication"}},
		{"patient drunk", "The patient was drunk and fell down the stairs", nil},
		{"profanity", "This rota is fucking ridiculous", []string{"profanity"}},
		{"discriminatory", "what a bunch of retards", []string{"discriminatory"}},
		{"sexualised", "the new reg is smoking hot", []string{"sexualised"}},
		{"lying down game", "doing the lying down game on the helipad", []string{"clinical_area_photo"}},
		{"selfie in mortuary", "selfie in the mortuary lol", []string{"clinical_area_photo"}},
		{"empty", "", nil},
		{"emoji only", "🙂🙃😂", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rulesOf(t, tt.text)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("rules = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMod11(t *testing.T) {
	for _, tt := range []struct {
		n    string
		want bool
	}{
		{"9434765919", true}, {"9434765918", false}, {"0000000000", true},
		{"1234567881", true}, {"123456789", false}, {"9999999998", false},
	} {
		if got := mod11([]byte(tt.n)); got != tt.want {
			t.Errorf("mod11(%s) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestSpansPointAtTheEvidence(t *testing.T) {
	text := "FAO ward 7: NHS 943 476 5919, DOB 01/02/1960, call 07700 900461"
	flags := defaultScanner(t).Text(text)
	want := map[string]string{
		"nhs_number":    "943 476 5919",
		"date_of_birth": "DOB 01/02/1960",
		"phone_number":  "07700 900461",
	}
	if len(flags) != len(want) {
		t.Fatalf("got %d flags, want %d", len(flags), len(want))
	}
	for _, f := range flags {
		if got := text[f.Start:f.End]; got != want[f.Rule] {
			t.Errorf("%s span = %q, want %q", f.Rule, got, want[f.Rule])
		}
		if f.Severity != audit.SeverityHigh {
			t.Errorf("%s in a clinical post: severity %s, want high", f.Rule, f.Severity)
		}
	}
}

func TestRedact(t *testing.T) {
	text := "Mr Okonkwo in bed 12, NHS 943 476 5919, daughter on 07700 900461."
	sc := defaultScanner(t)
	flags := sc.Text(text)
	got := Redact(text, flags)
	for _, leak := range []string{"Okonkwo", "943 476 5919", "07700"} {
		if strings.Contains(got, leak) {
			t.Errorf("redacted text %q still holds %q", got, leak)
		}
	}
	for _, mask := range []string{"[name]", "[NHS number]", "[phone]"} {
		if !strings.Contains(got, mask) {
			t.Errorf("redacted text %q lacks %s", got, mask)
		}
	}
	for _, f := range flags {
		s := Snippet(text, flags, f, 20)
		if strings.Contains(s, "5919") || strings.Contains(s, "Okonkwo") || strings.Contains(s, "900461") {
			t.Errorf("snippet %q leaks an identifier", s)
		}
	}
}

func TestNewRejectsBrokenData(t *testing.T) {
	good := fstest.MapFS{}
	ents, err := assetsLexicons()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range ents {
		good[name] = &fstest.MapFile{Data: data}
	}
	for _, name := range []string{ModelFile, CommonWordsFile} {
		data, err := assets.FS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		good[name] = &fstest.MapFile{Data: data}
	}
	model := good[ModelFile].Data
	if _, err := New(good); err != nil {
		t.Fatalf("New on the shipped lexicons: %v", err)
	}
	for _, tt := range []struct {
		name   string
		mutate func(fstest.MapFS)
	}{
		{"missing list", func(m fstest.MapFS) { delete(m, "lexicons/slang.txt") }},
		{"missing rule", func(m fstest.MapFS) {
			m["lexicons/rules.json"] = &fstest.MapFile{Data: []byte(strings.Replace(string(ents["lexicons/rules.json"]), `"id": "postcode"`, `"id": "postcode2"`, 1))}
		}},
		{"bad severity", func(m fstest.MapFS) {
			m["lexicons/rules.json"] = &fstest.MapFile{Data: []byte(strings.Replace(string(ents["lexicons/rules.json"]), `"severity": "high"`, `"severity": "dire"`, 1))}
		}},
		{"no rules", func(m fstest.MapFS) { delete(m, "lexicons/rules.json") }},
		{"no model", func(m fstest.MapFS) { delete(m, ModelFile) }},
		{"no common words", func(m fstest.MapFS) { delete(m, CommonWordsFile) }},
		{"damaged model", func(m fstest.MapFS) {
			d := append([]byte(nil), model...)
			d[len(d)/2] ^= 0xff
			m[ModelFile] = &fstest.MapFile{Data: d}
		}},
		{"model for other word lists", func(m fstest.MapFS) {
			m["lexicons/slang.txt"] = &fstest.MapFile{Data: append(append([]byte(nil), ents["lexicons/slang.txt"]...), "\nzzzz\n"...)}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := fstest.MapFS{}
			for k, v := range good {
				m[k] = v
			}
			tt.mutate(m)
			if _, err := New(m); err == nil {
				t.Error("New accepted broken lexicons")
			}
		})
	}
}

// assetsLexicons copies the shipped lexicons folder.
func assetsLexicons() (map[string][]byte, error) {
	out := map[string][]byte{}
	ents, err := assets.FS.ReadDir("lexicons")
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		data, err := assets.FS.ReadFile("lexicons/" + e.Name())
		if err != nil {
			return nil, err
		}
		out["lexicons/"+e.Name()] = data
	}
	return out, nil
}
