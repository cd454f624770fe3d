package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runServe runs `nsor serve` in-process on a random loopback port with
// args, and returns the address from its start-up line, as printed.
func runServe(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	args = append([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir()}, args...)
	go func() {
		err := serve(ctx, args, pw)
		pw.Close()
		done <- err
	}()
	// The start-up line comes after whatever the demo prints.
	br := bufio.NewReader(pr)
	line, _ := br.ReadString('\n')
	for !strings.HasPrefix(line, "nsor: ") && line != "" {
		line, _ = br.ReadString('\n')
	}
	go func() { _, _ = io.Copy(io.Discard, br) }()
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "nsor: serving on ")
	if !ok {
		cancel()
		t.Fatalf("serve %v printed %q, then returned %v; want its start-up line", args, line, <-done)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return addr
}

// TestServeTLS: under --tls-cert the start-up line says https:// and every
// response carries Strict-Transport-Security (RFC 6797).
func TestServeTLS(t *testing.T) {
	cert, key, pool := selfSigned(t)
	url := runServe(t, "--tls-cert", cert, "--tls-key", key)
	if !strings.HasPrefix(url, "https://") {
		t.Fatalf("start-up line names %s, want an https:// address", url)
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	for _, path := range []string{"/healthz", "/api/v1/requests"} {
		resp, err := c.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Strict-Transport-Security"); got != "max-age=31536000; includeSubDomains" {
			t.Errorf("GET %s: Strict-Transport-Security = %q, want max-age=31536000; includeSubDomains", path, got)
		}
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// their files and a pool that trusts the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "nsor test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "EC PRIVATE KEY", kder)
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(parsed)
	return certFile, keyFile, pool
}

func writePEM(t *testing.T, file, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestServeCapsConnections: with --max-conns 2, a third connection is not
// served while two are open, and is served as soon as one closes.
func TestServeCapsConnections(t *testing.T) {
	url := runServe(t, "--max-conns", "2")
	addr := strings.TrimPrefix(url, "http://")
	var held []net.Conn
	for range 2 {
		c, r := dialHealth(t, addr)
		if _, err := http.ReadResponse(r, nil); err != nil {
			t.Fatalf("connection %d: %v", len(held)+1, err)
		}
		held = append(held, c)
	}
	third, r := dialHealth(t, addr)
	_ = third.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	if resp, err := http.ReadResponse(r, nil); err == nil {
		t.Fatalf("a third connection was answered %s while two were open, want it to wait", resp.Status)
	}
	held[0].Close()
	_ = third.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := http.ReadResponse(r, nil); err != nil {
		t.Fatalf("the third connection after one closed: %v, want an answer", err)
	}
	third.Close()
	held[1].Close()
}

// dialHealth opens a connection and sends GET /healthz on it.
func dialHealth(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: nsor\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	return c, bufio.NewReader(c)
}

// TestLimitsRefuseBadSettings: a limit that does not parse or is not
// positive stops the server at start-up instead of being ignored; the
// defaults and sensible values pass.
func TestLimitsRefuseBadSettings(t *testing.T) {
	tests := []struct {
		name, env, value string
		args             []string
		ok               bool
	}{
		{"defaults", "", "", nil, true},
		{"max-conns 64", "", "", []string{"--max-conns", "64"}, true},
		{"NSOR_BODY_TIMEOUT 5m", "NSOR_BODY_TIMEOUT", "5m", nil, true},
		{"max-conns 0", "", "", []string{"--max-conns", "0"}, false},
		{"public body timeout 0", "", "", []string{"--public-body-timeout", "0s"}, false},
		{"NSOR_MAX_CONNS not a number", "NSOR_MAX_CONNS", "many", nil, false},
		{"NSOR_BODY_TIMEOUT without a unit", "NSOR_BODY_TIMEOUT", "120", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv(tc.env, tc.value)
			}
			var l limits
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			l.flags(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			if err := l.check(); (err == nil) != tc.ok {
				t.Errorf("check(%s) = %v, want ok %v", tc.name, err, tc.ok)
			}
		})
	}
}
