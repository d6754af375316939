package replica

import "strings"

// NormalisePhone reduces a UK phone number to its national digits, so that
// "+44 7700 900461", "07700900461" and "0044 7700-900461" compare equal. It
// returns "" for anything that is not a phone number.
func NormalisePhone(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return ""
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0044"):
		d = d[4:]
	case strings.HasPrefix(s, "+44") || (strings.HasPrefix(d, "44") && len(d) == 12):
		d = d[2:]
	}
	d = strings.TrimPrefix(d, "0")
	if len(d) < 9 || len(d) > 11 {
		return ""
	}
	return d
}
