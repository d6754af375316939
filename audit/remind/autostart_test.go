package remind

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// parseExec undoes desktopExec the way a session manager does: the string
// escapes first, then the quoting rules.
func parseExec(line string) []string {
	line = strings.ReplaceAll(line, `\\`, `\`)
	var args []string
	var cur strings.Builder
	inQuote, have := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case inQuote && c == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
		case c == '"':
			inQuote = !inQuote
			have = true
		case c == ' ' && !inQuote:
			if have || cur.Len() > 0 {
				args = append(args, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteByte(c)
		}
	}
	if have || cur.Len() > 0 {
		args = append(args, cur.String())
	}
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "%%", "%")
	}
	return args
}

func desktopKeys(t *testing.T, data []byte) map[string]string {
	t.Helper()
	keys := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			keys[k] = v
		}
	}
	return keys
}

// TestLinuxAutostartForReal writes the entry into a temporary
// XDG_CONFIG_HOME, then does what a desktop session does at login: reads
// every .desktop file in autostart/ and runs its Exec line.
func TestLinuxAutostartForReal(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG autostart is Linux")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	bin := filepath.Join(t.TempDir(), "Chaperone App") // a space to exercise quoting
	marker := filepath.Join(t.TempDir(), "started")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + marker + "'\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	a, err := NewAutostart(bin, BackgroundFlag, `50% "odd" $arg`)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := a.Enabled(); err != nil || ok {
		t.Fatalf("enabled before Enable: %v %v", ok, err)
	}
	if err := a.Enable(); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(cfg, "autostart", AppID+".desktop")
	if a.Path() != want {
		t.Fatalf("path %s, want %s", a.Path(), want)
	}
	if ok, err := a.Enabled(); err != nil || !ok {
		t.Fatalf("not enabled after Enable: %v", err)
	}

	entries, err := filepath.Glob(filepath.Join(cfg, "autostart", "*.desktop"))
	if err != nil || len(entries) != 1 {
		t.Fatalf("autostart entries %v, %v", entries, err)
	}
	data, err := os.ReadFile(entries[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("[Desktop Entry]\n")) {
		t.Fatal("not a desktop entry")
	}
	keys := desktopKeys(t, data)
	if keys["Type"] != "Application" || keys["Name"] != "Chaperone" || keys["X-GNOME-Autostart-enabled"] != "true" || keys["Hidden"] == "true" {
		t.Fatalf("keys %v", keys)
	}
	argv := parseExec(keys["Exec"])
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	if err != nil {
		t.Fatalf("running Exec %q: %v %s", keys["Exec"], err, out)
	}
	got, err := os.ReadFile(marker)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != BackgroundFlag+"\n"+`50% "odd" $arg`+"\n" {
		t.Fatalf("program got args %q", got)
	}

	if err := a.Disable(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(want); !os.IsNotExist(err) {
		t.Fatalf("entry still there after Disable: %v", err)
	}
	if err := a.Disable(); err != nil {
		t.Fatalf("second Disable: %v", err)
	}
	if err := (&Autostart{GOOS: "linux", ConfigHome: cfg, Exe: "relative"}).Enable(); err == nil {
		t.Fatal("relative program path accepted")
	}
}

func TestLaunchAgent(t *testing.T) {
	home := t.TempDir()
	a := &Autostart{GOOS: "darwin", Home: home, Exe: "/Applications/Chaperone.app/Contents/MacOS/chaperone", Args: []string{BackgroundFlag, "a<b&c"}}
	if err := a.Enable(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(home, "Library", "LaunchAgents", AppID+".plist")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The plist is well-formed XML with the program and its arguments in order.
	var doc struct {
		Dict struct {
			Keys    []string `xml:"key"`
			Strings []string `xml:"string"`
			Array   struct {
				Strings []string `xml:"string"`
			} `xml:"array"`
		} `xml:"dict"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(doc.Dict.Array.Strings, "|"); got != a.Exe+"|"+BackgroundFlag+"|a<b&c" {
		t.Fatalf("ProgramArguments %q", got)
	}
	if doc.Dict.Strings[0] != AppID || !strings.Contains(string(data), "<key>RunAtLoad</key>\n\t<true/>") {
		t.Fatalf("plist:\n%s", data)
	}
	if err := a.Disable(); err != nil {
		t.Fatal(err)
	}
	if ok, _ := a.Enabled(); ok {
		t.Fatal("still enabled")
	}
}

func TestRunKeyCommand(t *testing.T) {
	tests := []struct {
		exe  string
		args []string
		want string
	}{
		{`C:\Program Files\Chaperone\chaperone.exe`, []string{BackgroundFlag}, `"C:\Program Files\Chaperone\chaperone.exe" --background`},
		{`C:\c.exe`, []string{"two words", `say "hi"`, `dir\`, `dir with space\`, ""}, `"C:\c.exe" "two words" "say \"hi\"" dir\ "dir with space\\" ""`},
	}
	for _, tc := range tests {
		if got := RunKeyCommand(tc.exe, tc.args); got != tc.want {
			t.Errorf("RunKeyCommand = %s, want %s", got, tc.want)
		}
	}
	a := &Autostart{GOOS: "windows", Exe: `C:\c.exe`}
	if !strings.HasPrefix(a.Path(), `HKCU\Software\Microsoft\Windows\CurrentVersion\Run`) {
		t.Fatalf("path %s", a.Path())
	}
	if runtime.GOOS != "windows" {
		if err := a.Enable(); err == nil {
			t.Fatal("Run key written outside Windows")
		}
	}
}
