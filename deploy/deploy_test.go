// Package deploy_test keeps the deployment files in this folder consistent
// with the code. No container engine or systemd runs the tests, so the files
// are read and checked against the options declared in internal/config and
// the server command in cmd/server: renaming an option, changing the default
// port or moving the main package fails here, naming the file and line to fix.
package deploy_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"plenary/internal/config"
)

const serverPackage = "./cmd/server" // relative to the repository root, the build context

// runtimeEnv lists variables read by the Go runtime or libc conventions, not
// by internal/config; the deployment files may set them.
var runtimeEnv = map[string]bool{
	"GOMEMLIMIT": true, "GOMAXPROCS": true, "GOGC": true, "GODEBUG": true,
	"GOTRACEBACK": true, "TZ": true, "SSL_CERT_FILE": true, "SSL_CERT_DIR": true,
}

// TestEnvironment checks every variable the deployment files set: it must be
// a declared option, take the default port if it is HTTP_ADDR, and the whole
// set must load through config.Load.
func TestEnvironment(t *testing.T) {
	files := []struct {
		file      string
		vars      func(*testing.T) []envVar
		noSecrets bool // the file is world-readable
	}{
		{"deploy/Dockerfile", func(t *testing.T) []envVar { return readDockerfile(t).final.env() }, false},
		{"deploy/compose.yaml", func(t *testing.T) []envVar { return readCompose(t).Services["server"].Environment }, false},
		{"deploy/plenary.service", unitEnvironment, true},
	}
	port := defaultPort(t)
	for _, f := range files {
		t.Run(filepath.Base(f.file), func(t *testing.T) {
			env := map[string]string{}
			for _, v := range f.vars(t) {
				env[v.name] = v.value
				opt, declared := config.Lookup(v.name)
				switch {
				case !declared && !runtimeEnv[v.name]:
					t.Errorf("%s:%d: sets %s, which is not an option declared in internal/config", f.file, v.line, v.name)
				case f.noSecrets && opt.Secret:
					t.Errorf("%s:%d: sets secret option %s; put it in the EnvironmentFile instead", f.file, v.line, v.name)
				case v.name == "HTTP_ADDR" && portOf(v.value) != port:
					t.Errorf("%s:%d: HTTP_ADDR=%s listens on port %q, want %s (the HTTP_ADDR default in internal/config)", f.file, v.line, v.value, portOf(v.value), port)
				}
			}
			fs := flag.NewFlagSet("deploy-test", flag.ContinueOnError)
			values := config.Flags(fs)
			if _, err := config.Load(fs, values, func(k string) string { return env[k] }); err != nil {
				t.Errorf("%s: internal/config rejects its environment: %v", f.file, err)
			}
		})
	}
}

func TestDockerfile(t *testing.T) {
	df := readDockerfile(t)
	final, build, run := df.final, df.build, df.goBuild
	if build == final || build.image == final.image {
		t.Errorf("deploy/Dockerfile:%d: the final stage is FROM %s, like the go build stage (line %d); want a separate runtime base", final.from, final.image, build.from)
	}
	words := strings.Fields(run.value)
	if !slices.Contains(words, serverPackage) {
		t.Errorf("deploy/Dockerfile:%d: go build does not build %s", run.line, serverPackage)
	}
	cgoOff := func(v envVar) bool { return v.name == "CGO_ENABLED" && v.value == "0" }
	if !slices.Contains(words, "CGO_ENABLED=0") && !slices.ContainsFunc(build.env(), cgoOff) {
		t.Errorf("deploy/Dockerfile:%d: go build runs without CGO_ENABLED=0; the runtime image needs a static binary", run.line)
	}
	commands := serverCommands(t) // also fails unless the package exists and is package main

	// The final stage's last instruction of each kind must be what want says.
	port := defaultPort(t)
	checks := []struct {
		cmd, want string
		ok        func(args string) bool
	}{
		{"EXPOSE", "port " + port + ", the HTTP_ADDR default in internal/config", func(args string) bool {
			return slices.Contains(strings.Fields(strings.ReplaceAll(args, "/tcp", "")), port)
		}},
		{"USER", "a non-root user", func(args string) bool {
			user, _, _ := strings.Cut(args, ":")
			return user != "root" && user != "0"
		}},
		{"ENTRYPOINT", "the JSON (exec) form: the runtime image has no shell", func(args string) bool {
			return len(execForm(args)) > 0
		}},
		{"CMD", fmt.Sprintf("the JSON form, naming a subcommand %q", slices.Sorted(maps.Keys(commands))), func(args string) bool {
			argv := execForm(args)
			return len(argv) > 0 && commands[argv[0]]
		}},
	}
	for _, c := range checks {
		if in, found := final.last(c.cmd); !found && c.cmd != "CMD" { // CMD is optional
			t.Errorf("deploy/Dockerfile:%d: the final stage (FROM %s) has no %s; want %s", final.from, final.image, c.cmd, c.want)
		} else if found && !c.ok(in.value) {
			t.Errorf("deploy/Dockerfile:%d: %s %s; want %s", in.line, c.cmd, in.value, c.want)
		}
	}
}

// execForm returns the argv of a JSON-form (exec form) ENTRYPOINT or CMD, or
// nil for the shell form.
func execForm(args string) []string {
	var argv []string
	if json.Unmarshal([]byte(args), &argv) != nil {
		return nil
	}
	return argv
}

func TestCompose(t *testing.T) {
	cf := readCompose(t)
	db, server := cf.Services["db"], cf.Services["server"]

	t.Run("db", func(t *testing.T) {
		if db.Image != "postgres:16" {
			t.Errorf("deploy/compose.yaml: db image is %q, want postgres:16", db.Image)
		}
		i := slices.IndexFunc(db.Volumes, func(v string) bool { return strings.Contains(v, ":/var/lib/postgresql/data") })
		if i < 0 {
			t.Fatalf("deploy/compose.yaml: db mounts no volume on /var/lib/postgresql/data (volumes: %q)", db.Volumes)
		}
		name, _, _ := strings.Cut(db.Volumes[i], ":")
		if _, declared := cf.Volumes[name]; !declared && strings.IndexAny(name, "./~$") != 0 {
			t.Errorf("deploy/compose.yaml: db volume %q is not declared under the top-level volumes:", name)
		}
	})

	t.Run("server port", func(t *testing.T) {
		port := defaultPort(t)
		if !slices.ContainsFunc(server.Ports, func(p string) bool {
			mapping, _, _ := strings.Cut(p, "/")
			return strings.Contains(mapping, ":") && mapping[strings.LastIndex(mapping, ":")+1:] == port
		}) {
			t.Errorf("deploy/compose.yaml: server ports %q publish no host port to container port %s (the HTTP_ADDR default in internal/config)", server.Ports, port)
		}
	})

	t.Run("DATABASE_URL", func(t *testing.T) {
		i := slices.IndexFunc(server.Environment, func(v envVar) bool { return v.name == "DATABASE_URL" })
		if i < 0 {
			t.Fatalf("deploy/compose.yaml: server sets no DATABASE_URL; the image has no embedded cluster")
		}
		v := server.Environment[i]
		if u, err := url.Parse(v.value); err != nil || u.Hostname() != "db" {
			t.Errorf("deploy/compose.yaml:%d: DATABASE_URL %q: want the db service as its host", v.line, v.value)
		}
	})
}

func TestSystemdUnit(t *testing.T) {
	execStart := slices.DeleteFunc(unitService(t), func(s entry) bool { return s.key != "ExecStart" })
	if len(execStart) != 1 {
		t.Fatalf("deploy/plenary.service: %d ExecStart= lines, want one", len(execStart))
	}
	s := execStart[0]
	argv := append(strings.Fields(strings.TrimLeft(s.value, "@-:+!|")), "", "")
	if commands := serverCommands(t); !filepath.IsAbs(argv[0]) || !commands[argv[1]] {
		t.Errorf("deploy/plenary.service:%d: ExecStart=%s, want the server's absolute path and one of its subcommands %q", s.line, s.value, slices.Sorted(maps.Keys(commands)))
	}
}

// ---- config and cmd/server --------------------------------------------------

func defaultPort(t *testing.T) string {
	t.Helper()
	o, ok := config.Lookup("HTTP_ADDR")
	if !ok || portOf(o.Default) == "" {
		t.Fatalf("internal/config: no HTTP_ADDR option with a host:port default")
	}
	return portOf(o.Default)
}

// portOf returns the port of a host:port address, or "" if it has none.
func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}

// serverCommands parses the server's main package and returns the keys of
// its `commands` map, the subcommands it dispatches.
func serverCommands(t *testing.T) map[string]bool {
	t.Helper()
	dir := filepath.Join("..", filepath.FromSlash(serverPackage))
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	names := map[string]bool{}
	for _, path := range slices.DeleteFunc(files, func(p string) bool { return strings.HasSuffix(p, "_test.go") }) {
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil || f.Name.Name != "main" {
			t.Fatalf("%s: want package main, which deploy/Dockerfile builds as the server (%v)", path, err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Names[0].Name != "commands" {
				return true
			}
			ast.Inspect(vs, func(n ast.Node) bool { // string keys of the map literal
				if kv, ok := n.(*ast.KeyValueExpr); ok {
					if key, ok := kv.Key.(*ast.BasicLit); ok && key.Kind == token.STRING {
						name, _ := strconv.Unquote(key.Value)
						names[name] = true
					}
				}
				return true
			})
			return false
		})
	}
	if len(names) == 0 {
		t.Fatalf("%s: no Go files with a `var commands = map[string]command{...}` of subcommands", dir)
	}
	return names
}

// ---- file readers -----------------------------------------------------------

type envVar struct {
	name, value string
	line        int
}

// entry is one logical line of the Dockerfile (an instruction and its
// arguments) or of the unit file (a Key=value setting or a [Section]).
type entry struct {
	line       int // where it starts
	key, value string
}

// readEntries reads name, skipping blank lines and lines starting with one of
// the comment characters, joining backslash continuations, and splitting each
// logical line at the first sep.
func readEntries(t *testing.T, name, comment, sep string) []entry {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var entries []entry
	continued := false
	for i, raw := range strings.Split(string(src), "\n") {
		s := strings.TrimSpace(raw)
		if s == "" || strings.ContainsRune(comment, rune(s[0])) {
			continue
		}
		body, more := strings.CutSuffix(s, `\`)
		if continued {
			entries[len(entries)-1].value += " " + body
		} else {
			entries = append(entries, entry{line: i + 1, value: body})
		}
		continued = more
	}
	for i, e := range entries {
		key, value, _ := strings.Cut(e.value, sep)
		entries[i].key, entries[i].value = strings.TrimSpace(key), strings.TrimSpace(value)
	}
	return entries
}

type stage struct {
	from   int // line of FROM
	image  string
	instrs []entry // keys in upper case
}

type dockerfile struct {
	final   *stage // the runtime image
	build   *stage // the stage that runs go build
	goBuild entry  // the RUN running it
}

func readDockerfile(t *testing.T) dockerfile {
	t.Helper()
	var df dockerfile
	for _, in := range readEntries(t, "Dockerfile", "#", " ") {
		in.key = strings.ToUpper(in.key)
		switch {
		case in.key == "FROM":
			words := slices.DeleteFunc(strings.Fields(in.value), func(w string) bool { return strings.HasPrefix(w, "--") })
			df.final = &stage{from: in.line, image: words[0]}
		case df.final != nil: // ARGs before the first FROM belong to no stage
			df.final.instrs = append(df.final.instrs, in)
			if in.key == "RUN" && strings.Contains(in.value, "go build") {
				df.build, df.goBuild = df.final, in
			}
		}
	}
	if df.build == nil {
		t.Fatalf("deploy/Dockerfile: no stage runs go build")
	}
	return df
}

// last returns the stage's last instruction cmd.
func (s *stage) last(cmd string) (entry, bool) {
	for _, in := range slices.Backward(s.instrs) {
		if in.key == cmd {
			return in, true
		}
	}
	return entry{}, false
}

// env returns the variables set by the stage's ENV NAME=value... instructions.
func (s *stage) env() []envVar {
	var vars []envVar
	for _, in := range s.instrs {
		for _, w := range strings.Fields(in.value) {
			if in.key == "ENV" {
				name, value, _ := strings.Cut(w, "=")
				vars = append(vars, envVar{name, strings.Trim(value, `"'`), in.line})
			}
		}
	}
	return vars
}

type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image       string      `yaml:"image"`
	Environment environment `yaml:"environment"`
	Ports       []string    `yaml:"ports"`
	Volumes     []string    `yaml:"volumes"`
}

// environment is a service's environment, written as a mapping or as a list
// of NAME=value strings.
type environment []envVar

func (e *environment) UnmarshalYAML(n *yaml.Node) error {
	for i, item := range n.Content {
		switch {
		case n.Kind == yaml.SequenceNode:
			name, value, _ := strings.Cut(item.Value, "=")
			*e = append(*e, envVar{name, value, item.Line})
		case n.Kind == yaml.MappingNode && i%2 == 0:
			*e = append(*e, envVar{item.Value, n.Content[i+1].Value, item.Line})
		}
	}
	return nil
}

func readCompose(t *testing.T) composeFile {
	t.Helper()
	src, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cf composeFile
	if err := yaml.Unmarshal(src, &cf); err != nil {
		t.Fatalf("deploy/compose.yaml: %v", err)
	}
	for _, name := range []string{"db", "server"} {
		if _, ok := cf.Services[name]; !ok {
			t.Fatalf("deploy/compose.yaml: no %s service", name)
		}
	}
	return cf
}

// unitService returns the settings of the unit's [Service] section.
func unitService(t *testing.T) []entry {
	t.Helper()
	var settings []entry
	section := ""
	for _, e := range readEntries(t, "plenary.service", "#;", "=") {
		if strings.HasPrefix(e.key, "[") {
			section = e.key
		} else if section == "[Service]" {
			settings = append(settings, e)
		}
	}
	return settings
}

// unitEnvironment returns the variables set by Environment= settings, each
// holding one or more NAME=value words.
func unitEnvironment(t *testing.T) []envVar {
	t.Helper()
	var vars []envVar
	for _, s := range unitService(t) {
		for _, w := range strings.Fields(s.value) {
			if s.key == "Environment" {
				name, value, _ := strings.Cut(strings.Trim(w, `"`), "=")
				vars = append(vars, envVar{name, value, s.line})
			}
		}
	}
	return vars
}
