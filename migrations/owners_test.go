package migrations_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// owners names the package that owns each table and view the migrations
// make. Only the owner's code writes a table or view; another package
// reads the owner's tables through its views (or asks it in Go). A new
// table goes here with its owner, or TestEveryTableHasOneOwner fails.
var owners = map[string]string{
	"users": accounts, "sessions": accounts, "setup_tokens": accounts,

	"events": events, "people": events, "event_speakers": events, "organisations": events,
	"event_partners": events, "agenda_items": events,
	"event_schedule": events, // the view payments reads an event's title and start through

	"registrations": registrations, "seats": registrations, "registration_settings": registrations,
	"form_questions": registrations, "partner_consents": registrations,
	"registration_contacts":     registrations, // the view mail reads registrants through
	"registration_participants": registrations, // the view live reads registrants through
	"registration_purchases":    registrations, // the view payments reads buyers through

	"live_settings": live, "live_presence": live, "live_attendance": live, "live_questions": live,
	"live_question_votes": live, "live_blocks": live, "live_polls": live, "live_poll_options": live,
	"live_poll_ballots": live, "live_poll_choices": live, "live_changes": live,

	"outbox": mail, "outbox_forms": mail, "outbox_content": mail, "broadcasts": mail, "mail_settings": mail,
	"mail_suppressions": mail, "mail_unsubscribes": mail,

	"media_recordings": media, "media_uploads": media, "media_segments": media, "media_captions": media,
	"media_transcript_lines": media, "media_writeups": media, "media_replay_views": media, "media_replay_segment_views": media,
	"media_published_recordings": media, // the view mail reads published recordings through
	"comments":                   comments, "comment_settings": comments, "comment_addresses": comments,
	"ticket_types": payments, "promo_codes": payments, "promo_code_ticket_types": payments,
	"payments": payments, "stripe_events": payments, "payment_settings": payments,
	"seller_settings": receipts, "document_series": receipts, "documents": receipts,
	"server_keys": "internal/token",

	// Written by libraries, through their own code: no SQL of ours writes them.
	"schema_migrations": "golang-migrate (library)",
	"river_job":         river, "river_leader": river, "river_migration": river, "river_queue": river, "river_notification": river,
}

const (
	accounts      = "internal/accounts"
	events        = "internal/events"
	registrations = "internal/registrations"
	mail          = "internal/mail"
	live          = "internal/live"
	media         = "internal/media"
	comments      = "internal/comments"
	payments      = "internal/payments"
	receipts      = "internal/payments/receipts"
	river         = "River (library)"
)

// readsWithoutView are the reads of another owner's base table that
// remain, by package, each with what it reads. They predate the rule;
// the events domain has no views yet. A read that is not listed fails,
// and so does a listed one that no longer happens, so the list only
// shrinks.
var readsWithoutView = map[string][]string{
	// The event's title, time, status and sequence for messages and jobs,
	// its updated_at to know when a cached event is stale.
	mail: {"events"},
	// Capacity and the event's row lock for seats; the knowledge partners
	// a registrant may consent to, and their names.
	registrations: {"events", "event_partners", "organisations"},
}

// testSupport are packages that only tests and bench/ import: like _test.go
// files, they make fixtures in any table. TestTablesAreWrittenOnlyByTheirOwner
// checks that nothing else imports them.
var testSupport = []string{"internal/apitest", "internal/postgres/pgtest", "internal/mail/mailtest"}

// relations are the tables and views of a migrated database: true for a view.
func relations(t *testing.T) map[string]bool {
	t.Helper()
	rows, _ := pgtest.New(t).Query(context.Background(), `
		SELECT c.relname, c.relkind IN ('v', 'm') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`)
	out := map[string]bool{}
	var name string
	var view bool
	if _, err := pgx.ForEachRow(rows, []any{&name, &view}, func() error { out[name] = view; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEveryTableHasOneOwner(t *testing.T) {
	rels := relations(t)
	for name := range rels {
		if owners[name] == "" {
			t.Errorf("table or view %s has no owner: add it to owners in migrations/owners_test.go", name)
		}
	}
	for name := range owners {
		if _, ok := rels[name]; !ok {
			t.Errorf("owners names %s, which the migrations do not make", name)
		}
	}
	// A view is its owner's way of showing its own tables: one over
	// another owner's table would show what that owner has not chosen to.
	rows, _ := pgtest.New(t).Query(context.Background(), `
		SELECT view_name::text, table_name::text FROM information_schema.view_table_usage WHERE view_schema = 'public'`)
	var view, table string
	if _, err := pgx.ForEachRow(rows, []any{&view, &table}, func() error {
		if owners[view] != owners[table] {
			t.Errorf("view %s (of %s) reads %s, which %s owns", view, owners[view], table, owners[table])
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// A package's code (not its tests) writes only the tables and views it
// owns, in any statement (a CTE, a TRUNCATE list, a table named by
// pgx.Identifier or built at run time), and reads another owner's data
// only through its views.
func TestTablesAreWrittenOnlyByTheirOwner(t *testing.T) {
	rels := relations(t)
	known := map[string]bool{}
	for name := range rels {
		known[name] = true
	}
	pkgs, err := goPackages("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings(pkgs, rels, known) {
		t.Error(f)
	}
}

// goPackage is a folder's non-test Go files, parsed.
type goPackage struct {
	dir     string // from the module's root, e.g. internal/mail
	files   []*ast.File
	fset    *token.FileSet
	imports map[string]string // import path → a file that imports it
}

// goPackages parses every package of the module under root, leaving out
// other modules (tools/), web/ and hidden folders.
func goPackages(root string) (map[string]*goPackage, error) {
	pkgs := map[string]*goPackage{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			_, modErr := os.Stat(filepath.Join(path, "go.mod"))
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || rel == "web" || modErr == nil) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		p := pkgs[dir]
		if p == nil {
			p = &goPackage{dir: dir, fset: token.NewFileSet(), imports: map[string]string{}}
			pkgs[dir] = p
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parseGo(p.fset, filepath.ToSlash(rel), src)
		if err != nil {
			return err
		}
		p.files = append(p.files, f)
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			p.imports[path] = filepath.ToSlash(rel)
		}
		return nil
	})
	return pkgs, err
}

// findings are the ownership rule's breaches in pkgs, each naming its
// file and line.
func findings(pkgs map[string]*goPackage, rels, known map[string]bool) []string {
	var out []string
	for _, p := range pkgs {
		if support(p.dir) {
			continue
		}
		for path, file := range p.imports {
			if dir, ok := strings.CutPrefix(path, "plenary/"); ok && support(dir) {
				out = append(out, fmt.Sprintf("%s imports %s, which makes test fixtures in any table: only tests and bench/ may", file, dir))
			}
		}
		consts := packageStrings(p.files)
		readsUsed := map[string]bool{}
		seen := map[string]bool{}
		for _, f := range p.files {
			name := p.fset.Position(f.Pos()).Filename
			for _, r := range scanFile(p.fset, f, known, consts) {
				msg := breach(p.dir, r, rels, readsUsed)
				at := fmt.Sprintf("%s:%d: %s (%s)", name, r.line, msg, r.why)
				if msg != "" && !seen[at] {
					seen[at] = true
					out = append(out, at)
				}
			}
		}
		for _, table := range readsWithoutView[p.dir] {
			if !readsUsed[table] {
				out = append(out, fmt.Sprintf("%s no longer reads %s: remove it from readsWithoutView", p.dir, table))
			}
		}
	}
	slices.Sort(out)
	return out
}

// breach says what is wrong with package dir's reference r, or "".
func breach(dir string, r reference, rels map[string]bool, readsUsed map[string]bool) string {
	owner := owners[r.table]
	switch {
	case r.table == dynamic:
		return "writes a table named at run time: write its name out, so its owner can be checked"
	case owner == dir:
		return ""
	case r.write:
		return fmt.Sprintf("writes %s, which %s owns", r.table, owner)
	case rels[r.table]: // another owner's view: the way to read it
		return ""
	case slices.Contains(readsWithoutView[dir], r.table):
		readsUsed[r.table] = true
		return ""
	}
	return fmt.Sprintf("reads %s, which %s owns, other than through a view of its owner", r.table, owner)
}

func support(dir string) bool {
	return slices.Contains(testSupport, dir) || dir == "bench" || strings.HasPrefix(dir, "bench/")
}

// The scan finds a write or a read however the statement is spelled, and
// leaves alone what only looks like one.
func TestTheOwnershipScanSeesThroughDisguises(t *testing.T) {
	rels := map[string]bool{"registrations": false, "outbox": false, "registration_contacts": true, "events": false}
	known := map[string]bool{"registrations": true, "outbox": true, "registration_contacts": true, "events": true}
	caught := map[string]string{
		"lower case":         `q := "update registrations set status = 'x'"`,
		"a comment between":  `q := "UPDATE /* nothing to see */ registrations SET status = 'x'"`,
		"a line comment":     "q := `UPDATE -- nothing\n registrations SET status = 'x'`",
		"quoted":             `q := "UPDATE \"Registrations\" SET status = 'x'"`,
		"a schema":           `q := "UPDATE public.registrations SET status = 'x'"`,
		"ONLY and alias":     `q := "DELETE FROM ONLY registrations r WHERE r.id = $1"`,
		"in a CTE":           `q := "WITH gone AS (DELETE FROM registrations WHERE id = $1 RETURNING id) SELECT count(*) FROM gone"`,
		"an INSERT":          `q := "INSERT INTO registrations (id) VALUES ($1)"`,
		"a MERGE":            `q := "MERGE INTO registrations r USING outbox o ON o.registration_id = r.id WHEN MATCHED THEN DELETE"`,
		"a TRUNCATE list":    `q := "TRUNCATE outbox, registrations"`,
		"split constants":    "const verb = \"UPDATE \"\nconst table = \"regis\" + \"trations\"\nfunc f() { q := verb + table + ` SET status = 'x'`; _ = q }",
		"Sprintf":            `q := fmt.Sprintf("UPDATE %s SET status = 'x'", name)`,
		"a name at run time": `q := "DELETE FROM " + name + " WHERE id = $1"`,
		"pgx.Identifier":     `n := pgx.Identifier{"registrations"}`,
		"a name alone":       `name := "registrations"`,
		"a FROM list":        `q := "SELECT o.id FROM outbox o, registrations r WHERE r.id = o.registration_id"`,
		"a qualified read":   `q := "SELECT registrations.email FROM outbox JOIN registrations ON registrations.id = outbox.registration_id"`,
		"a subquery":         `q := "SELECT id FROM outbox WHERE registration_id IN (SELECT id FROM registrations)"`,
	}
	left := map[string]string{
		"FOR UPDATE":            `q := "SELECT id FROM outbox WHERE id = $1 FOR NO KEY UPDATE"`,
		"ON CONFLICT DO UPDATE": `q := "INSERT INTO outbox (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET id = excluded.id"`,
		"the owner's view":      `q := "SELECT email FROM registration_contacts WHERE id = $1"`,
		"an error message":      `err := fmt.Errorf("mail: update registrations of %s: %w", id, err)`,
		"a route":               `r := "/manage/events/:id/registrations/:rid/messages"`,
		"a listed read":         `q := "SELECT sequence FROM events WHERE id = $1"`,
		"a column's name":       `q := "SELECT o.registrations FROM outbox o"`,
	}
	for name, body := range caught {
		if got := scanSnippet(t, body, rels, known); len(got) == 0 {
			t.Errorf("%s: not caught:\n%s", name, body)
		}
	}
	for name, body := range left {
		if got := scanSnippet(t, body, rels, known); len(got) != 0 {
			t.Errorf("%s: caught, but breaks no rule: %q", name, got)
		}
	}
}

// scanSnippet runs the scan on a snippet of mail's code (a declaration,
// or statements that go in a function).
func scanSnippet(t *testing.T, body string, rels, known map[string]bool) []string {
	t.Helper()
	if !strings.HasPrefix(body, "const") {
		body = "func f() {\n" + body + "\n_ = 0\n}"
	}
	src := "package mail\n" + body + "\n"
	p := &goPackage{dir: mail, fset: token.NewFileSet(), imports: map[string]string{}}
	f, err := parseGo(p.fset, "snippet.go", []byte(src))
	if err != nil {
		t.Fatalf("%v in\n%s", err, src)
	}
	p.files = []*ast.File{f}
	saved := readsWithoutView[mail]
	defer func() { readsWithoutView[mail] = saved }()
	readsWithoutView[mail] = nil
	if strings.Contains(body, "FROM events") {
		readsWithoutView[mail] = []string{"events"}
	}
	return findings(map[string]*goPackage{mail: p}, rels, known)
}
