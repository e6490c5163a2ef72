package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func portOf(t *testing.T, server *httptest.Server) func(string) string {
	t.Helper()
	u, err := url.Parse(server.URL)
	if err != nil {
		t.Fatal(err)
	}
	return func(name string) string {
		if name == "GATEWAY_ADMIN_PORT" {
			return u.Port()
		}
		return ""
	}
}

func TestProbeAnswersZeroForA2xxOnThePath(t *testing.T) {
	var asked string
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = r.URL.Path
		w.WriteHeader(http.StatusOK)
	}))
	defer server.Close()
	var stderr bytes.Buffer
	if code := probe([]string{"/readyz"}, portOf(t, server), &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if asked != "/readyz" {
		t.Fatalf("probed %q, want /readyz", asked)
	}
}

func TestProbeDefaultsToHealthz(t *testing.T) {
	var asked string
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { asked = r.URL.Path }))
	defer server.Close()
	if code := probe(nil, portOf(t, server), &bytes.Buffer{}); code != 0 || asked != "/healthz" {
		t.Fatalf("exit %d, probed %q", code, asked)
	}
}

func TestProbeFailsOnA503WithTheStatusAndBody(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"unready"}`))
	}))
	defer server.Close()
	var stderr bytes.Buffer
	if code := probe([]string{"/readyz"}, portOf(t, server), &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "503") || !strings.Contains(stderr.String(), "unready") {
		t.Fatalf("stderr %q lacks status and body", stderr.String())
	}
}

func TestProbeFailsWhenNothingListens(t *testing.T) {
	server := httptest.NewServer(http.NotFoundHandler())
	getenv := portOf(t, server)
	server.Close()
	var stderr bytes.Buffer
	if code := probe(nil, getenv, &stderr); code != 1 || !strings.Contains(stderr.String(), "probe: GET") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestProbeRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		port string
		want string
	}{
		{[]string{"readyz"}, "", "path must start with /"},
		{nil, "http", "GATEWAY_ADMIN_PORT must be 1-65535"},
	} {
		var stderr bytes.Buffer
		getenv := func(name string) string {
			if name == "GATEWAY_ADMIN_PORT" {
				return tc.port
			}
			return ""
		}
		if code := probe(tc.args, getenv, &stderr); code != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("probe(%v, PORT=%q) = %d, %q; want 2 and %q", tc.args, tc.port, code, stderr.String(), tc.want)
		}
	}
}
