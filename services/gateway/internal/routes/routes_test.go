package routes

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The tests' own table (api and reports, as configtest gives every package's tests): the matching
// rules are checked on it, so they hold whatever the generators do to the shipped routes.json.
// Read from the file (configtest imports this package). The shipped table is checked on its own
// terms by TestShippedTable and FuzzMatch.
var fixtureJSON, fixture = func() ([]byte, *Table) {
	data, err := os.ReadFile("../configtest/routes.json")
	if err != nil {
		panic(err)
	}
	return data, mustParse(data)
}()

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
		if got := fixture.Match(c.method, c.path); got != c.want {
			t.Errorf("Match(%s %s) = %+v, want %+v", c.method, c.path, got, c.want)
		}
	}
}

// jobID is the test's own statement of a job id, independent of ValidID (which it checks).
var jobID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// allowlistedInFixture says whether method and the upstream path may reach api or reports of the
// tests' table at all, as the test states it.
func allowlistedInFixture(upstream, method, path string) bool {
	switch {
	case upstream == API && path == "/jobs":
		return method == http.MethodGet || method == http.MethodPost
	case upstream == API && strings.HasPrefix(path, "/jobs/"):
		return method == http.MethodGet && jobID.MatchString(path[len("/jobs/"):])
	case upstream == Reports:
		return method == http.MethodGet && path == "/jobs/summary"
	}
	return false
}

// listed says whether a table (its JSON, read here on its own, not through Parse) has a route
// sending method to upstream as path.
func listed(tableJSON []byte, upstream, method, path string) bool {
	for _, r := range listedRoutes(tableJSON) {
		template := regexp.QuoteMeta(r.UpstreamPath)
		template = strings.ReplaceAll(template, regexp.QuoteMeta("{id}"), "[A-Za-z0-9_-]{1,128}")
		if r.Upstream == upstream && r.Method == method && regexp.MustCompile("^"+template+"$").MatchString(path) {
			return true
		}
	}
	return false
}

func listedRoutes(tableJSON []byte) []struct{ Method, Upstream, UpstreamPath string } {
	var table struct {
		Routes []struct{ Method, Upstream, UpstreamPath string }
	}
	if err := json.Unmarshal(tableJSON, &table); err != nil {
		panic(err)
	}
	return table.Routes
}

// TestShippedTable: every route of the shipped routes.json (whatever the generators made of it)
// reaches its upstream as its upstream path, and each upstream's own probe under its prefix is
// refused, never web's.
func TestShippedTable(t *testing.T) {
	var shipped struct {
		Routes []struct{ Method, Path, Upstream, UpstreamPath string }
	}
	if err := json.Unmarshal(routesJSON, &shipped); err != nil {
		t.Fatal(err)
	}
	table := Default()
	for _, r := range shipped.Routes {
		path, upstreamPath := strings.ReplaceAll(r.Path, "{id}", "abc-1_2"), strings.ReplaceAll(r.UpstreamPath, "{id}", "abc-1_2")
		d := table.Match(r.Method, path)
		if d.Status != 0 || d.Route.Upstream != r.Upstream || d.Route.Path != upstreamPath {
			t.Errorf("%s %s: %+v, want it sent to %s as %s", r.Method, path, d, r.Upstream, upstreamPath)
		}
	}
	for _, u := range table.Upstreams {
		if d := table.Match(http.MethodGet, u.Prefix+"/healthz"); d.Status != http.StatusNotFound {
			t.Errorf("GET %s/healthz: %+v, want the gateway's 404", u.Prefix, d)
		}
	}
}

// FuzzMatch, on the tests' table and on the shipped one: never panics; anything sent to an
// upstream is a method and path its table lists (for api and reports of the tests' table, what
// the test states); web gets only GET/HEAD of paths outside every upstream prefix; a refusal is
// 404 or 405 with Allow.
func FuzzMatch(f *testing.F) {
	f.Fuzz(func(t *testing.T, method, rawPath string) {
		path := rawPath
		if u, err := url.ParseRequestURI(rawPath); err == nil {
			path = u.Path // what the server hands the handler: decoded
		}
		checkMatch(t, fixture, fixtureJSON, method, path, true)
		checkMatch(t, Default(), routesJSON, method, path, false)
	})
}

func checkMatch(t *testing.T, table *Table, tableJSON []byte, method, path string, isFixture bool) {
	d := table.Match(method, path)
	switch d.Status {
	case 0:
		r := d.Route
		switch {
		case r.Upstream == Web:
			if method != http.MethodGet && method != http.MethodHead || r.Path != "" {
				t.Fatalf("%s %q reaches web as %+v", method, path, r)
			}
			for _, u := range table.Upstreams {
				if under(path, u.Prefix) {
					t.Fatalf("%s %q, under %s, reaches web as %+v", method, path, u.Prefix, r)
				}
			}
		case isFixture && !allowlistedInFixture(r.Upstream, method, r.Path):
			t.Fatalf("%s %q reaches %s as %q", method, path, r.Upstream, r.Path)
		case !listed(tableJSON, r.Upstream, method, r.Path):
			t.Fatalf("%s %q: not listed for upstream %+v", method, path, r)
		}
		if isFixture && r.Create != (r.Upstream == API && method == http.MethodPost) {
			t.Fatalf("%s %q: Create=%v", method, path, r.Create)
		}
	case http.StatusNotFound:
	case http.StatusMethodNotAllowed:
		if d.Allow == "" || slices.Contains(strings.Split(d.Allow, ", "), method) {
			t.Fatalf("%s %q: 405 with Allow %q", method, path, d.Allow)
		}
	default:
		t.Fatalf("%s %q: status %d", method, path, d.Status)
	}
}
