package audit

// Counts are findings by status. Every total the product shows (the app's
// headline and platform groups, the report's cover, summary and checklist,
// the JSON and CSV) comes from Tally, so they cannot disagree.
type Counts struct {
	Fail    int `json:"fail"`
	Warn    int `json:"warn"`
	Unknown int `json:"unknown"`
	Pass    int `json:"pass"`
	NA      int `json:"na"`
}

// Tally counts the findings of platform p, or of every platform when p is
// empty.
func Tally(fs []Finding, p Platform) Counts {
	var c Counts
	for _, f := range fs {
		if p == "" || f.Platform == p {
			c.Add(f.Status, 1)
		}
	}
	return c
}

// Add counts n more findings of status st.
func (c *Counts) Add(st Status, n int) {
	switch st {
	case Fail:
		c.Fail += n
	case Warn:
		c.Warn += n
	case Unknown:
		c.Unknown += n
	case Pass:
		c.Pass += n
	case NA:
		c.NA += n
	}
}

// Of is the count of status st.
func (c Counts) Of(st Status) int {
	switch st {
	case Fail:
		return c.Fail
	case Warn:
		return c.Warn
	case Unknown:
		return c.Unknown
	case Pass:
		return c.Pass
	case NA:
		return c.NA
	}
	return 0
}

// Total is the number of findings counted.
func (c Counts) Total() int { return c.Fail + c.Warn + c.Unknown + c.Pass + c.NA }

// Problems is the number of findings that need the doctor: FAIL and WARN.
func (c Counts) Problems() int { return c.Fail + c.Warn }

// Map is the counts keyed by status, every status present.
func (c Counts) Map() map[Status]int {
	m := make(map[Status]int, len(Statuses))
	for _, st := range Statuses {
		m[st] = c.Of(st)
	}
	return m
}

// CountsOf reads counts back from their map form (as results store them).
func CountsOf(m map[Status]int) Counts {
	var c Counts
	for st, n := range m {
		c.Add(st, n)
	}
	return c
}
