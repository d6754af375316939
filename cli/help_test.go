package cli

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"chaperone/audit/vault"
)

// Go's flag package takes the first `backquoted` word of a usage string
// as the name of the flag's argument: "score against (`chaperone
// guidelines` lists them)" printed as "-guideline chaperone guidelines".
// Backquotes in our usage strings are therefore kept for one purpose, the
// argument's placeholder (`FILE`, `ID`), and every flag of every command
// is checked as printed by --help.

// placeholder is what may follow a flag's name: an upper-case name of its
// argument, or the type name the flag package prints for a plain flag.
var placeholder = regexp.MustCompile(`^(?:[A-Z][A-Z0-9_]*(?:=[A-Z][A-Z0-9_]*)?|string|int|uint|float|duration)$`)

// helpCommands is every command and sub-command that takes flags.
func helpCommands() [][]string {
	var names []string
	for n := range commands() {
		names = append(names, n)
	}
	for n := range extra {
		names = append(names, n)
	}
	sort.Strings(names)
	var out [][]string
	for _, n := range names {
		switch n {
		case "account":
			for _, sub := range []string{"add", "list", "remove"} {
				out = append(out, []string{n, sub})
			}
		case "version":
			// No flags.
		default:
			out = append(out, []string{n})
		}
	}
	return out
}

func TestFlagHelpIsNotGarbled(t *testing.T) {
	flagLine := regexp.MustCompile(`^  -(\S+)(?: (.*))?$`)
	total := 0
	for _, cmd := range helpCommands() {
		t.Run(strings.Join(cmd, " "), func(t *testing.T) {
			r := newRun(t, vault.Memory(), "")
			code := Main(context.Background(), r.env, append(append([]string{}, cmd...), "--help"))
			out := r.stderr.String()
			if code != 0 {
				t.Fatalf("--help: exit %d: %s", code, out)
			}
			if !strings.HasPrefix(out, "Usage: chaperone "+strings.Join(cmd, " ")) {
				t.Fatalf("--help does not start with the usage line: %q", out)
			}
			lines := strings.Split(out, "\n")
			flags := 0
			for i, line := range lines {
				if strings.Contains(line, "`") {
					t.Errorf("a backquote is printed: %q", line)
				}
				m := flagLine.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				flags++
				name, arg := m[1], m[2]
				if arg != "" && !placeholder.MatchString(arg) {
					t.Errorf("-%s prints its argument as %q: want one upper-case placeholder such as FILE, or a type name (\"value\" names nothing)", name, arg)
				}
				// The meaning follows on the next line, indented by a tab,
				// and names the placeholder where there is one.
				if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "    \t") {
					t.Errorf("-%s has no usage text under it", name)
					continue
				}
				usage := strings.TrimSpace(lines[i+1])
				if len(strings.Fields(usage)) < 3 {
					t.Errorf("-%s: usage %q says too little", name, usage)
				}
				if arg != "" && arg == strings.ToUpper(arg) && !strings.Contains(usage, arg) {
					t.Errorf("-%s: the placeholder %s is not explained in %q", name, arg, usage)
				}
			}
			if flags == 0 && cmd[0] != "account" {
				t.Errorf("no flags listed: %q", out)
			}
			total += flags
		})
	}
	if total < 30 {
		t.Errorf("only %d flags checked across the commands", total)
	}
	t.Logf("%d flags checked in %d commands", total, len(helpCommands()))
}

// The check itself catches the garbling it is for.
func TestPlaceholderRule(t *testing.T) {
	for arg, ok := range map[string]bool{
		"FILE": true, "PLATFORM=URL": true, "string": true, "duration": true,
		"chaperone guidelines": false, "chaperone": false, "value": false, "File": false,
	} {
		if placeholder.MatchString(arg) != ok {
			t.Errorf("placeholder(%q) = %v, want %v", arg, !ok, ok)
		}
	}
}
