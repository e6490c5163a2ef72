// Package routes is the gateway's public allowlist: the only method and path
// pairs that reach an upstream, and the exact path each is sent upstream as.
// The table is data (routes.json, embedded and validated here, at startup and
// in the tests), so tooling can add and remove a service's routes safely; the
// matching rules are code. The upstream path is built from the table's fixed
// parts and validated ids, never copied from the request, so no spelling of a
// request path (dot segments, escaped slashes, doubled slashes) can reach
// another upstream endpoint.
package routes

import (
	"net/http"
	"strings"
)

// Upstream names, as in config and logs. Web is the fixed fallback; the
// others are routes.json's upstreams.
const (
	API     = "api"
	Reports = "reports"
	Web     = "web"
)

// Route is one allowlisted way through the gateway.
type Route struct {
	Name     string // for logs: jobs.create, jobs.list, jobs.get, reports.summary, web
	Upstream string
	// Path is what the upstream receives (before its base path is joined);
	// "" keeps the request's path (web only).
	Path   string
	Create bool // POST /api/jobs: body capped by GATEWAY_MAX_CREATE_BODY_BYTES, rate-limited
	// MaxBodyBytes > 0 lets a (non-create) route take a body up to that size;
	// every other route takes none.
	MaxBodyBytes int64
}

// Decision is Match's answer: forward (Status 0) or refuse with 404/405.
type Decision struct {
	Route  Route
	Status int
	Allow  string // the Allow header of a 405
}

const maxIDLength = 128

// Match decides on the decoded request path (r.URL.Path) with the embedded table.
func Match(method, path string) Decision { return Default().Match(method, path) }

// Match decides on the decoded request path (r.URL.Path).
func (t *Table) Match(method, path string) Decision {
	if path == "/healthz" || path == "/readyz" {
		// Served on the admin listener only; not web's either, so a probe
		// pointed at the public port fails instead of getting the web app.
		return Decision{Status: http.StatusNotFound}
	}
	var allow []string
	for _, r := range t.routes {
		id, ok := r.pattern.match(path)
		if !ok {
			continue
		}
		if r.Method == method {
			return forward(Route{
				Name: r.Name, Upstream: r.Upstream, Path: r.upstreamPath.build(id),
				Create: r.Create, MaxBodyBytes: r.MaxBodyBytes,
			})
		}
		allow = append(allow, r.Method)
	}
	if len(allow) > 0 {
		return notAllowed(strings.Join(allow, ", "))
	}
	for _, u := range t.Upstreams {
		if under(path, u.Prefix) {
			return Decision{Status: http.StatusNotFound}
		}
	}
	if method == http.MethodGet || method == http.MethodHead {
		return forward(Route{Name: "web", Upstream: Web})
	}
	return notAllowed("GET, HEAD")
}

func forward(r Route) Decision { return Decision{Route: r} }

func notAllowed(allow string) Decision {
	return Decision{Status: http.StatusMethodNotAllowed, Allow: allow}
}

// under matches whole segments: /api and /api/x, not /apix.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// ValidID accepts one path segment of [A-Za-z0-9_-], 1-128 long: the api's
// UUIDs and more, but never a slash, a dot segment or anything that needs
// escaping, so "/jobs/"+id is always exactly one segment below /jobs.
func ValidID(id string) bool {
	if id == "" || len(id) > maxIDLength {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}
