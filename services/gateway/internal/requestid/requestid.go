// Package requestid gives every request an X-Request-Id so one request can be
// followed through gateway and upstream logs. A caller's id is kept when it
// looks sane; anything else is replaced, so clients cannot inject log noise.
package requestid

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

// Header is the header carrying the id in both directions.
const Header = "X-Request-Id"

type ctxKey struct{}

// Middleware sets the id on the incoming request (so the proxy forwards it),
// on the response, and in the request context (for the access log).
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(Header)
		if !Valid(id) {
			id = New()
		}
		r.Header.Set(Header, id)
		w.Header().Set(Header, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, id)))
	})
}

// FromContext returns the id Middleware stored, or "".
func FromContext(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// Valid accepts 1-128 characters of [A-Za-z0-9._:-]: wide enough for UUIDs and
// trace ids, narrow enough to be safe in logs and headers.
func Valid(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '.' || c == '_' || c == ':' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// New returns 128 random bits in hex (crypto/rand never fails on Linux).
func New() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
