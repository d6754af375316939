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
		{"nhs number after a word in another script", "pt Zoé/943 476 5919 in bay 2", []string{"nhs_number"}},
		{"invalid check digit no context", "Parcel 9434765918 is late again", nil},
		{"labelled nhs number with typo", "NHS number 943 476 5918 needs review", []string{"nhs_number_labelled"}},
		{"chi number", "CHI 0304681253 for the INR clinic", []string{"chi_number"}},
		{"hospital number", "MRN: 1234567 booked twice", []string{"hospital_number"}},
		{"hospital number with letter", "Hosp no. K4458921 is on the wrong list", []string{"hospital_number"}},
		{"hospital number later in its sentence", "hospital number's in the corner of the MRI (RX4471820), will crop it", []string{"hospital_number"}},
		{"a label's reach ends with its sentence", "Hospital number on the form was smudged. Ring 01234567 for the canteen", nil},
		{"record code beside an age", "RTH8832104, 34F, jet ski vs pier at the regatta", []string{"hospital_number"}},
		{"health number in groups after its label", "PHN 9876 543 210, 88yo lady, says she's not covered any more", []string{"hospital_number"}},
		{"social security number after its label", "pt's SSN is 123-45-6789 on the intake form, shred it", []string{"hospital_number"}},
		{"a label's grouped number needs six digits", "health card 12 34 was the old format", nil},
		{"eircode", "Ambulance took 2 hours to find H91 F6P2, 84 year old on the floor", []string{"postcode"}},
		{"eircode unspaced", "home visit to T12K8N4 tomorrow for the dressing", []string{"postcode"}},
		{"dublin 6w eircode", "lives at D6W Y2K8 and needs a visit", []string{"postcode"}},
		{"routing key alone is not an eircode", "the H91 bus was late again", nil},
		{"eircode-shaped words are not", "A65 FEED is not a code, nor is H91 1234", nil},
		{"record-shaped code far from any age", "Order AB1234567 came for the new chairs on the ward, the building is 72 years old", nil},
		{"date of birth", "DOB 14/02/1961, needs a CT", []string{"date_of_birth"}},
		{"written date of birth", "Date of birth 4th July 1950, admitted overnight", []string{"date_of_birth"}},
		{"born date outside clinic", "My son was born on 02/03/2019.", nil},
		{"mobile", "Ring the daughter on 07700 900461 about the ward", []string{"phone_number"}},
		{"international mobile", "call +44 7700 900321 re the patient", []string{"phone_number"}},
		{"irish mobile", "Her son's on 087 123 4567 if the ward needs him", []string{"phone_number"}},
		{"australian mobile", "Mum's mobile is 0412 345 678, ring after 5", []string{"phone_number"}},
		{"irish mobile with country code", "text the husband, +353 87 765 4321", []string{"phone_number"}},
		{"north american number", "Pt's daughter: (416) 555-0199, wants a call back", []string{"phone_number"}},
		{"clinic line is not personal", "Call us on (416) 555-0100 to book your flu shot", nil},
		{"other country code", "office in Paris, +33 1 23 45 67 89", nil},
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
		{"nhs format unspaced in a patient post", "Handover: 7013349826, 71M, chest pain, please call him", []string{"nhs_number_format"}},
		{"medicare number", "Patient's card is 2417 63188 2, ref 1, claim rejected again", []string{"medicare_number"}},
		{"nhi number", "Whoever wrote the triage note for NHI ZKP4418 last night: legend", []string{"hospital_number"}},
		{"chart number", "58 year old farmer, chart number 0784412, gored this evening", []string{"hospital_number"}},
		{"us date of birth", "Guy with a scorpion sting, DOB 07/14/1979, airway held", []string{"date_of_birth"}},
		{"born with a year", "Happy birthday to my client Tamsin, born 14/02/1980 and still glowing", []string{"date_of_birth"}},
		{"iso date of birth", "Born 1952-09-14, female, 11 meds, INR all over the place on the ward", []string{"date_of_birth", "identifiable_story"}},
		{"own child's birth", "My son was born on 02/03/2019 and he is a joy", nil},
		{"house number and street", "Ivy at number 31 Heol y Nant made me Welsh cakes again", []string{"street_address"}},
		{"street abbreviated", "the screen shows his address, 12 Wattle Gr, Ballarat", []string{"street_address"}},
		{"a clinic's address is public", "From Monday the practice is at 22 Quay Street, next to the library", nil},
		{"a hall's address is public", "Booster clinic on Wednesdays at the Community Hall, 5 Church Road", nil},
		{"street named in a care post", "Visited the patient on Brunswick Terrace to redress her leg ulcer", []string{"street_name"}},
		{"name by shape in a care post", "Tamzin Pickersgill back in resus for the third time this week", []string{"person_name"}},
		{"colleague by shape", "Great ward round with Dr Priya Raman today", nil},
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

// shippedScanFS is a copy of what the scanner reads from the shipped
// assets (the lexicons folder, the model and the common words), for
// tests to change, and the lexicons as read.
func shippedScanFS(t *testing.T) (fstest.MapFS, map[string][]byte) {
	t.Helper()
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
	return good, ents
}

func TestNewRejectsBrokenData(t *testing.T) {
	good, ents := shippedScanFS(t)
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

// TestVerdicts checks the whole scanner, classifier included, on posts
// whose answer is not in doubt: categories side by side, and the
// exceptions the issue lists shown as checks, not dropped.
func TestVerdicts(t *testing.T) {
	sc := defaultScanner(t)
	tests := []struct {
		name string
		text string
		want map[Category]Verdict // categories not named are Clear
	}{
		{"identifier and story together", "Last night in resus a 23 y/o lad came off his motorbike on the A59 near Clitheroe, NHS 943 476 5919, didn't make it",
			map[Category]Verdict{Identifier: Flagged, PatientStory: Flagged}},
		{"synthetic number is a check", "For the training system use the dummy test patient, NHS 943 476 5919, DOB 01/01/1900. It is made up, not real.",
			map[Category]Verdict{Identifier: CheckOnly}},
		{"own address is a check", "Running a free CPR session for your scout group? Email me at sam.firstaid.volunteer@gmail.com, my volunteer address",
			map[Category]Verdict{Identifier: CheckOnly}},
		{"disclosed ad is a check", "#ad Paid partnership with StethCo: use code DOC20 for 20% off their stethoscopes",
			map[Category]Verdict{ConflictOfInterest: CheckOnly}},
		{"undisclosed promotion", "Obsessed with these collagen gummies, use code DOC20 for 20% off, link in bio",
			map[Category]Verdict{ConflictOfInterest: Flagged}},
		{"benign", "Lovely Sunday walk with the dog along the river.", nil},
		{"emoji only", "🙂", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := sc.Analyze(tt.text)
			for _, c := range Categories {
				if got := a.Verdict(c); got != tt.want[c] {
					t.Errorf("%s: verdict %q, want %q (score %.2f)", c, got, tt.want[c], a.Categories[catIndex(c)].Score)
				}
			}
			for _, f := range a.Flags {
				if f.Check != (a.Verdict(f.Category) == CheckOnly) {
					t.Errorf("flag %s: check %v with verdict %q", f.Rule, f.Check, a.Verdict(f.Category))
				}
				if f.Check && (f.Severity != audit.SeverityInfo || !strings.Contains(f.Why, "check")) {
					t.Errorf("check flag %s: severity %s, why %q", f.Rule, f.Severity, f.Why)
				}
				if f.Start < 0 || f.End > len(tt.text) || f.Start > f.End || f.Why == "" {
					t.Errorf("flag %+v is malformed", f)
				}
			}
		})
	}
}

// TestModelFlagPointsAtASentence: a category found by the classifier
// alone is flagged on the sentence that weighs most, not the whole post.
func TestModelFlagPointsAtASentence(t *testing.T) {
	sc := defaultScanner(t)
	text := "Lovely weather today. Had a proper window-licker in tonight, took 3 of us to hold him. Anyway, off to bed."
	for _, f := range sc.Text(text) {
		if !strings.HasPrefix(f.Rule, "model_") {
			continue
		}
		if f.Start == 0 && f.End == len(text) {
			t.Errorf("%s spans the whole post", f.Rule)
		}
		if f.Score <= 0 || f.Score > 1 {
			t.Errorf("%s score %v", f.Rule, f.Score)
		}
	}
}

// TestFingerprintIgnoresDocs: the model is tied to the word lists, not
// to their README; editing the documentation needs no retraining (the
// shipped model still loads), while editing a list does.
func TestFingerprintIgnoresDocs(t *testing.T) {
	base, err := fingerprint(assets.FS)
	if err != nil {
		t.Fatal(err)
	}
	with := func(name string, data []byte) (fstest.MapFS, [32]byte) {
		t.Helper()
		m, _ := shippedScanFS(t)
		m[name] = &fstest.MapFile{Data: data}
		fp, err := fingerprint(m)
		if err != nil {
			t.Fatal(err)
		}
		return m, fp
	}
	docs, fp := with("lexicons/README.md", []byte("# edited\n"))
	if fp != base {
		t.Error("editing the lexicons' README changed the fingerprint")
	}
	if _, err := New(docs); err != nil {
		t.Errorf("the shipped model refused after a README edit: %v", err)
	}
	if _, fp := with("lexicons/intox.txt", []byte("# edited\nsloshed\n")); fp == base {
		t.Error("editing a word list left the fingerprint as it was")
	}
}
