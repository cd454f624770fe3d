package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"nsor/auth"
)

// client is an HTTP client whose connections leave from one loopback
// address, so that the server sees the caller there.
type client struct{ hc *http.Client }

func newClient(from string) *client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 10 * time.Second}
	tr := &http.Transport{DialContext: d.DialContext, MaxIdleConns: 400, MaxIdleConnsPerHost: 400}
	return &client{hc: &http.Client{Transport: tr, Timeout: 2 * time.Minute}}
}

// call sends one call and reads its answer into out when it succeeds; it
// returns the status and the Retry-After in seconds (0 when absent).
func (c *client) call(ctx context.Context, method, url, token string, body, out any) (int, int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, 0, err
	}
	retry, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
	if out != nil && len(b) > 0 { // the answer, or the problem document
		if jerr := json.Unmarshal(b, out); jerr != nil && resp.StatusCode < 300 {
			err = jerr
		}
	}
	if resp.StatusCode >= 300 && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusUnauthorized {
		err = fmt.Errorf("%s %s = %d: %s", method, url, resp.StatusCode, b)
	}
	return resp.StatusCode, retry, err
}

// signIn signs u in with a code of the current TOTP step, keeping the token.
func (c *client) signIn(ctx context.Context, base string, u *user, out any) (int, error) {
	code, err := auth.Code(u.secret, time.Now())
	if err != nil {
		return 0, err
	}
	var tok struct {
		Token string `json:"token"`
	}
	raw := json.RawMessage{}
	status, _, err := c.call(ctx, http.MethodPost, base+"/api/v1/auth/token", "",
		map[string]string{"username": u.name, "password": u.password, "code": code}, &raw)
	if status == http.StatusCreated {
		_ = json.Unmarshal(raw, &tok)
		u.token = tok.Token
		if out != nil {
			_ = json.Unmarshal(raw, out)
		}
	}
	return status, err
}

// retrying runs one call, again after each 429's Retry-After (at most five
// times), and returns the time it all took, the last status and the retries.
func retrying(fn func() (int, int, error)) (time.Duration, int, int, error) {
	start := time.Now()
	for retries := 0; ; retries++ {
		status, retry, err := fn()
		if status != http.StatusTooManyRequests || retries == 5 {
			return time.Since(start), status, retries, err
		}
		time.Sleep(time.Duration(max(retry, 1)) * time.Second)
	}
}

// legitimate measures, from 127.0.0.1, one sign-in of each user and reads
// with the reader's token, side by side.
func (s *server) legitimate(ctx context.Context, us []*user, reader *user, reads int) phase {
	var p phase
	c := newClient("127.0.0.1")
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, u := range us {
			took, status, retries, _ := retrying(func() (int, int, error) {
				st, err := c.signIn(ctx, s.base, u, nil)
				return st, 1, err
			})
			p.signIns = append(p.signIns, took)
			p.retried += retries
			if status != http.StatusCreated {
				p.failed++
			}
		}
	}()
	for range reads {
		took, _, _, _ := retrying(func() (int, int, error) {
			return c.call(ctx, http.MethodGet, s.base+"/api/v1/me", reader.token, nil, nil)
		})
		p.reads = append(p.reads, took)
	}
	wg.Wait()
	return p
}

// flood sends bad sign-ins, inflight at once, from 127.0.0.2..127.0.0.9,
// until at least p.n were answered and stop is closed.
func (s *server) flood(ctx context.Context, us []*user, p plan, stop <-chan struct{}) floodResult {
	var clients [8]*client
	for i := range clients {
		clients[i] = newClient(fmt.Sprintf("127.0.0.%d", 2+i))
	}
	var mu sync.Mutex
	answers := map[string]int{}
	var sent atomic.Int64
	stopped := func() bool {
		select {
		case <-stop:
			return sent.Load() >= int64(p.n)
		default:
			return false
		}
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range p.inflight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := clients[w%len(clients)]
			for !stopped() {
				i := sent.Add(1)
				name := fmt.Sprintf("nobody.%d", i)
				if i%2 == 0 {
					name = us[int(i/2)%len(us)].name
				}
				var pd struct{ Code string }
				status, _, err := c.call(ctx, http.MethodPost, s.base+"/api/v1/auth/token", "",
					map[string]string{"username": name, "password": fmt.Sprintf("guess number %d", i), "code": "000000"}, &pd)
				k := strconv.Itoa(status) + " " + pd.Code
				if err != nil && status == 0 {
					k = "error"
				}
				mu.Lock()
				answers[k]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return floodResult{answers: answers, took: time.Since(start)}
}
