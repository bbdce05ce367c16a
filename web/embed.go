// Package web embeds the SPA into the server binary. `npm run build` writes
// it to dist/app (not committed); until it is built, the server serves
// dist/placeholder, a page saying how to build it, so `go build ./...`
// works without Node.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built SPA, or the placeholder when it is not built.
func Dist() fs.FS {
	for _, dir := range []string{"dist/app", "dist/placeholder"} {
		if sub, err := fs.Sub(dist, dir); err == nil {
			if _, err := fs.Stat(sub, "index.html"); err == nil {
				return sub
			}
		}
	}
	panic("web: neither dist/app nor dist/placeholder has index.html") // placeholder is committed
}
