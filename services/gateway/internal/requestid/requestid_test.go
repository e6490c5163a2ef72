package requestid

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func run(t *testing.T, incoming string) (seenUpstream, inContext, response string) {
	t.Helper()
	h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seenUpstream, inContext = r.Header.Get(Header), FromContext(r.Context())
	}))
	req := httptest.NewRequest("GET", "/", nil)
	if incoming != "" {
		req.Header.Set(Header, incoming)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return seenUpstream, inContext, rec.Header().Get(Header)
}

func TestKeepsValidIncomingID(t *testing.T) {
	up, ctx, resp := run(t, "abc-123_X.y:z")
	if up != "abc-123_X.y:z" || ctx != up || resp != up {
		t.Fatalf("id not kept: %q %q %q", up, ctx, resp)
	}
}

func TestGeneratesWhenMissingOrInvalid(t *testing.T) {
	for _, in := range []string{"", "has space", "new\nline", strings.Repeat("a", 129)} {
		up, ctx, resp := run(t, in)
		if len(up) != 32 || up == in || ctx != up || resp != up {
			t.Fatalf("incoming %q: got %q %q %q", in, up, ctx, resp)
		}
	}
	if New() == New() {
		t.Fatal("ids repeat")
	}
}

// validID is the test's own statement of an acceptable id, independent of Valid (which it checks).
var validID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// FuzzMiddleware: never panics; the request, its context and the response carry one and the same
// valid id, which is the client's exactly when the client's was valid.
func FuzzMiddleware(f *testing.F) {
	f.Fuzz(func(t *testing.T, incoming string, second string, twice bool) {
		var seen http.Header
		var inContext string
		h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen, inContext = r.Header.Clone(), FromContext(r.Context())
		}))
		req := httptest.NewRequest("GET", "/", nil)
		req.Header[Header] = []string{incoming}
		if twice {
			req.Header[Header] = append(req.Header[Header], second)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		sent, returned := seen.Values(Header), rec.Header().Values(Header)
		if len(sent) != 1 || len(returned) != 1 || !validID.MatchString(sent[0]) || sent[0] != returned[0] || sent[0] != inContext {
			t.Fatalf("incoming %q/%q: handler saw %q, context %q, response %q", incoming, second, sent, inContext, returned)
		}
		if validID.MatchString(incoming) != (sent[0] == incoming) {
			t.Fatalf("incoming %q (valid %v): got %q", incoming, validID.MatchString(incoming), sent[0])
		}
	})
}
