package migrations_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// What the ownership test reads of Go source: every string a package's code
// spells out (literals, and their concatenations with its constants
// resolved), searched for the tables and views it names, and whether it
// writes or only reads each.

// reference is one table or view named by a package's code.
type reference struct {
	table string
	write bool
	line  int
	why   string // for a finding: the statement's words around it
}

// dynamic stands for a part of a string that is not known until run time.
const dynamic = "\x00"

// piece is part of a string and the source line it starts on.
type piece struct {
	text string
	line int
}

// scanFile returns the references in one Go file, given the string
// constants and variables of its package (see packageStrings).
func scanFile(fset *token.FileSet, f *ast.File, known map[string]bool, consts map[string]string) []reference {
	var refs []reference
	consumed := map[ast.Node]bool{}
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		parent := ast.Node(nil)
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if p, ok := parent.(*ast.BinaryExpr); n.Op != token.ADD || ok && p.Op == token.ADD {
				return true
			}
			refs = append(refs, scanString(flatten(fset, n, consts, consumed), known)...)
		case *ast.BasicLit:
			if n.Kind == token.STRING && !consumed[n] {
				refs = append(refs, scanString(flatten(fset, n, consts, consumed), known)...)
			}
		case *ast.CompositeLit:
			refs = append(refs, identifierTables(fset, n, known)...)
		}
		return true
	})
	return refs
}

// identifierTables finds pgx.Identifier{"table"}: a table named for
// CopyFrom or Sanitize, written or read, counted as written.
func identifierTables(fset *token.FileSet, lit *ast.CompositeLit, known map[string]bool) []reference {
	sel, ok := lit.Type.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Identifier" {
		return nil
	}
	var refs []reference
	for _, e := range lit.Elts {
		if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
			if s, err := strconv.Unquote(b.Value); err == nil && known[s] {
				refs = append(refs, reference{table: s, write: true, line: fset.Position(b.Pos()).Line, why: "pgx.Identifier"})
			}
		}
	}
	return refs
}

// flatten spells out a string expression: literals, constants and
// variables of the package (see packageStrings) as written, anything else
// as dynamic. It marks the literals it used.
func flatten(fset *token.FileSet, e ast.Expr, consts map[string]string, consumed map[ast.Node]bool) []piece {
	line := fset.Position(e.Pos()).Line
	switch e := e.(type) {
	case *ast.BasicLit:
		consumed[e] = true
		if e.Kind == token.STRING {
			if s, err := strconv.Unquote(e.Value); err == nil {
				return []piece{{s, line}}
			}
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return append(flatten(fset, e.X, consts, consumed), flatten(fset, e.Y, consts, consumed)...)
		}
	case *ast.ParenExpr:
		return flatten(fset, e.X, consts, consumed)
	case *ast.Ident:
		if s, ok := consts[e.Name]; ok {
			return []piece{{s, line}}
		}
	}
	return []piece{{dynamic, line}}
}

// packageStrings are the values of a package's string constants and
// variables, however they are declared, so that a statement assembled from
// them reads whole. A part known only at run time stays dynamic.
func packageStrings(files []*ast.File) map[string]string {
	values := map[string]string{}
	exprs := map[string]ast.Expr{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if spec, ok := n.(*ast.ValueSpec); ok {
				for i, name := range spec.Names {
					if i < len(spec.Values) {
						exprs[name.Name] = spec.Values[i]
					}
				}
			}
			return true
		})
	}
	fset := token.NewFileSet()
	for range 8 { // constants made of constants, a few levels deep
		for name, e := range exprs {
			var b strings.Builder
			for _, p := range flatten(fset, e, values, map[ast.Node]bool{}) {
				b.WriteString(p.text)
			}
			if s := b.String(); s != dynamic {
				values[name] = s
			}
		}
	}
	return values
}

// parseGo parses one Go file.
func parseGo(fset *token.FileSet, name string, src []byte) (*ast.File, error) {
	return parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
}

var (
	// statement says a string is SQL rather than prose (an error message
	// may say "update %s"): the shape of a statement or of a clause.
	statement = regexp.MustCompile(`(?is)\bselect\b.*\b(from|join)\b|\b(insert|merge)\s+into\b|\bdelete\s+from\b|` +
		`\bupdate\s+(only\s+)?(\w+\s+\.\s+)?\S+\s+((as\s+)?\w+\s+)?set\b|\btruncate\b|\bcopy\s+\S+\s+(from|to)\b|` +
		`\b(alter|drop|create|lock)\s+(\w+\s+)*(table|view)\b|\bwith\s+(recursive\s+)?\w+\s+as\s+(not\s+)?(materialized\s+)?\(`)
	// writeVerbs are the statements that change a table's rows, and the
	// words that may stand between the verb and the table.
	writeVerbs = map[string][]string{
		"insert": {"into"}, "merge": {"into"}, "update": nil, "delete": {"from"}, "truncate": {"table"},
		"copy": nil, "alter": {"table", "view"}, "drop": {"table", "view", "if", "exists"}, "lock": {"table"},
		"create": {"or", "replace", "unlogged", "temporary", "temp", "table", "view", "materialized", "if", "not", "exists"},
	}
)

// scanString finds the tables and views a string names, if it is SQL.
// Every mention of one counts, not only those after FROM or JOIN (a
// comma-separated FROM list, a subquery, a qualified column): a mention
// is a read unless a write verb names it as its target.
func scanString(pieces []piece, known map[string]bool) []reference {
	var whole strings.Builder
	starts := make([]int, len(pieces))
	for i, p := range pieces {
		starts[i] = whole.Len()
		whole.WriteString(p.text)
	}
	toks := tokens(whole.String())
	if !isSQL(toks, known) {
		return bareTableName(pieces, known)
	}
	lineAt := func(offset int) int {
		i, _ := slices.BinarySearch(starts, offset+1)
		i = max(0, i-1)
		return pieces[i].line + strings.Count(whole.String()[starts[i]:offset], "\n")
	}
	targets := writeTargets(toks)
	var refs []reference
	for i, t := range toks {
		switch {
		case targets[i] && (t.text == dynamic || t.text == "%"):
			refs = append(refs, reference{table: dynamic, write: true, line: lineAt(t.at), why: around(toks, i)})
		case !known[t.text]:
		case i > 0 && toks[i-1].text == "." && (i < 2 || toks[i-2].text != "public"):
			// a column of that name, not the table
		default:
			refs = append(refs, reference{table: t.text, write: targets[i], line: lineAt(t.at), why: around(toks, i)})
		}
	}
	return refs
}

// writeTargets marks the tokens that a write verb writes: the verb, its
// own words (INTO, TABLE, ONLY, a schema), then the table; for TRUNCATE
// and LOCK, each table of the list.
func writeTargets(toks []tok) map[int]bool {
	targets := map[int]bool{}
	for v, t := range toks {
		filler, ok := writeVerbs[t.text]
		if !ok || t.text == "update" && v > 0 && slices.Contains([]string{"for", "do", "key"}, toks[v-1].text) {
			continue // FOR [NO KEY] UPDATE and ON CONFLICT DO UPDATE name no table
		}
		i := v + 1
		for {
			for i < len(toks) && (toks[i].text == "only" || slices.Contains(filler, toks[i].text)) {
				i++
			}
			if i+1 < len(toks) && toks[i].text == "public" && toks[i+1].text == "." {
				i += 2
			}
			if i >= len(toks) {
				break
			}
			targets[i] = true
			if (t.text != "truncate" && t.text != "lock") || i+1 >= len(toks) || toks[i+1].text != "," {
				break
			}
			i += 2
		}
	}
	return targets
}

// isSQL says whether a string is a statement (or part of one) rather
// than prose: it is shaped like one, or names a known table after FROM,
// JOIN or INTO.
func isSQL(toks []tok, known map[string]bool) bool {
	words := make([]string, len(toks)) // without comments, unquoted
	for i, t := range toks {
		words[i] = strings.ReplaceAll(t.text, dynamic, "_run_time_")
	}
	if statement.MatchString(strings.Join(words, " ")) {
		return true
	}
	for i, t := range toks {
		if (t.text == "from" || t.text == "join" || t.text == "into") && i+1 < len(toks) && known[toks[i+1].text] {
			return true
		}
	}
	return false
}

// bareTableName finds a string that is nothing but a table's name: one
// that a statement would be built around at run time.
func bareTableName(pieces []piece, known map[string]bool) []reference {
	if len(pieces) != 1 || !known[strings.TrimSpace(pieces[0].text)] {
		return nil
	}
	return []reference{{table: strings.TrimSpace(pieces[0].text), write: true, line: pieces[0].line, why: "a table's name alone"}}
}

// around is the statement's words around toks[i], for a finding.
func around(toks []tok, i int) string {
	var words []string
	for _, t := range toks[max(0, i-4):min(len(toks), i+3)] {
		words = append(words, strings.ReplaceAll(t.text, dynamic, "…"))
	}
	return strings.Join(words, " ")
}

// tok is a word of SQL, lower-cased (a quoted identifier unquoted), or a
// punctuation mark, and where it starts.
type tok struct {
	text string
	at   int
}

// tokens splits SQL into words, leaving out comments; the words inside
// a quoted string are kept, as format() or EXECUTE may run them.
func tokens(s string) []tok {
	var out []tok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case strings.HasPrefix(s[i:], "--"):
			if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(s)
			}
		case strings.HasPrefix(s[i:], "/*"):
			if j := strings.Index(s[i+2:], "*/"); j >= 0 {
				i += j + 4
			} else {
				i = len(s)
			}
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				j = len(s) - i - 1
			}
			out = append(out, tok{strings.ToLower(s[i+1 : i+1+j]), i})
			i += j + 2
		case c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			j := i
			for j < len(s) && (s[j] == '_' || s[j] == '$' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			out = append(out, tok{strings.ToLower(s[i:j]), i})
			i = j
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\'':
			i++
		default:
			out = append(out, tok{string(c), i})
			i++
		}
	}
	return out
}
