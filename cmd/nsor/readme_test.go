package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"nsor/auth"
)

// readme is the repository's README.md.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReadmeCommandsAreTheUsage: README.md's table of commands and the
// usage list the same commands.
func TestReadmeCommandsAreTheUsage(t *testing.T) {
	row := regexp.MustCompile("(?m)^\\| `nsor ([a-z-]+)( [a-z-]+)?")
	var inReadme []string
	for _, m := range row.FindAllStringSubmatch(readme(t), -1) {
		name := m[1]
		if two := name + m[2]; m[2] != "" && docOf(two).synopsis != "" {
			name = two
		}
		if !slices.Contains(inReadme, name) {
			inReadme = append(inReadme, name)
		}
	}
	var inUsage []string
	for _, d := range cmdDocs {
		inUsage = append(inUsage, d.name)
		if !slices.Contains(inReadme, d.name) {
			t.Errorf("README.md's table of commands lacks nsor %s", d.name)
		}
		if !strings.Contains(usage(), d.name) {
			t.Errorf("the usage lacks nsor %s", d.name)
		}
	}
	for _, name := range inReadme {
		if !slices.Contains(inUsage, name) {
			t.Errorf("README.md's table of commands has nsor %s, which the usage does not list", name)
		}
	}
}

// TestReadmeCurlSendsJSON: every curl example in README.md that sends a
// body says it is JSON; the API answers 415 to one that does not.
func TestReadmeCurlSendsJSON(t *testing.T) {
	n := 0
	for _, line := range strings.Split(readme(t), "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "curl ") {
			continue
		}
		n++
		sends := strings.Contains(line, " -d ") || strings.Contains(line, " --data") || strings.Contains(line, "-X POST")
		if sends && !strings.Contains(line, "Content-Type: application/json") {
			t.Errorf("README.md: %s\nsends a body without -H 'Content-Type: application/json'", line)
		}
	}
	if n == 0 {
		t.Fatal("README.md has no curl example; this test has nothing to check")
	}
}

// TestReadmeFIRStationIsTheDemos: the README's example of audit who --fir
// names a police station the demo creates.
func TestReadmeFIRStationIsTheDemos(t *testing.T) {
	demo, err := os.ReadFile("../../demo/people.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{"../../README.md", "../../docs/audit-who.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`--fir ([A-Z0-9-]+)/`).FindAllStringSubmatch(string(b), -1) {
			if m[1] != "STATION" && !strings.Contains(string(demo), `"`+m[1]+`"`) {
				t.Errorf("%s: --fir names the station %s, which the demo does not have (demo/people.go)", doc, m[1])
			}
		}
	}
}

// TestReadmeSignInWorks runs README.md's sign-in and read examples, as curl
// would send them, against the demo: the sign-in answers 201 with a token, and the
// read with it 200.
func TestReadmeSignInWorks(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the demo")
	}
	data := t.TempDir()
	base := runServe(t, "--demo", "--data", data)
	password, secret := demoCredentials(t, filepath.Join(data, "demo-credentials.txt"), "io.lahore1")
	var signIn, read []string
	for _, line := range strings.Split(readme(t), "\n") {
		switch {
		case strings.HasPrefix(line, "curl ") && strings.Contains(line, "/api/v1/auth/token"):
			signIn = curlArgs(t, line)
		case strings.HasPrefix(line, "curl ") && strings.Contains(line, "/api/v1/requests"):
			read = curlArgs(t, line)
		}
	}
	if signIn == nil || read == nil {
		t.Fatal("README.md has no curl example of signing in and reading requests")
	}
	code, err := auth.Code(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	subst := strings.NewReplacer("localhost:8080", strings.TrimPrefix(base, "http://"), "PASSWORD", password, "$code", code)
	status, body := sendCurl(t, signIn, subst)
	var tok struct{ Token string }
	if err := json.Unmarshal(body, &tok); status != http.StatusCreated || err != nil || !strings.HasPrefix(tok.Token, "nsor_") {
		t.Fatalf("README's sign-in = %d %s, want 201 and a token", status, body)
	}
	if status, body := sendCurl(t, read, strings.NewReplacer("localhost:8080", strings.TrimPrefix(base, "http://"), "nsor_...", tok.Token)); status != http.StatusOK {
		t.Errorf("README's read of requests = %d %s, want 200", status, body)
	}
}

// curlArgs splits a curl line as the shell would, for the quoting README's
// examples use: single quotes, double quotes, and a variable spliced
// between single-quoted parts ('..."'$code'"...' is one word).
func curlArgs(t *testing.T, line string) []string {
	t.Helper()
	var args []string
	var cur strings.Builder
	in, word := rune(0), false
	for _, r := range line {
		switch {
		case in != 0 && r == in:
			in = 0
		case in != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			in, word = r, true
		case r == ' ':
			if word {
				args = append(args, cur.String())
				cur.Reset()
			}
			word = false
		default:
			cur.WriteRune(r)
			word = true
		}
	}
	if in != 0 {
		t.Fatalf("README.md: unbalanced quotes in %s", line)
	}
	if word {
		args = append(args, cur.String())
	}
	return args[1:]
}

// sendCurl sends what curl would for args (-s, -X, -H, -d and the URL),
// after subst, and returns the status and body.
func sendCurl(t *testing.T, args []string, subst *strings.Replacer) (int, []byte) {
	t.Helper()
	method, url, body := "GET", "", ""
	header := http.Header{}
	for i := 0; i < len(args); i++ {
		a := subst.Replace(args[i])
		switch a {
		case "-s":
		case "-X":
			i++
			method = args[i]
		case "-H":
			i++
			k, v, _ := strings.Cut(subst.Replace(args[i]), ":")
			header.Set(k, strings.TrimSpace(v))
		case "-d":
			i++
			body = subst.Replace(args[i])
			if method == "GET" {
				method = "POST"
			}
			if header.Get("Content-Type") == "" {
				header.Set("Content-Type", "application/x-www-form-urlencoded") // curl's own default
			}
		default:
			url = "http://" + a
		}
	}
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// demoCredentials reads a demo user's password and TOTP secret from the
// credentials the demo wrote: the last two columns of the user's line.
func demoCredentials(t *testing.T, file, username string) (password, secret string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) > 2 && f[0] == username {
			return f[len(f)-2], f[len(f)-1]
		}
	}
	t.Fatalf("%s has no line of %s", file, username)
	return "", ""
}
