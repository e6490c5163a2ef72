package routes

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

//go:embed routes.json
var routesJSON []byte

// UpstreamSpec is one routes.json upstream: the prefix it owns and its default timeout.
type UpstreamSpec struct {
	Name    string        `json:"name"`
	Prefix  string        `json:"prefix"`
	Timeout time.Duration `json:"-"`
	RawTime string        `json:"timeout"`
}

// RouteSpec is one routes.json route.
type RouteSpec struct {
	Name         string `json:"name"`
	Method       string `json:"method"`
	Path         string `json:"path"`
	Upstream     string `json:"upstream"`
	UpstreamPath string `json:"upstreamPath"`
	Create       bool   `json:"create"`
	MaxBodyBytes int64  `json:"maxBodyBytes"`

	pattern      pattern
	upstreamPath pattern
}

// Table is a validated route table.
type Table struct {
	Upstreams []UpstreamSpec
	routes    []RouteSpec
}

var (
	namePattern    = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)
	prefixPattern  = regexp.MustCompile(`^/[a-z][a-z0-9-]*$`)
	literalSegment = regexp.MustCompile(`^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$`)
	methods        = map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true}
)

// maxRouteBody caps maxBodyBytes: bodies larger than this belong to a create route.
const maxRouteBody = 1 << 20

var defaultTable = mustParse(routesJSON)

// Default is the embedded table (routes.json), validated when the binary starts.
func Default() *Table { return defaultTable }

func mustParse(data []byte) *Table {
	t, err := Parse(data)
	if err != nil {
		panic("routes.json: " + err.Error())
	}
	return t
}

// Parse reads and validates a table; every problem is reported at once.
func Parse(data []byte) (*Table, error) {
	var raw struct {
		Comment   string         `json:"$comment"`
		Upstreams []UpstreamSpec `json:"upstreams"`
		Routes    []RouteSpec    `json:"routes"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	upstreams := map[string]bool{}
	prefixes := map[string]bool{}
	for i := range raw.Upstreams {
		u := &raw.Upstreams[i]
		switch {
		case !namePattern.MatchString(u.Name):
			fail("upstream %q: name must be lowercase letters, digits and hyphens, starting with a letter", u.Name)
		case u.Name == Web:
			fail("upstream %q: web is the fixed fallback, not a routed upstream", u.Name)
		case upstreams[u.Name]:
			fail("upstream %q: listed twice", u.Name)
		}
		upstreams[u.Name] = true
		switch {
		case !prefixPattern.MatchString(u.Prefix):
			fail("upstream %q: prefix %q must be one segment like /api", u.Name, u.Prefix)
		case u.Prefix == "/healthz" || u.Prefix == "/readyz":
			fail("upstream %q: prefix %q is the gateway's own probe path", u.Name, u.Prefix)
		case prefixes[u.Prefix]:
			fail("upstream %q: prefix %q belongs to another upstream", u.Name, u.Prefix)
		}
		prefixes[u.Prefix] = true
		d, err := time.ParseDuration(u.RawTime)
		if err != nil || d <= 0 {
			fail("upstream %q: timeout %q is not a positive duration", u.Name, u.RawTime)
		}
		u.Timeout = d
	}
	names := map[string]bool{}
	seen := map[string]bool{}
	for i := range raw.Routes {
		r := &raw.Routes[i]
		if r.Name == "" || names[r.Name] {
			fail("route %q: needs a unique name", r.Name)
		}
		names[r.Name] = true
		if !methods[r.Method] {
			fail("route %q: method %q is not one of GET, HEAD, POST, PUT, PATCH, DELETE", r.Name, r.Method)
		}
		var prefix string
		for _, u := range raw.Upstreams {
			if u.Name == r.Upstream {
				prefix = u.Prefix
			}
		}
		if prefix == "" {
			fail("route %q: upstream %q is not in upstreams", r.Name, r.Upstream)
		} else if !strings.HasPrefix(r.Path, prefix+"/") {
			// So every other path under a prefix stays a 404 and web never shares a path with a route.
			fail("route %q: path %q must lie under its upstream's prefix %s/", r.Name, r.Path, prefix)
		}
		var err error
		if r.pattern, err = parsePattern(r.Path); err != nil {
			fail("route %q: path %v", r.Name, err)
		}
		if r.upstreamPath, err = parsePattern(r.UpstreamPath); err != nil {
			fail("route %q: upstreamPath %v", r.Name, err)
		} else if r.upstreamPath.hasID() && !r.pattern.hasID() {
			fail("route %q: upstreamPath %q uses {id} but path %q has none", r.Name, r.UpstreamPath, r.Path)
		}
		if key := r.Method + " " + r.Path; seen[key] {
			fail("route %q: %s is listed twice", r.Name, key)
		} else {
			seen[key] = true
		}
		switch {
		case r.Create && r.Method != "POST":
			fail("route %q: create is for POST routes only", r.Name)
		case r.Create && r.MaxBodyBytes != 0:
			fail("route %q: a create route's body cap is GATEWAY_MAX_CREATE_BODY_BYTES, not maxBodyBytes", r.Name)
		case r.MaxBodyBytes < 0 || r.MaxBodyBytes > maxRouteBody:
			fail("route %q: maxBodyBytes must be 0-%d", r.Name, maxRouteBody)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &Table{Upstreams: raw.Upstreams, routes: raw.Routes}, nil
}

// pattern is a path split into segments; "{id}" is the one placeholder.
type pattern []string

const idSegment = "{id}"

func parsePattern(path string) (pattern, error) {
	if !strings.HasPrefix(path, "/") || path == "/" {
		return nil, fmt.Errorf("%q must start with / and name at least one segment", path)
	}
	segments := strings.Split(path[1:], "/")
	ids := 0
	for _, s := range segments {
		switch {
		case s == idSegment:
			ids++
		case s == "." || s == ".." || !literalSegment.MatchString(s):
			return nil, fmt.Errorf("%q: segment %q is not a plain literal or {id}", path, s)
		}
	}
	if ids > 1 {
		return nil, fmt.Errorf("%q: at most one {id}", path)
	}
	return segments, nil
}

func (p pattern) hasID() bool {
	for _, s := range p {
		if s == idSegment {
			return true
		}
	}
	return false
}

// match compares whole segments; {id} takes one ValidID segment.
func (p pattern) match(path string) (id string, ok bool) {
	if !strings.HasPrefix(path, "/") {
		return "", false
	}
	segments := strings.Split(path[1:], "/")
	if len(segments) != len(p) {
		return "", false
	}
	for i, s := range p {
		if s == idSegment {
			if !ValidID(segments[i]) {
				return "", false
			}
			id = segments[i]
		} else if segments[i] != s {
			return "", false
		}
	}
	return id, true
}

func (p pattern) build(id string) string {
	out := make([]string, len(p))
	for i, s := range p {
		if s == idSegment {
			s = id
		}
		out[i] = s
	}
	return "/" + strings.Join(out, "/")
}
