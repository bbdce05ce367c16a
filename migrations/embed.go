// Package migrations embeds the numbered golang-migrate SQL files. Files are
// never edited after they land; every up has a down.
package migrations

import "embed"

// FS holds every *.up.sql and *.down.sql file of this folder.
//
//go:embed *.sql
var FS embed.FS
