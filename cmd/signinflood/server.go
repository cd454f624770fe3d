package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// server is a running `nsor serve` process.
type server struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT
	data string
}

// user is a legitimate user with what signing in needs.
type user struct {
	name, password, secret string
	token                  string // the latest session token
}

var (
	passwordLine = regexp.MustCompile(`(?m)^password:\s+(\S+)$`)
	secretLine   = regexp.MustCompile(`(?m)^TOTP secret:\s+(\S+)$`)
)

// startServer bootstraps an administrator in a fresh data directory, then
// starts `nsor serve` on a free loopback port and waits until it answers.
func startServer(ctx context.Context, bin, data string, serveArgs []string) (*server, error) {
	out, err := exec.CommandContext(ctx, bin, "admin", "bootstrap", "--data", data,
		"--username", "bench.admin", "--name", "Bench Admin (synthetic)").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("nsor admin bootstrap: %v\n%s", err, out)
	}
	if err := os.WriteFile(data+"/bench-admin.txt", out, 0o600); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	args := append([]string{"serve", "--data", data, "--addr", addr}, serveArgs...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = nil, nil // the access log of a flood is not worth reading
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, data: data}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			return s, nil
		}
	}
	s.stop()
	return nil, fmt.Errorf("nsor serve did not answer on %s within 30s", addr)
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// peakMemory is the server's peak resident set so far, in KiB (VmHWM).
func (s *server) peakMemory() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return -1
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return -1
}

// setup signs the administrator in and creates n oversight officers of a
// province (a role that reads no register data, so that one administrator
// makes it without a second's approval; docs/adr/0014-no-impersonation.md).
func (s *server) setup(ctx context.Context, n int) ([]*user, error) {
	out, err := os.ReadFile(s.data + "/bench-admin.txt")
	if err != nil {
		return nil, err
	}
	pm, sm := passwordLine.FindSubmatch(out), secretLine.FindSubmatch(out)
	if pm == nil || sm == nil {
		return nil, fmt.Errorf("no credentials in the bootstrap's output:\n%s", out)
	}
	admin := &user{name: "bench.admin", password: string(pm[1]), secret: string(sm[1])}
	c := newClient("127.0.0.1")
	var me struct {
		User struct {
			JurisdictionID int64 `json:"jurisdiction_id"`
		} `json:"user"`
	}
	if status, err := c.signIn(ctx, s.base, admin, &me); err != nil || status != http.StatusCreated {
		return nil, fmt.Errorf("administrator's sign-in = %d, %v", status, err)
	}
	province, err := s.province(ctx, c, admin.token)
	if err != nil {
		return nil, err
	}
	var us []*user
	for i := range n {
		body := map[string]any{"username": fmt.Sprintf("bench.oversight%02d", i), "name": fmt.Sprintf("Oversight %d (synthetic)", i),
			"role": "oversight", "jurisdiction_id": province}
		var created struct {
			Credentials struct {
				Password   string `json:"password"`
				TOTPSecret string `json:"totp_secret"`
			} `json:"credentials"`
		}
		status, _, err := c.call(ctx, http.MethodPost, s.base+"/api/v1/users", admin.token, body, &created)
		if err != nil || status != http.StatusCreated {
			return nil, fmt.Errorf("create user %d = %d, %v", i, status, err)
		}
		us = append(us, &user{name: body["username"].(string), password: created.Credentials.Password, secret: created.Credentials.TOTPSecret})
	}
	return us, nil
}

// province returns the ID of a province of the installation's hierarchy.
func (s *server) province(ctx context.Context, c *client, token string) (int64, error) {
	var js struct {
		Items []struct {
			ID   int64  `json:"id"`
			Kind string `json:"kind"`
		} `json:"items"`
	}
	if status, _, err := c.call(ctx, http.MethodGet, s.base+"/api/v1/jurisdictions", token, nil, &js); err != nil || status != http.StatusOK {
		return 0, fmt.Errorf("list jurisdictions = %d, %v", status, err)
	}
	for _, j := range js.Items {
		if j.Kind == "province" {
			return j.ID, nil
		}
	}
	return 0, fmt.Errorf("no province among %d jurisdictions", len(js.Items))
}
