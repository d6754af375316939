package remind

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is the recurring calendar entry "Social media self-audit".
type Event struct {
	UID         string
	Summary     string
	Description string
	// Start is the first due date; only the date is used (all-day event).
	Start          time.Time
	IntervalMonths int
	// Stamp is when the file was made (DTSTAMP).
	Stamp time.Time
	// AlarmBefore adds a reminder that long before each occurrence; 0 = none.
	AlarmBefore time.Duration
}

// CalendarEvent is the event for the doctor's schedule: starting at the
// next due date (today if overdue or never audited), repeating every
// interval.
func CalendarEvent(s Settings, last, now time.Time) Event {
	start := s.NextDue(last)
	if start.IsZero() || start.Before(now) {
		start = now
	}
	n := s.Interval()
	every := "every 3 months"
	switch n {
	case 1:
		every = "every month"
	case 12:
		every = "every year"
	default:
		every = fmt.Sprintf("every %d months", n)
	}
	return Event{
		// Stable, so importing a new file updates the entry instead of
		// adding a second one.
		UID:     "social-media-self-audit@chaperone.local",
		Summary: "Social media self-audit (Chaperone)",
		Description: "Run Chaperone's audit of your social-media accounts against the BMA guidance, " +
			"fix what it finds and export the PDF for your appraisal portfolio. Repeats " + every + ".",
		Start:          start,
		IntervalMonths: n,
		Stamp:          now,
		AlarmBefore:    9 * time.Hour, // 15:00 the day before the all-day due date
	}
}

// WriteICS writes ev as an iCalendar (RFC 5545) file with one recurring
// all-day event.
func WriteICS(w io.Writer, ev Event) error {
	if ev.IntervalMonths <= 0 {
		return errors.New("calendar event: interval must be at least one month")
	}
	if ev.UID == "" {
		return errors.New("calendar event: no UID")
	}
	var b bytes.Buffer
	line := func(name, value string) { writeFolded(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Chaperone//Social media self-audit//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("BEGIN", "VEVENT")
	line("UID", escapeText(ev.UID))
	line("DTSTAMP", ev.Stamp.UTC().Format("20060102T150405Z"))
	start := ev.Start
	line("DTSTART;VALUE=DATE", start.Format("20060102"))
	line("DTEND;VALUE=DATE", start.AddDate(0, 0, 1).Format("20060102"))
	line("RRULE", fmt.Sprintf("FREQ=MONTHLY;INTERVAL=%d", ev.IntervalMonths))
	line("SUMMARY", escapeText(ev.Summary))
	if ev.Description != "" {
		line("DESCRIPTION", escapeText(ev.Description))
	}
	line("TRANSP", "TRANSPARENT")
	if ev.AlarmBefore > 0 {
		line("BEGIN", "VALARM")
		line("ACTION", "DISPLAY")
		line("DESCRIPTION", escapeText(ev.Summary))
		line("TRIGGER", "-"+icsDuration(ev.AlarmBefore))
		line("END", "VALARM")
	}
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	_, err := w.Write(b.Bytes())
	return err
}

func icsDuration(d time.Duration) string {
	h := int(d / time.Hour)
	m := int((d % time.Hour) / time.Minute)
	s := "PT"
	if h > 0 {
		s += strconv.Itoa(h) + "H"
	}
	if m > 0 || h == 0 {
		s += strconv.Itoa(m) + "M"
	}
	return s
}

// writeFolded writes one content line, folded at 75 octets without
// splitting a UTF-8 character, ended with CRLF.
func writeFolded(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

func escapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

func unescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// Property is one content line: NAME;PARAM=V:VALUE.
type Property struct {
	Name   string
	Params map[string]string
	Value  string
}

// Text is the value with TEXT escapes undone.
func (p Property) Text() string { return unescapeText(p.Value) }

// Component is a BEGIN/END block.
type Component struct {
	Name       string
	Props      []Property
	Components []*Component
}

// Prop returns the first property called name.
func (c *Component) Prop(name string) (Property, bool) {
	for _, p := range c.Props {
		if p.Name == name {
			return p, true
		}
	}
	return Property{}, false
}

// Find returns the sub-components called name, depth first.
func (c *Component) Find(name string) []*Component {
	var out []*Component
	for _, s := range c.Components {
		if s.Name == name {
			out = append(out, s)
		}
		out = append(out, s.Find(name)...)
	}
	return out
}

// ParseICS reads an iCalendar stream into its top-level component
// (VCALENDAR). It is strict about structure (matched BEGIN/END) and
// lenient about line endings.
func ParseICS(r io.Reader) (*Component, error) {
	lines, err := unfold(r)
	if err != nil {
		return nil, err
	}
	var stack []*Component
	var root *Component
	for n, l := range lines {
		if l == "" {
			continue
		}
		p, err := parseLine(l)
		if err != nil {
			return nil, fmt.Errorf("calendar line %d: %w", n+1, err)
		}
		switch p.Name {
		case "BEGIN":
			if strings.TrimSpace(p.Value) == "" {
				return nil, fmt.Errorf("calendar line %d: BEGIN without a component name", n+1)
			}
			if root != nil && len(stack) == 0 {
				return nil, fmt.Errorf("calendar line %d: data after the end of the calendar", n+1)
			}
			c := &Component{Name: strings.ToUpper(p.Value)}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.Components = append(top.Components, c)
			} else {
				root = c
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].Name != strings.ToUpper(p.Value) {
				return nil, fmt.Errorf("calendar line %d: END:%s does not match", n+1, p.Value)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				return nil, fmt.Errorf("calendar line %d: property outside a component", n+1)
			}
			top := stack[len(stack)-1]
			top.Props = append(top.Props, p)
		}
	}
	if root == nil {
		return nil, errors.New("calendar: empty")
	}
	if len(stack) != 0 {
		return nil, fmt.Errorf("calendar: %s is not closed", stack[len(stack)-1].Name)
	}
	return root, nil
}

func unfold(r io.Reader) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var lines []string
	for sc.Scan() {
		l := strings.TrimSuffix(sc.Text(), "\r")
		if len(l) > 0 && (l[0] == ' ' || l[0] == '\t') && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading calendar: %w", err)
	}
	return lines, nil
}

func parseLine(l string) (Property, error) {
	// The name and parameters end at the first ':' outside a quoted
	// parameter value.
	inQuote := false
	colon := -1
	for i := 0; i < len(l) && colon < 0; i++ {
		switch l[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if !inQuote {
				colon = i
			}
		}
	}
	if colon < 0 {
		return Property{}, errors.New("no ':' in content line")
	}
	head, value := l[:colon], l[colon+1:]
	parts := splitParams(head)
	name := strings.ToUpper(parts[0])
	if name == "" {
		return Property{}, errors.New("content line without a name")
	}
	p := Property{Name: name, Value: value}
	for _, kv := range parts[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return Property{}, fmt.Errorf("bad parameter %q", kv)
		}
		if p.Params == nil {
			p.Params = map[string]string{}
		}
		p.Params[strings.ToUpper(k)] = strings.Trim(v, `"`)
	}
	return p, nil
}

func splitParams(head string) []string {
	var parts []string
	inQuote := false
	start := 0
	for i := 0; i < len(head); i++ {
		switch head[i] {
		case '"':
			inQuote = !inQuote
		case ';':
			if !inQuote {
				parts = append(parts, head[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, head[start:])
}

// RRule is the part of a recurrence rule the reminder uses.
type RRule struct {
	Freq     string
	Interval int
	Count    int
	Until    string
}

// ParseRRule reads an RRULE value such as "FREQ=MONTHLY;INTERVAL=3".
func ParseRRule(v string) (RRule, error) {
	r := RRule{Interval: 1}
	for _, part := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			return r, fmt.Errorf("recurrence rule: bad part %q", part)
		}
		switch strings.ToUpper(k) {
		case "FREQ":
			r.Freq = strings.ToUpper(val)
		case "INTERVAL":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return r, fmt.Errorf("recurrence rule: bad interval %q", val)
			}
			r.Interval = n
		case "COUNT":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return r, fmt.Errorf("recurrence rule: bad count %q", val)
			}
			r.Count = n
		case "UNTIL":
			r.Until = val
		}
	}
	switch r.Freq {
	case "SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY":
	default:
		return r, fmt.Errorf("recurrence rule: bad frequency %q", r.Freq)
	}
	return r, nil
}
