package routes

import (
	"strings"
	"testing"
)

const upstreams = `"upstreams": [{"name": "api", "prefix": "/api", "timeout": "15s"}, {"name": "demo-go", "prefix": "/demo", "timeout": "5s"}]`

func TestEmbeddedTableIsValid(t *testing.T) {
	if _, err := Parse(routesJSON); err != nil {
		t.Fatalf("routes.json: %v", err)
	}
}

// A generated service's route: forwarded only as listed, everything else under its prefix is 404.
func TestTableWithAGeneratedUpstream(t *testing.T) {
	table, err := Parse([]byte(`{` + upstreams + `, "routes": [
		{"name": "demo-go.echo", "method": "POST", "path": "/demo/echo", "upstream": "demo-go", "upstreamPath": "/echo", "maxBodyBytes": 65536}]}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, path string
		want         Decision
	}{
		{"POST", "/demo/echo", forward(Route{Name: "demo-go.echo", Upstream: "demo-go", Path: "/echo", MaxBodyBytes: 65536})},
		{"GET", "/demo/echo", notAllowed("POST")},
		{"POST", "/demo/healthz", Decision{Status: 404}},
		{"GET", "/demo", Decision{Status: 404}},
		{"GET", "/api/jobs", Decision{Status: 404}},
		{"GET", "/demox", forward(Route{Name: "web", Upstream: Web})},
	}
	for _, c := range cases {
		if got := table.Match(c.method, c.path); got != c.want {
			t.Errorf("Match(%s %s) = %+v, want %+v", c.method, c.path, got, c.want)
		}
	}
	if table.Upstreams[1].Timeout.String() != "5s" {
		t.Fatalf("timeout: %v", table.Upstreams[1].Timeout)
	}
}

// Each rule that keeps the allowlist strict refuses a table that breaks it, naming the problem.
func TestParseRefusesLooseTables(t *testing.T) {
	route := func(fields string) string { return `{` + upstreams + `, "routes": [{` + fields + `}]}` }
	cases := map[string]string{
		route(`"name": "a", "method": "GET", "path": "/other/x", "upstream": "api", "upstreamPath": "/x"`):                                                                                                                      "must lie under its upstream's prefix",
		route(`"name": "a", "method": "GET", "path": "/api/x", "upstream": "nope", "upstreamPath": "/x"`):                                                                                                                       "is not in upstreams",
		route(`"name": "a", "method": "TRACE", "path": "/api/x", "upstream": "api", "upstreamPath": "/x"`):                                                                                                                      "method",
		route(`"name": "a", "method": "GET", "path": "/api/../x", "upstream": "api", "upstreamPath": "/x"`):                                                                                                                     "not a plain literal",
		route(`"name": "a", "method": "GET", "path": "/api/x", "upstream": "api", "upstreamPath": "/{id}"`):                                                                                                                     "uses {id}",
		route(`"name": "a", "method": "GET", "path": "/api/{id}/{id}", "upstream": "api", "upstreamPath": "/x"`):                                                                                                                "at most one {id}",
		route(`"name": "a", "method": "GET", "path": "/api/x", "upstream": "api", "upstreamPath": "/x", "create": true`):                                                                                                        "create is for POST",
		route(`"name": "a", "method": "POST", "path": "/api/x", "upstream": "api", "upstreamPath": "/x", "maxBodyBytes": 2097152`):                                                                                              "maxBodyBytes",
		route(`"name": "a", "method": "GET", "path": "/api/x", "upstream": "api", "upstreamPath": "/x", "extra": 1`):                                                                                                            "unknown field",
		`{"upstreams": [{"name": "web", "prefix": "/w", "timeout": "1s"}], "routes": []}`:                                                                                                                                       "fixed fallback",
		`{"upstreams": [{"name": "a", "prefix": "/x", "timeout": "1s"}, {"name": "b", "prefix": "/x", "timeout": "1s"}], "routes": []}`:                                                                                         "belongs to another upstream",
		`{"upstreams": [{"name": "a", "prefix": "/healthz", "timeout": "1s"}], "routes": []}`:                                                                                                                                   "probe path",
		`{"upstreams": [{"name": "a", "prefix": "/a/b", "timeout": "1s"}], "routes": []}`:                                                                                                                                       "one segment",
		`{"upstreams": [{"name": "a", "prefix": "/a", "timeout": "soon"}], "routes": []}`:                                                                                                                                       "positive duration",
		`{` + upstreams + `, "routes": [{"name": "a", "method": "GET", "path": "/api/x", "upstream": "api", "upstreamPath": "/x"}, {"name": "b", "method": "GET", "path": "/api/x", "upstream": "api", "upstreamPath": "/y"}]}`: "listed twice",
	}
	for table, want := range cases {
		_, err := Parse([]byte(table))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%s): %v, want an error containing %q", table, err, want)
		}
	}
}
