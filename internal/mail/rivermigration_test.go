package mail

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// riverMigrations are River's schema versions as our migrations hold them.
// A file ends its transaction, and River's version 4 adds an enum value
// that later versions use, which PostgreSQL allows only once the value is
// committed: so version 4 ends a file.
var riverMigrations = []struct {
	name     string
	versions []int
}{
	{"0005_river_queue_1_to_4", []int{1, 2, 3, 4}},
	{"0006_river_queue_5_to_8", []int{5, 6, 7, 8}},
}

// River's schema is part of our migrations, so one migrate step brings the
// whole database up. This checks the committed files are the schema of the
// River version go.mod pins, and that they hold every version it has.
// After upgrading River, add the new versions to riverMigrations as a new
// migration and write it with
// PLENARY_WRITE_RIVER_MIGRATIONS=1 go test -run RiverSchema ./internal/mail/
func TestRiverSchemaMatchesThePinnedRiver(t *testing.T) {
	m, err := rivermigrate.New[pgx.Tx](riverpgxv5.New(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	all := m.AllVersions()
	var covered []int
	for _, f := range riverMigrations {
		covered = append(covered, f.versions...)
		up, down := riverSchema(all, f.versions)
		for file, want := range map[string]string{f.name + ".up.sql": up, f.name + ".down.sql": down} {
			path := "../../migrations/" + file
			if os.Getenv("PLENARY_WRITE_RIVER_MIGRATIONS") != "" {
				if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if got, err := os.ReadFile(path); err != nil || string(got) != want {
				t.Errorf("migrations/%s is not River's schema for versions %v (%v)", file, f.versions, err)
			}
		}
	}
	if len(covered) != len(all) {
		t.Errorf("River has %d schema versions; our migrations hold %v", len(all), covered)
	}
}

func riverSchema(all []rivermigrate.Migration, versions []int) (up, down string) {
	// River fills in a schema when it migrates; ours is the search_path's.
	plain := func(sql string) string {
		return strings.TrimSpace(strings.ReplaceAll(sql, "/* TEMPLATE: schema */", ""))
	}
	var u, d strings.Builder
	fmt.Fprintf(&u, "-- River's job queue schema, versions %d to %d, as its rivermigrate package\n"+
		"-- carries them (written by TestRiverSchemaMatchesThePinnedRiver).\n", versions[0], versions[len(versions)-1])
	fmt.Fprintf(&d, "-- River's job queue schema, versions %d to %d undone, newest first.\n", versions[0], versions[len(versions)-1])
	var recorded []string
	for _, v := range all {
		if slices.Contains(versions, v.Version) {
			fmt.Fprintf(&u, "\n-- River migration %d: %s\n%s\n", v.Version, v.Name, plain(v.SQLUp))
			recorded = append(recorded, fmt.Sprintf("('main', %d)", v.Version))
		}
	}
	// Recorded as River records them, so its own tools see them applied;
	// its table gains a line column in version 5.
	if versions[0] >= 5 {
		fmt.Fprintf(&u, "\nINSERT INTO river_migration (line, version) VALUES %s;\n", strings.Join(recorded, ", "))
	} else {
		fmt.Fprintf(&u, "\nINSERT INTO river_migration (version) VALUES %s;\n",
			strings.NewReplacer("'main', ", "").Replace(strings.Join(recorded, ", ")))
	}
	for _, v := range slices.Backward(all) {
		if slices.Contains(versions, v.Version) {
			fmt.Fprintf(&d, "\n-- River migration %d: %s\n%s\n", v.Version, v.Name, plain(v.SQLDown))
		}
	}
	return u.String(), d.String()
}
