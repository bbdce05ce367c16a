// Package api embeds the API contract, api/openapi.yaml, which the server
// serves and the API tests validate every request and response against.
package api

import _ "embed"

// OpenAPI is the OpenAPI 3.0.3 document of the whole HTTP API.
//
//go:embed openapi.yaml
var OpenAPI []byte
