package web_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"nsor"
	"nsor/web"
)

// TestTrickledBodyIsCutOff: a client that has not signed in and sends its
// body a byte at a time is answered 400 body.timeout once the public body
// deadline passes, not held for minutes; a signed-in client sending as
// slowly has the longer deadline and is heard out.
func TestTrickledBodyIsCutOff(t *testing.T) {
	e := newEnv(t)
	u := e.user("io.slow", nsor.RoleIO, "PB-LHR-LHR")
	token := e.login(u).Token
	srv := httptest.NewServer(web.New(e.svc, web.Options{PublicBodyTimeout: 300 * time.Millisecond, BodyTimeout: 10 * time.Second}))
	t.Cleanup(srv.Close)
	body := `{"username":"io.slow","password":"x","code":"000000"}`

	start := time.Now()
	status, got := trickle(t, srv.Listener.Addr().String(), "POST /api/v1/auth/token", "", body, 100*time.Millisecond)
	if status != http.StatusBadRequest || !strings.Contains(got, `"body.timeout"`) || time.Since(start) > 3*time.Second {
		t.Errorf("trickled sign-in = %d %s after %v, want 400 body.timeout after about 300ms", status, got, time.Since(start))
	}
	status, got = trickle(t, srv.Listener.Addr().String(), "POST /api/v1/me/password", token, `{"current":"x","new":"y","code":"000000"}`, 20*time.Millisecond)
	if status == http.StatusBadRequest && strings.Contains(got, `"body.timeout"`) {
		t.Errorf("trickled signed-in call = %d %s, want it heard out (its deadline is 10s)", status, got)
	}
}

// trickle sends a request whose body arrives one byte every gap, and
// returns the answer's status and body.
func trickle(t *testing.T, addr, requestLine, token, body string, gap time.Duration) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	head := requestLine + " HTTP/1.1\r\nHost: nsor\r\nContent-Type: application/json\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n", len(body))
	if token != "" {
		head += "Authorization: Bearer " + token + "\r\n"
	}
	if _, err := io.WriteString(c, head+"\r\n"); err != nil {
		t.Fatal(err)
	}
	go func() {
		for i := range len(body) {
			if _, err := c.Write([]byte{body[i]}); err != nil {
				return
			}
			time.Sleep(gap)
		}
	}()
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%s: reading the answer: %v", requestLine, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
