// Package configtest is for the gateway's tests only: their environments name
// api, reports and web, while routes.json may list more upstreams (a generated
// service's). Each further upstream gets the api's URL, so the tests keep
// passing, unchanged, whatever the generators add to or remove from the table.
package configtest

import (
	"strings"

	"polystage/gateway/internal/routes"
)

// Getenv looks names up in env; a further table upstream's unset URL is env's GATEWAY_API_URL.
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
