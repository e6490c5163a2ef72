package health

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"polystage/gateway/internal/config"
)

func up(t *testing.T, name string, h http.HandlerFunc) config.Upstream {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return config.Upstream{Name: name, URL: u, HealthPath: "/healthz"}
}

func call(h http.HandlerFunc) (int, map[string]any) {
	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest("GET", "/", nil))
	var body map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return rec.Code, body
}

func ok(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/healthz" {
		http.NotFound(w, r)
	}
}

func TestHealthzShowsVersionAndDrains(t *testing.T) {
	c := New("1.2.3", nil, time.Second, nil)
	code, body := call(c.Healthz)
	if code != 200 || body["version"] != "1.2.3" {
		t.Fatalf("%d %v", code, body)
	}
	c.StartDraining()
	if code, _ := call(c.Healthz); code != 503 {
		t.Fatalf("draining healthz %d", code)
	}
	if code, _ := call(c.Readyz); code != 503 {
		t.Fatalf("draining readyz %d", code)
	}
}

func TestReadyzAllUp(t *testing.T) {
	c := New("v", []config.Upstream{up(t, "api", ok), up(t, "web", ok)}, time.Second, nil)
	if code, body := call(c.Readyz); code != 200 {
		t.Fatalf("%d %v", code, body)
	}
}

func TestReadyzNamesFailedUpstreams(t *testing.T) {
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	}
	broken := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) }
	c := New("v", []config.Upstream{up(t, "api", ok), up(t, "reports", slow), up(t, "web", broken)}, 100*time.Millisecond, nil)
	start := time.Now()
	code, body := call(c.Readyz)
	if code != 503 {
		t.Fatalf("status %d", code)
	}
	failed, _ := body["failed"].(map[string]any)
	if len(failed) != 2 || failed["reports"] == nil || failed["web"] == nil {
		t.Fatalf("failed = %v", body)
	}
	if time.Since(start) > time.Second {
		t.Fatal("probe timeout not applied")
	}
}
