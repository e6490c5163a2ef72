// Package routes is the gateway's public allowlist: the only method and path
// pairs that reach api and reports, and the exact path each is sent upstream
// as. The upstream path is built here from fixed parts and a validated id,
// never copied from the request, so no spelling of a request path (dot
// segments, escaped slashes, doubled slashes) can reach another api or
// reports endpoint.
package routes

import (
	"net/http"
	"strings"
)

// Upstream names, as in config and logs.
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
	Create bool // POST /api/jobs: the one route with a body and a rate limit
}

// Decision is Match's answer: forward (Status 0) or refuse with 404/405.
type Decision struct {
	Route  Route
	Status int
	Allow  string // the Allow header of a 405
}

const (
	jobsPath    = "/api/jobs"
	jobPrefix   = "/api/jobs/"
	summaryPath = "/reports/jobs/summary"
	maxIDLength = 128
)

// Match decides on the decoded request path (r.URL.Path).
func Match(method, path string) Decision {
	switch {
	case path == "/healthz" || path == "/readyz":
		// Served on the admin listener only; not web's either, so a probe
		// pointed at the public port fails instead of getting the web app.
		return Decision{Status: http.StatusNotFound}
	case path == jobsPath:
		switch method {
		case http.MethodGet:
			return forward(Route{Name: "jobs.list", Upstream: API, Path: "/jobs"})
		case http.MethodPost:
			return forward(Route{Name: "jobs.create", Upstream: API, Path: "/jobs", Create: true})
		}
		return notAllowed("GET, POST")
	case strings.HasPrefix(path, jobPrefix) && ValidID(path[len(jobPrefix):]):
		if method == http.MethodGet {
			return forward(Route{Name: "jobs.get", Upstream: API, Path: "/jobs/" + path[len(jobPrefix):]})
		}
		return notAllowed("GET")
	case path == summaryPath:
		if method == http.MethodGet {
			return forward(Route{Name: "reports.summary", Upstream: Reports, Path: "/jobs/summary"})
		}
		return notAllowed("GET")
	case under(path, "/api") || under(path, "/reports"):
		return Decision{Status: http.StatusNotFound}
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
