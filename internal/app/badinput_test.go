package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"plenary/api"
	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/page"
	"plenary/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestNoInputCausesA5xx sends every class of malformed input to every API
// route the Echo router knows (so a route added later is covered without
// editing this test), signed in as an admin with the CSRF token, and
// expects a 4xx problem+json that api/openapi.yaml documents. Each route
// gets fresh records to aim at, so one route's writes cannot hide another
// route's answer.
func TestNoInputCausesA5xx(t *testing.T) {
	cfg := apitest.Config(t)
	cfg.RegistrationsPerMinute = 0
	env := apitest.NewWithConfig(t, cfg)
	admin := env.SignedIn(t, accounts.RoleAdmin)
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}

	routes := apiRoutes(env.App.Echo)
	sent := 0
	defer func() { t.Logf("%d malformed requests to %d routes", sent, len(routes)) }()
	if len(routes) < 40 {
		t.Fatalf("only %d API routes found in the router", len(routes))
	}
	for i, r := range routes {
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			op := operation(t, doc, r)
			fx := newTargets(t, env, admin, i)
			for j, tc := range badRequests(r, op, fx) {
				// A new client address each time, so that the login
				// and setup limits per IP never answer first.
				admin.From(fmt.Sprintf("127.1.%d.%d", i, 1+j%250))
				resp := admin.Do(t, tc.req)
				sent++
				if resp.Status < 400 || resp.Status >= 500 {
					t.Errorf("%s: %s %s answered %d, want 4xx; body %.300s", tc.name, tc.req.Method, tc.req.Path, resp.Status, resp.Body)
					continue
				}
				if tc.req.Method == http.MethodHead {
					continue // an answer to HEAD has no body to hold a problem
				}
				p := resp.Problem(t)
				if tc.field != "" && (resp.Status == http.StatusBadRequest || resp.Status == http.StatusUnprocessableEntity) {
					if _, ok := p.Errors[tc.field]; !ok {
						t.Errorf("%s: %s %s answered %d without naming %q: %s", tc.name, tc.req.Method, tc.req.Path, resp.Status, tc.field, resp.Body)
					}
				}
			}
		})
	}
}

// apiRoutes lists the router's API routes, sorted so that runs compare.
func apiRoutes(e *echo.Echo) []*echo.Route {
	var out []*echo.Route
	for _, r := range e.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") && !strings.Contains(r.Path, "*") {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *echo.Route) int { return strings.Compare(a.Path+a.Method, b.Path+b.Method) })
	return out
}

var echoParam = regexp.MustCompile(`:([a-z_]+)`)

// operation finds the route's operation in the spec.
func operation(t *testing.T, doc *openapi3.T, r *echo.Route) *openapi3.Operation {
	t.Helper()
	item := doc.Paths.Find(echoParam.ReplaceAllString(r.Path, "{$1}"))
	if item == nil || item.GetOperation(r.Method) == nil {
		t.Fatalf("%s %s is served but not in api/openapi.yaml", r.Method, r.Path)
	}
	return item.GetOperation(r.Method)
}

// targets are real records for path parameters to name, so that a request
// gets past its lookups to whatever it does with the rest of its input.
type targets struct {
	params map[string]string // path parameter → a valid value
	token  string            // a manage link
}

func newTargets(t *testing.T, env *apitest.Env, admin *apitest.Client, n int) targets {
	t.Helper()
	slug := fmt.Sprintf("bad-input-%d", n)
	var event, person, org struct {
		ID     string `json:"id"`
		Agenda []struct {
			ID string `json:"id"`
		} `json:"agenda"`
	}
	start := time.Now().Add(72 * time.Hour).Truncate(time.Second).Format(time.RFC3339)
	admin.Post(t, "/api/v1/manage/events", map[string]any{"slug": slug, "title": "Bad input", "starts_at": start,
		"duration_minutes": 60, "timezone": "Europe/London", "capacity": 10}).WantStatus(t, http.StatusCreated).JSON(t, &event)
	base := "/api/v1/manage/events/" + event.ID
	admin.Post(t, "/api/v1/manage/people", map[string]any{"name": fmt.Sprintf("Ada %d", n)}).WantStatus(t, http.StatusCreated).JSON(t, &person)
	admin.Post(t, "/api/v1/manage/organisations", map[string]any{"name": fmt.Sprintf("Partner %d", n)}).WantStatus(t, http.StatusCreated).JSON(t, &org)
	admin.Do(t, apitest.Request{Method: http.MethodPut, Path: base + "/speakers",
		Body: map[string]any{"speakers": []any{map[string]any{"person_id": person.ID, "role": "chair"}}}}).WantStatus(t, http.StatusOK)
	admin.Do(t, apitest.Request{Method: http.MethodPut, Path: base + "/partners",
		Body: map[string]any{"partners": []any{map[string]any{"organisation_id": org.ID, "kind": "knowledge_partner"}}}}).WantStatus(t, http.StatusOK)
	admin.Post(t, base+"/agenda", map[string]any{"title": "Welcome", "start_offset_minutes": 0, "duration_minutes": 10}).
		WantStatus(t, http.StatusCreated).JSON(t, &event)
	admin.Post(t, base+"/publish", nil).WantStatus(t, http.StatusOK)
	var ticketType, promo struct {
		ID string `json:"id"`
	}
	admin.Post(t, base+"/ticket-types", map[string]any{"name": "Free", "price": 0}).WantStatus(t, http.StatusCreated).JSON(t, &ticketType)
	admin.Post(t, base+"/promo-codes", map[string]any{"code": "HALF", "percent_off": 50, "ticket_type_ids": []string{ticketType.ID}}).
		WantStatus(t, http.StatusCreated).JSON(t, &promo)
	email := fmt.Sprintf("attendee-%d@example.org", n)
	env.Client().Post(t, "/api/v1/events/"+slug+"/registrations", map[string]any{"first_name": "Grace", "last_name": "Hopper",
		"email": email, "sector": "local_government", "partner_consents": []string{org.ID}, "ticket_type_id": ticketType.ID}).WantStatus(t, http.StatusAccepted)

	var regs struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	admin.Get(t, base+"/registrations").WantStatus(t, http.StatusOK).JSON(t, &regs)
	var msgs struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	admin.Get(t, base+"/registrations/"+regs.Items[0].ID+"/messages").WantStatus(t, http.StatusOK).JSON(t, &msgs)
	var msg struct {
		Text string `json:"text"`
	}
	admin.Get(t, base+"/messages/"+msgs.Items[0].ID).WantStatus(t, http.StatusOK).JSON(t, &msg)
	token := regexp.MustCompile(`/r/([A-Za-z0-9_-]{20,})`).FindStringSubmatch(msg.Text)
	unsubscribe := regexp.MustCompile(`/unsubscribe/([A-Za-z0-9_.-]{10,})`).FindStringSubmatch(msg.Text)
	if token == nil {
		t.Fatalf("no manage link in %s", msg.Text)
	}
	params := map[string]string{"slug": slug, "id": event.ID, "item": event.Agenda[0].ID, "rid": regs.Items[0].ID,
		"mid": msgs.Items[0].ID, "organisation": org.ID, "action": "approve", "email": email, "token": "unknown",
		"type": ticketType.ID, "code": promo.ID}
	if unsubscribe != nil {
		params["token"] = unsubscribe[1]
	}
	users, err := env.App.Accounts.ListUsers(context.Background(), page.Request{})
	if err != nil {
		t.Fatal(err)
	}
	params["users.id"] = users.Items[0].ID
	params["people.id"] = person.ID
	params["organisations.id"] = org.ID
	return targets{params: params, token: token[1]}
}

// param is the valid value of a path parameter on a route.
func (fx targets) param(path, name string) string {
	for _, owner := range []string{"users", "people", "organisations"} {
		if name == "id" && strings.Contains(path, "/"+owner+"/:id") {
			return fx.params[owner+".id"]
		}
	}
	if v, ok := fx.params[name]; ok {
		return v
	}
	return "x"
}

type badRequest struct {
	name  string
	req   apitest.Request
	field string // the field the problem must name, if any
}

// Hostile values: what a path, a query and a JSON body may carry.
var (
	hugeString   = strings.Repeat("x", 100_000)
	badSegments  = map[string]string{"NUL": "a%00b", "invalid UTF-8": "a%FFb", "not a UUID": "not-a-uuid", "int32 overflow": "2147483648", "huge": strings.Repeat("x", 5000), "dot dot": "..", "encoded slash": "a%2Fb"}
	unreadableQ  = map[string]string{"NUL": "a%00b", "invalid UTF-8": "a%FFb", "bad escape": "a%zzb"}
	badNumbers   = map[string]string{"int32 overflow": "2147483648", "int64 overflow": "9223372036854775808", "negative": "-1", "zero": "0", "not a number": "ten"}
	nameTheField = map[string]bool{"NUL": true, "invalid UTF-8": true}
)

func badRequests(r *echo.Route, op *openapi3.Operation, fx targets) []badRequest {
	var out []badRequest
	path := func(override map[string]string) string {
		return echoParam.ReplaceAllStringFunc(r.Path, func(m string) string {
			if v, ok := override[m[1:]]; ok {
				return v
			}
			return fx.param(r.Path, m[1:])
		})
	}
	header := http.Header{}
	if strings.HasPrefix(r.Path, "/api/v1/registration") {
		header.Set("Authorization", "Bearer "+fx.token)
	}
	with := func(req apitest.Request) apitest.Request {
		req.Header = header
		return req
	}
	for _, m := range echoParam.FindAllStringSubmatch(r.Path, -1) {
		for class, v := range badSegments {
			field := ""
			if nameTheField[class] {
				field = m[1]
			}
			out = append(out, badRequest{name: "path " + m[1] + " " + class, field: field,
				req: with(apitest.Request{Method: r.Method, Path: path(map[string]string{m[1]: v})})})
		}
	}
	if r.Method == http.MethodGet {
		var declared []string
		for _, p := range op.Parameters {
			if p.Value.In == "query" {
				declared = append(declared, p.Value.Name)
			}
		}
		for _, name := range append(declared, "undeclared") {
			for class, v := range queryValues(op, name) {
				field := ""
				if nameTheField[class] {
					field = name
				}
				out = append(out, badRequest{name: "query " + name + " " + class, field: field,
					req: with(apitest.Request{Method: r.Method, Path: path(nil) + "?" + name + "=" + v})})
			}
		}
	}
	if op.RequestBody == nil {
		return out
	}
	target := path(nil)
	raw := func(name, contentType, body string) badRequest {
		return badRequest{name: "body " + name, req: with(apitest.Request{Method: r.Method, Path: target, Body: []byte(body), ContentType: contentType})}
	}
	out = append(out,
		raw("empty", "application/json", ""),
		raw("not JSON", "application/json", "{"),
		raw("null", "application/json", "null"),
		raw("array", "application/json", "[]"),
		raw("string", "application/json", `"x"`),
		raw("invalid UTF-8", "application/json", "{\"a\xff\": \"b\xfe\"}"),
		raw("deep", "application/json", strings.Repeat("[", 20000)+strings.Repeat("]", 20000)),
		raw("deep objects", "application/json", strings.Repeat(`{"a":`, 20000)+"1"+strings.Repeat("}", 20000)),
		raw("over the body limit", "application/json", `{"a":"`+strings.Repeat("x", 1<<20)+`"}`),
		raw("trailing data", "application/json", "{} {}"),
		raw("form content type", "application/x-www-form-urlencoded", "a=b"),
		raw("text content type", "text/plain", "{}"),
	)
	if op.RequestBody.Value.Content.Get("text/csv") != nil { // a file's text, as saved
		out = append(out,
			raw("CSV not UTF-8", "text/csv", "Name,Email\n\xff\xfe\xfd,a@b\n"),
			raw("CSV with a NUL", "text/csv", "Name,Email\nA\x00,a@b\n"),
			raw("CSV odd UTF-16", "text/csv", "\xff\xfeN\x00a"),
			raw("CSV bare quotes", "text/csv", "Name,Email,Duration\n\"A,\"\"\",\"x\n"),
			raw("CSV over the body limit", "text/csv", "Name,Email\n"+strings.Repeat("x,y\n", 1<<19)),
		)
	}
	json := op.RequestBody.Value.Content.Get("application/json")
	if json == nil {
		return out
	}
	for _, v := range bodyVariants(json.Schema.Value, "", 0) {
		b := badRequest{name: "body " + v.field + " " + v.class, req: with(apitest.Request{Method: r.Method, Path: target, Body: v.body})}
		if nameTheField[v.class] {
			b.field = v.field
		}
		out = append(out, b)
	}
	return out
}

// queryValues are the hostile values for a query parameter: unreadable
// text for any name, and values outside the declared schema.
func queryValues(op *openapi3.Operation, name string) map[string]string {
	values := maps.Clone(unreadableQ)
	p := op.Parameters.GetByInAndName("query", name)
	if p == nil {
		return values
	}
	s := p.Schema.Value
	switch {
	case s.Type.Is("integer"):
		maps.Copy(values, badNumbers)
	case len(s.Enum) > 0:
		values["not an option"] = "not-an-option"
	case s.Format == "uuid":
		values["not a UUID"] = "not-a-uuid"
	}
	values["huge"] = strings.Repeat("x", 10_000)
	return values
}

type bodyVariant struct {
	class, field string
	body         any
}

// bodyVariants returns copies of a plausible body for the schema, each with
// one field replaced by a hostile value.
func bodyVariants(s *openapi3.Schema, field string, depth int) []bodyVariant {
	if depth > 3 {
		return nil
	}
	var out []bodyVariant
	switch {
	case s.Type.Is("object") && len(s.Properties) > 0:
		for _, name := range sortedKeys(s.Properties) {
			sub := name
			if field != "" {
				sub = field + "." + name
			}
			for _, v := range bodyVariants(s.Properties[name].Value, sub, depth+1) {
				obj := plausible(s).(map[string]any)
				obj[name] = v.body
				out = append(out, bodyVariant{v.class, v.field, obj})
			}
			dup := fmt.Sprintf(`{%q: %s, %q: %s}`, name, jsonOf(plausible(s.Properties[name].Value)), name, jsonOf(plausible(s.Properties[name].Value)))
			if depth == 0 {
				out = append(out, bodyVariant{"duplicate key", sub, []byte(dup)})
			}
		}
		return out
	case s.Type.Is("object"):
		out = append(out, bodyVariant{"NUL", field, map[string]any{"a\x00b": "x"}})
		return append(out, bodyVariant{"wrong type", field, 1})
	case s.Type.Is("array"):
		for _, v := range bodyVariants(s.Items.Value, field+".0", depth+1) {
			out = append(out, bodyVariant{v.class, v.field, []any{v.body}})
		}
		out = append(out, bodyVariant{"huge array", field, make([]any, 100_000)})
		return append(out, bodyVariant{"wrong type", field, "x"})
	case s.Type.Is("string"):
		out = []bodyVariant{{"NUL", field, "a\x00b"}, {"huge", field, hugeString}, {"wrong type", field, 12}, {"object", field, map[string]any{}}}
		switch {
		case s.Format == "uuid":
			out = append(out, bodyVariant{"not a UUID", field, "not-a-uuid"})
		case s.Format == "date-time":
			out = append(out, bodyVariant{"far date", field, "99999-01-01T00:00:00Z"}, bodyVariant{"year 0", field, "0000-01-01T00:00:00Z"},
				bodyVariant{"not a date", field, "2026-02-30T25:00:00Z"})
		case len(s.Enum) > 0:
			out = append(out, bodyVariant{"not an option", field, "not-an-option"})
		}
		return out
	case s.Type.Is("integer") || s.Type.Is("number"):
		return []bodyVariant{{"int32 overflow", field, 2147483648}, {"int64 overflow", field, jsonNumber("9223372036854775808")},
			{"huge", field, jsonNumber("1e400")}, {"negative", field, -1}, {"int32 min", field, -2147483649}, {"fraction", field, 1.5},
			{"wrong type", field, "1"}}
	case s.Type.Is("boolean"):
		return []bodyVariant{{"wrong type", field, "true"}}
	}
	return nil
}

// jsonNumber is a number written as it is, whatever its size.
type jsonNumber string

func (n jsonNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

// plausible is a value of the schema's shape that validation may accept.
func plausible(s *openapi3.Schema) any {
	switch {
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Type.Is("object"):
		obj := map[string]any{}
		for _, name := range s.Required {
			obj[name] = plausible(s.Properties[name].Value)
		}
		return obj
	case s.Type.Is("array"):
		return []any{}
	case s.Type.Is("integer") || s.Type.Is("number"):
		if s.Min != nil {
			return *s.Min
		}
		return 1
	case s.Type.Is("boolean"):
		return false
	case s.Format == "date-time":
		return time.Now().Add(48 * time.Hour).Format(time.RFC3339)
	case s.Format == "email":
		return "someone@example.org"
	}
	return "x"
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestSpecDocumentsTheEdge checks api/openapi.yaml for every route the
// router serves: a 400 for malformed input, a 413 and 415 where a body is
// taken, an explicit security (`[]` for public routes), and a range for
// every integer a client sends.
func TestSpecDocumentsTheEdge(t *testing.T) {
	cfg := apitest.Config(t)
	env := apitest.NewWithConfig(t, cfg)
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range apiRoutes(env.App.Echo) {
		op := operation(t, doc, r)
		name := r.Method + " " + r.Path
		want := []string{"400"}
		if op.RequestBody != nil {
			want = append(want, "413", "415")
		}
		for _, status := range want {
			if op.Responses.Value(status) == nil {
				t.Errorf("%s: no %s response documented", name, status)
			}
		}
		if op.Security == nil {
			t.Errorf("%s: no security; public routes say security: []", name)
		}
		for _, p := range op.Parameters {
			checkRange(t, name+" parameter "+p.Value.Name, p.Value.Schema.Value)
		}
		if op.RequestBody != nil {
			if json := op.RequestBody.Value.Content.Get("application/json"); json != nil { // not a file's text
				checkRange(t, name+" body", json.Schema.Value)
			}
		}
	}
}

// checkRange fails for an integer without a minimum and a maximum.
func checkRange(t *testing.T, where string, s *openapi3.Schema) {
	t.Helper()
	switch {
	case s.Type.Is("integer") && (s.Min == nil || s.Max == nil):
		t.Errorf("%s: an integer without a documented minimum and maximum", where)
	case s.Type.Is("array"):
		checkRange(t, where+"[]", s.Items.Value)
	case s.Type.Is("object"):
		for name, p := range s.Properties {
			checkRange(t, where+"."+name, p.Value)
		}
	}
}
