package remind

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestICSRecurringEvent(t *testing.T) {
	now := date(2026, 2, 1)
	for _, months := range []int{1, 3, 6, 12} {
		s := Settings{Enabled: true, IntervalMonths: months}
		ev := CalendarEvent(s, date(2026, 1, 10), now)
		var buf bytes.Buffer
		if err := WriteICS(&buf, ev); err != nil {
			t.Fatal(err)
		}
		raw := buf.String()
		for _, l := range strings.SplitAfter(raw, "\r\n") {
			if len(strings.TrimSuffix(l, "\r\n")) > 75 {
				t.Fatalf("line longer than 75 octets: %q", l)
			}
		}
		if strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n") {
			t.Fatal("bare LF in calendar")
		}
		cal, err := ParseICS(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if cal.Name != "VCALENDAR" {
			t.Fatalf("root %s", cal.Name)
		}
		if v, _ := cal.Prop("VERSION"); v.Value != "2.0" {
			t.Fatalf("version %q", v.Value)
		}
		evs := cal.Find("VEVENT")
		if len(evs) != 1 {
			t.Fatalf("%d events", len(evs))
		}
		e := evs[0]
		start, _ := e.Prop("DTSTART")
		if start.Params["VALUE"] != "DATE" || start.Value != "20260410" && months == 3 {
			t.Fatalf("DTSTART %+v", start)
		}
		rr, ok := e.Prop("RRULE")
		if !ok {
			t.Fatal("no RRULE")
		}
		rule, err := ParseRRule(rr.Value)
		if err != nil || rule.Freq != "MONTHLY" || rule.Interval != months || rule.Count != 0 {
			t.Fatalf("RRULE %q -> %+v, %v", rr.Value, rule, err)
		}
		desc, _ := e.Prop("DESCRIPTION")
		if !strings.Contains(desc.Text(), "appraisal portfolio") {
			t.Fatalf("description %q", desc.Text())
		}
		for _, p := range []string{"UID", "DTSTAMP", "SUMMARY", "DTEND"} {
			if _, ok := e.Prop(p); !ok {
				t.Fatalf("no %s", p)
			}
		}
		if len(e.Find("VALARM")) != 1 {
			t.Fatal("no alarm")
		}
	}
}

func TestICSOverdueStartsToday(t *testing.T) {
	now := date(2026, 9, 1)
	ev := CalendarEvent(DefaultSettings(), date(2026, 1, 10), now)
	if ev.Start.Format("20060102") != "20260901" {
		t.Fatalf("overdue start %s", ev.Start)
	}
	ev = CalendarEvent(DefaultSettings(), time.Time{}, now)
	if ev.Start.Format("20060102") != "20260901" {
		t.Fatalf("never-audited start %s", ev.Start)
	}
}

func TestParseICSErrors(t *testing.T) {
	bad := []string{
		"",
		"BEGIN:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nEND:VEVENT\r\n",
		"SUMMARY:x\r\n",
		"BEGIN:VCALENDAR\r\nno colon here\r\nEND:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nX;bad:1\r\nEND:VCALENDAR\r\n",
		"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
	}
	for _, s := range bad {
		if _, err := ParseICS(strings.NewReader(s)); err == nil {
			t.Errorf("ParseICS(%q): no error", s)
		}
	}
	// Folded lines, LF endings, quoted parameters with ':' and ';'.
	ok := "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Hello\n  world\\, again\nATTENDEE;CN=\"Dr A; B:C\":mailto:a@example.invalid\nEND:VEVENT\nEND:VCALENDAR\n"
	cal, err := ParseICS(strings.NewReader(ok))
	if err != nil {
		t.Fatal(err)
	}
	e := cal.Find("VEVENT")[0]
	if s, _ := e.Prop("SUMMARY"); s.Text() != "Hello world, again" {
		t.Fatalf("summary %q", s.Text())
	}
	if a, _ := e.Prop("ATTENDEE"); a.Params["CN"] != "Dr A; B:C" || a.Value != "mailto:a@example.invalid" {
		t.Fatalf("attendee %+v", a)
	}
	for _, r := range []string{"FREQ=MONTHLY;INTERVAL=0", "FREQ=FORTNIGHTLY", "INTERVAL=2", "FREQ"} {
		if _, err := ParseRRule(r); err == nil {
			t.Errorf("ParseRRule(%q): no error", r)
		}
	}
}

func FuzzParseICS(f *testing.F) {
	var buf bytes.Buffer
	_ = WriteICS(&buf, CalendarEvent(DefaultSettings(), date(2026, 1, 1), date(2026, 1, 2)))
	f.Add(buf.String())
	f.Add("BEGIN:VCALENDAR\nX;A=\"b:c\":d\nEND:VCALENDAR")
	f.Add("BEGIN:A\r\n BEGIN:B\r\nEND:A")
	f.Fuzz(func(t *testing.T, s string) {
		cal, err := ParseICS(strings.NewReader(s))
		if err != nil {
			return
		}
		if cal == nil || cal.Name == "" {
			t.Fatal("nil calendar without error")
		}
		for _, e := range cal.Find("VEVENT") {
			if rr, ok := e.Prop("RRULE"); ok {
				_, _ = ParseRRule(rr.Value)
			}
		}
	})
}

// Any summary survives writing and parsing.
func FuzzICSTextRoundTrip(f *testing.F) {
	f.Add("Social media self-audit")
	f.Add("a,b;c\\d\ne é ✓ " + strings.Repeat("long ", 40))
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\x00") {
			return
		}
		ev := Event{UID: "u", Summary: s, Start: date(2026, 1, 1), IntervalMonths: 3, Stamp: date(2026, 1, 1)}
		var buf bytes.Buffer
		if err := WriteICS(&buf, ev); err != nil {
			t.Fatal(err)
		}
		cal, err := ParseICS(&buf)
		if err != nil {
			t.Fatalf("own output does not parse: %v", err)
		}
		got, _ := cal.Find("VEVENT")[0].Prop("SUMMARY")
		if got.Text() != s {
			t.Fatalf("summary %q came back as %q", s, got.Text())
		}
	})
}
