package health

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
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

// generousTimeout bounds probes that are not about timing: the upstreams here answer at once, but
// with the cores shared by other builds an answer can take a while. It only stops a hung probe.
const generousTimeout = time.Minute

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
	c := New("v", []config.Upstream{up(t, "api", ok), up(t, "web", ok)}, generousTimeout, nil)
	if code, body := call(c.Readyz); code != 200 {
		t.Fatalf("%d %v", code, body)
	}
}

func TestReadyzNamesFailedUpstreams(t *testing.T) {
	broken := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) }
	gone := httptest.NewServer(http.NotFoundHandler())
	goneURL, _ := url.Parse(gone.URL)
	gone.Close() // nothing listens there any more: connection refused
	refused := config.Upstream{Name: "reports", URL: goneURL, HealthPath: "/healthz"}
	c := New("v", []config.Upstream{up(t, "api", ok), refused, up(t, "web", broken)}, generousTimeout, nil)
	code, body := call(c.Readyz)
	if code != 503 {
		t.Fatalf("status %d", code)
	}
	failed, _ := body["failed"].(map[string]any)
	if len(failed) != 2 || failed["reports"] == nil || failed["web"] == nil {
		t.Fatalf("failed = %v", body)
	}
}

// An upstream that never answers fails readiness by the probe timeout. It holds the probe until
// the probe gives up, so the outcome does not depend on how fast this machine is (an upstream
// that answers after a delay races the timeout instead); and alone, so that no healthy upstream
// has to answer within the short timeout either.
func TestReadyzProbeTimeoutNamesAHungUpstream(t *testing.T) {
	hung := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	c := New("v", []config.Upstream{up(t, "reports", hung)}, 100*time.Millisecond, nil)
	type answer struct {
		code int
		body map[string]any
	}
	done := make(chan answer, 1)
	go func() {
		code, body := call(c.Readyz)
		done <- answer{code, body}
	}()
	var got answer
	select {
	case got = <-done:
	case <-time.After(time.Minute): // far beyond 100 ms: only a probe without its timeout gets here
		t.Fatal("probe timeout not applied: /readyz still waiting on a hung upstream")
	}
	if got.code != 503 {
		t.Fatalf("status %d", got.code)
	}
	failed, _ := got.body["failed"].(map[string]any)
	reason, _ := failed["reports"].(string)
	if len(failed) != 1 || !strings.Contains(reason, "deadline exceeded") {
		t.Fatalf("failed = %v", got.body)
	}
}
