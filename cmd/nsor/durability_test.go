package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"nsor/auth"
	"nsor/client"
	"nsor/sqlstore/pgtest"
)

// TestKill9LosesNothingAcknowledged starts the real binary, writes from
// several clients, kills the server with SIGKILL while writes are in flight,
// starts it again on the same data, and finds every write it acknowledged:
// on the embedded database, and with --database on PostgreSQL.
func TestKill9LosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "nsor")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("sqlite", func(t *testing.T) { testKill9(t, bin) })
	t.Run("postgres", func(t *testing.T) { testKill9(t, bin, "--database", pgtest.NewDatabase(t)) })
}

func testKill9(t *testing.T, bin string, dbArgs ...string) {
	data := filepath.Join(t.TempDir(), "data")
	dbArgs = append([]string{"--data", data}, dbArgs...)
	password, secret := bootstrap(t, bin, dbArgs)
	addr := freeAddr(t)
	srv := start(t, bin, dbArgs, addr)
	c, _, err := client.New("http://"+addr, nil).SignIn(context.Background(), "admin", password, currentCode(t, secret))
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	lahoreID = new(onceID)
	acked := writeUntilKilled(t, c, srv)
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged before the kill")
	}
	srv = start(t, bin, dbArgs, addr)
	defer stop(srv)
	checkAllPresent(t, c, acked)
}

func bootstrap(t *testing.T, bin string, dbArgs []string) (password, secret string) {
	cmd := exec.Command(bin, append(append([]string{"admin", "bootstrap"}, dbArgs...), "--username", "admin", "--name", "Admin (synthetic)")...)
	cmd.Env = append(os.Environ(), "NSOR_BOOTSTRAP_PASSWORD=correct horse battery staple")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bootstrap: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`TOTP secret: (\S+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("bootstrap printed no TOTP secret:\n%s", out)
	}
	return "correct horse battery staple", string(m[1])
}

func currentCode(t *testing.T, secret string) string {
	code, err := auth.Code(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// start runs the server and waits until it serves.
func start(t *testing.T, bin string, dbArgs []string, addr string) *exec.Cmd {
	return startServer(t, bin, append(append([]string{"serve"}, dbArgs...), "--addr", addr)...)
}

// startServer runs the binary with args and waits until it says it serves.
func startServer(t *testing.T, bin string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if regexp.MustCompile(`serving on`).MatchString(sc.Text()) {
				close(ready)
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		stop(cmd)
		t.Fatal("the server did not start within 30 s")
	}
	return cmd
}

func stop(cmd *exec.Cmd) {
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
}

// writeUntilKilled creates police stations from eight clients and kills the
// server after the first hundred acknowledgements; it returns the codes the
// server acknowledged.
func writeUntilKilled(t *testing.T, c *client.Client, srv *exec.Cmd) []string {
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	killed := make(chan struct{})
	var once sync.Once
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				code := fmt.Sprintf("PB-LHR-LHR-K%d-%d", w, i)
				_, err := c.Do(context.Background(), http.MethodPost, "/api/v1/jurisdictions",
					map[string]any{"kind": "station", "code": code, "name": "Kill test (synthetic)", "parent_id": lahore(t, c)}, nil)
				if err != nil {
					return // the server is gone
				}
				mu.Lock()
				acked = append(acked, code)
				n := len(acked)
				mu.Unlock()
				if n >= 100 {
					once.Do(func() { _ = srv.Process.Signal(syscall.SIGKILL); close(killed) })
				}
			}
		}(w)
	}
	<-killed
	_ = srv.Wait()
	wg.Wait()
	return acked
}

// onceID is an ID looked up once per server.
type onceID struct {
	sync.Once
	id int64
}

var lahoreID = new(onceID)

func lahore(t *testing.T, c *client.Client) int64 {
	lahoreID.Do(func() {
		js, err := client.All[struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
		}](context.Background(), c, "/api/v1/jurisdictions", "")
		if err != nil {
			t.Errorf("jurisdictions: %v", err)
		}
		for _, j := range js {
			if j.Code == "PB-LHR-LHR" {
				lahoreID.id = j.ID
			}
		}
	})
	return lahoreID.id
}

func checkAllPresent(t *testing.T, c *client.Client, acked []string) {
	js, err := client.All[struct {
		Code string `json:"code"`
	}](context.Background(), c, "/api/v1/jurisdictions", "")
	if err != nil {
		t.Fatalf("after restart: %v", err)
	}
	have := map[string]bool{}
	for _, j := range js {
		have[j.Code] = true
	}
	for _, code := range acked {
		if !have[code] {
			t.Errorf("acknowledged station %s is missing after kill -9 and restart", code)
		}
	}
	t.Logf("%d writes acknowledged before the kill; all present after restart", len(acked))
}
