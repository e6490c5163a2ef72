package proxy

import (
	"bufio"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"polystage/gateway/internal/configtest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"polystage/gateway/internal/config"
	"polystage/gateway/internal/requestid"
	"polystage/gateway/internal/routes"
)

// The tests' own statements of a valid request id and job id, independent of the code they check.
var (
	validID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)
	jobID   = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)
)

// capture is an in-memory upstream: it records each outbound request and answers 200, so the
// fuzz targets run the whole public handler (allowlist, Rewrite, hop-by-hop removal) without a
// network.
type capture struct {
	mu  sync.Mutex
	out []*http.Request
}

func (c *capture) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	c.mu.Lock()
	c.out = append(c.out, r)
	c.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{"X-Request-Id": {"upstream-echo"}},
		Body: http.NoBody, Request: r, ProtoMajor: 1, ProtoMinor: 1}, nil
}

func (c *capture) take() []*http.Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.out
	c.out = nil
	return out
}

func fuzzGateway(f *testing.F) (http.Handler, *capture) {
	env := map[string]string{
		"GATEWAY_API_URL": "http://api.internal:8000", "GATEWAY_REPORTS_URL": "http://reports.internal:8080/base",
		"GATEWAY_WEB_URL": "http://web.internal:8080", "GATEWAY_CREATE_RATE": "1000000000", "GATEWAY_CREATE_BURST": "1000000000",
	}
	cfg, err := config.LoadFor(configtest.Getenv(env), configtest.Table())
	if err != nil {
		f.Fatal(err)
	}
	c := &capture{}
	return requestid.Middleware(New(cfg, c, slog.New(slog.DiscardHandler))), c
}

// FuzzForwardedHeaders: whatever the client sends as X-Request-Id, Connection (naming any headers,
// the id among them) and one more header, the upstream receives exactly one valid X-Request-Id,
// the one the client gets back, and nothing panics.
func FuzzForwardedHeaders(f *testing.F) {
	h, up := fuzzGateway(f)
	f.Fuzz(func(t *testing.T, id, connection, name, value string) {
		req := httptest.NewRequest("GET", "/api/jobs", nil)
		req.Header["X-Request-Id"] = []string{id}
		req.Header["Connection"] = []string{connection}
		if name != "" {
			req.Header[name] = append(req.Header[name], value)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		sent := up.take()
		returned := rec.Header().Values(requestid.Header)
		if len(returned) != 1 || !validID.MatchString(returned[0]) {
			t.Fatalf("client got X-Request-Id %q", returned)
		}
		if rec.Code == http.StatusLoopDetected && len(sent) == 0 {
			return // the extra header was a Via carrying the gateway's mark
		}
		if len(sent) != 1 {
			t.Fatalf("status %d, %d upstream requests", rec.Code, len(sent))
		}
		got := sent[0].Header.Values(requestid.Header)
		if len(got) != 1 || got[0] != returned[0] {
			t.Fatalf("id %q, Connection %q, %q: upstream got %q, client %q", id, connection, name, got, returned)
		}
		if validID.MatchString(id) && got[0] != id {
			t.Fatalf("valid client id %q replaced by %q", id, got[0])
		}
	})
}

// FuzzPublicRequest: a raw request line as a client could send it (any method, any spelling of
// the path: escapes, dot segments, doubled slashes) goes through the server's own parser and the
// whole public handler. Never a panic; api and reports receive only allowlisted methods and paths;
// a refused request reaches no upstream.
func FuzzPublicRequest(f *testing.F) {
	h, up := fuzzGateway(f)
	f.Fuzz(func(t *testing.T, method, target string) {
		raw := method + " " + target + " HTTP/1.1\r\nHost: example.com\r\n\r\n"
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return // the server would answer 400 before any handler
		}
		req.RemoteAddr = "192.0.2.1:1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		sent := up.take()
		if rec.Code != 200 {
			if len(sent) != 0 {
				t.Fatalf("%s %q: answered %d yet reached %s", method, target, rec.Code, sent[0].URL)
			}
			return
		}
		if len(sent) != 1 {
			t.Fatalf("%s %q: 200 with %d upstream requests", method, target, len(sent))
		}
		out := sent[0]
		switch out.URL.Host {
		case "api.internal:8000":
			if !upstreamAllowed(routes.API, out.Method, out.URL) {
				t.Fatalf("%s %q reached the api as %s %s", method, target, out.Method, out.URL.EscapedPath())
			}
		case "reports.internal:8080":
			if out.Method != "GET" || out.URL.EscapedPath() != "/base/jobs/summary" {
				t.Fatalf("%s %q reached reports as %s %s", method, target, out.Method, out.URL.EscapedPath())
			}
		case "web.internal:8080":
			if out.Method != "GET" && out.Method != "HEAD" {
				t.Fatalf("%s %q reached web as %s", method, target, out.Method)
			}
		default:
			t.Fatalf("%s %q reached %q", method, target, out.URL.Host)
		}
	})
}

func upstreamAllowed(upstream, method string, u *url.URL) bool {
	p := u.EscapedPath()
	if p == "/jobs" {
		return method == "GET" || method == "POST"
	}
	id, ok := strings.CutPrefix(p, "/jobs/")
	return ok && method == "GET" && jobID.MatchString(id) && u.Path == p
}
