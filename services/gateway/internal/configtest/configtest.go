// Package configtest is for the gateway's tests only. The routing, config and proxy tests run on
// a route table of their own, routes.json here (api and reports, as the tests name them), not on
// the shipped one, which the generators edit: the tests keep passing, unchanged, whatever
// `nx g @polystage/nx-docker:service` adds to the shipped table or `remove-service` takes out of
// it (reports included). The shipped table is checked on its own terms by the routes package's
// tests. Tests that start the whole binary read the shipped table; Getenv fills in its further
// upstreams' URLs.
package configtest

import (
	_ "embed"
	"strings"

	"polystage/gateway/internal/routes"
)

//go:embed routes.json
var tableJSON []byte

var table = mustParse(tableJSON)

func mustParse(data []byte) *routes.Table {
	t, err := routes.Parse(data)
	if err != nil {
		panic("configtest/routes.json: " + err.Error())
	}
	return t
}

// Table is the tests' route table: api (/api) and reports (/reports), as the shipped one first was.
func Table() *routes.Table { return table }

// TableJSON is Table's source, for tests that read the table on their own, not through Parse.
func TableJSON() []byte { return tableJSON }

// Getenv looks names up in env; an upstream of the shipped table the tests' environments do not
// name (a generated service's) gets env's GATEWAY_API_URL.
func Getenv(env map[string]string) func(string) string {
	further := map[string]bool{}
	for _, u := range routes.Default().Upstreams {
		if u.Name != routes.API && u.Name != routes.Reports {
			// config.EnvPrefix, spelled out: config's own tests use this package.
			further["GATEWAY_"+strings.ToUpper(strings.ReplaceAll(u.Name, "-", "_"))+"_URL"] = true
		}
	}
	return func(name string) string {
		if value, ok := env[name]; ok || !further[name] {
			return value
		}
		return env["GATEWAY_API_URL"]
	}
}
