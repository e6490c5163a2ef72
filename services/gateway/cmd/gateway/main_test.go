package main

import (
	"bytes"
	"context"
	"net"
	"polystage/gateway/internal/configtest"
	"strconv"
	"strings"
	"testing"
)

// freePort asks the kernel for an unused port, so parallel test runs do not collide.
func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func TestBadConfigExitsNonZeroNamingTheVariable(t *testing.T) {
	var out bytes.Buffer
	env := map[string]string{
		"GATEWAY_API_URL":     "api:8000",
		"GATEWAY_REPORTS_URL": "http://reports:8080",
		"GATEWAY_WEB_URL":     "http://web:8080",
	}
	code := run(context.Background(), configtest.Getenv(env), &out)
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(out.String(), "GATEWAY_API_URL") || !strings.Contains(out.String(), `"level":"ERROR"`) {
		t.Fatalf("log does not name the variable: %s", out.String())
	}
}

func TestCleanShutdownExitsZero(t *testing.T) {
	var out bytes.Buffer
	env := map[string]string{
		"PORT":                "0", // rejected: port must be 1-65535
		"GATEWAY_API_URL":     "http://127.0.0.1:1",
		"GATEWAY_REPORTS_URL": "http://127.0.0.1:1",
		"GATEWAY_WEB_URL":     "http://127.0.0.1:1",
	}
	if code := run(context.Background(), configtest.Getenv(env), &out); code != 2 {
		t.Fatalf("PORT=0: exit %d, want 2", code)
	}
	env["PORT"] = freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // already "signalled": starts, drains nothing, exits 0
	out.Reset()
	if code := run(ctx, configtest.Getenv(env), &out); code != 0 {
		t.Fatalf("exit %d, want 0: %s", code, out.String())
	}
	if !strings.Contains(out.String(), `"version":"dev"`) {
		t.Fatalf("startup line lacks version: %s", out.String())
	}
}
