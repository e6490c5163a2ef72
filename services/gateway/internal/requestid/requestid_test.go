package requestid

import (
	"net/http"
	"net/http/httptest"
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
