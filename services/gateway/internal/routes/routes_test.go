package routes

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	cases := []struct {
		method, path string
		want         Decision
	}{
		{"GET", "/api/jobs", forward(Route{Name: "jobs.list", Upstream: API, Path: "/jobs"})},
		{"POST", "/api/jobs", forward(Route{Name: "jobs.create", Upstream: API, Path: "/jobs", Create: true})},
		{"GET", "/api/jobs/abc-1_2", forward(Route{Name: "jobs.get", Upstream: API, Path: "/jobs/abc-1_2"})},
		{"GET", "/reports/jobs/summary", forward(Route{Name: "reports.summary", Upstream: Reports, Path: "/jobs/summary"})},
		{"GET", "/jobs/abc", forward(Route{Name: "web", Upstream: Web})},
		{"HEAD", "/", forward(Route{Name: "web", Upstream: Web})},
		{"POST", "/api/jobs/lease", notAllowed("GET")},
		{"PATCH", "/api/jobs", notAllowed("GET, POST")},
		{"POST", "/reports/jobs/summary", notAllowed("GET")},
		{"PUT", "/x", notAllowed("GET, HEAD")},
		{"POST", "/api/internal/jobs/lease", Decision{Status: 404}},
		{"GET", "/api/jobs/a.b", Decision{Status: 404}},
		{"GET", "/api/jobs/" + strings.Repeat("a", 129), Decision{Status: 404}},
		{"GET", "/readyz", Decision{Status: 404}},
		{"GET", "/reports/x", Decision{Status: 404}},
	}
	for _, c := range cases {
		if got := Match(c.method, c.path); got != c.want {
			t.Errorf("Match(%s %s) = %+v, want %+v", c.method, c.path, got, c.want)
		}
	}
}

// jobID is the test's own statement of a job id, independent of ValidID (which it checks).
var jobID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// allowlisted says whether method and the upstream path may reach api or reports at all; any
// other upstream (a generated service's) only by a method and upstream path listed in routes.json,
// read here on its own, not through Parse.
func allowlisted(upstream, method, path string) bool {
	switch {
	case upstream == API && path == "/jobs":
		return method == http.MethodGet || method == http.MethodPost
	case upstream == API && strings.HasPrefix(path, "/jobs/"):
		return method == http.MethodGet && jobID.MatchString(path[len("/jobs/"):])
	case upstream == Reports:
		return method == http.MethodGet && path == "/jobs/summary"
	case upstream == API:
		return false
	}
	for _, r := range listedRoutes() {
		template := regexp.QuoteMeta(r.UpstreamPath)
		template = strings.ReplaceAll(template, regexp.QuoteMeta("{id}"), "[A-Za-z0-9_-]{1,128}")
		if r.Upstream == upstream && r.Method == method && regexp.MustCompile("^"+template+"$").MatchString(path) {
			return true
		}
	}
	return false
}

func listedRoutes() []struct{ Method, Upstream, UpstreamPath string } {
	var table struct {
		Routes []struct{ Method, Upstream, UpstreamPath string }
	}
	if err := json.Unmarshal(routesJSON, &table); err != nil {
		panic(err)
	}
	return table.Routes
}

// FuzzMatch: never panics; anything sent to api or reports is an allowlisted method and path;
// web gets only GET/HEAD of paths outside /api and /reports; a refusal is 404 or 405 with Allow.
func FuzzMatch(f *testing.F) {
	f.Fuzz(func(t *testing.T, method, rawPath string) {
		path := rawPath
		if u, err := url.ParseRequestURI(rawPath); err == nil {
			path = u.Path // what the server hands the handler: decoded
		}
		d := Match(method, path)
		switch d.Status {
		case 0:
			r := d.Route
			switch r.Upstream {
			case API, Reports:
				if !allowlisted(r.Upstream, method, r.Path) {
					t.Fatalf("%s %q reaches %s as %q", method, path, r.Upstream, r.Path)
				}
				if r.Create != (method == http.MethodPost) {
					t.Fatalf("%s %q: Create=%v", method, path, r.Create)
				}
			case Web:
				if method != http.MethodGet && method != http.MethodHead || under(path, "/api") || under(path, "/reports") || r.Path != "" {
					t.Fatalf("%s %q reaches web as %+v", method, path, r)
				}
			default:
				if !allowlisted(r.Upstream, method, r.Path) || r.Create {
					t.Fatalf("%s %q: not listed for upstream %+v", method, path, r)
				}
			}
		case http.StatusNotFound:
		case http.StatusMethodNotAllowed:
			if d.Allow == "" || slices.Contains(strings.Split(d.Allow, ", "), method) {
				t.Fatalf("%s %q: 405 with Allow %q", method, path, d.Allow)
			}
		default:
			t.Fatalf("%s %q: status %d", method, path, d.Status)
		}
	})
}
