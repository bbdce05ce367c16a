package accounts_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/postgres/pgtest"
	"plenary/internal/token"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestLoginMeLogout(t *testing.T) {
	env := apitest.New(t)
	email := env.CreateUser(t, accounts.RoleOrganiser)
	c := env.Client()

	c.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusUnauthorized)

	// Email case does not matter.
	resp := c.Post(t, "/api/v1/auth/login", map[string]string{"email": strings.ToUpper(email), "password": apitest.Password})
	resp.WantStatus(t, http.StatusOK)
	cookie := sessionCookie(t, resp)
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/", cookie)
	}
	if cookie.Secure {
		t.Errorf("session cookie is Secure on an http://localhost site; browsers would not send it back")
	}
	var login struct {
		User      accounts.User `json:"user"`
		CSRFToken string        `json:"csrf_token"`
	}
	resp.JSON(t, &login)
	c.CSRF = login.CSRFToken

	var me struct {
		User      accounts.User `json:"user"`
		CSRFToken string        `json:"csrf_token"`
	}
	c.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusOK).JSON(t, &me)
	if me.User.Email != email || me.User.Role != accounts.RoleOrganiser || me.CSRFToken != login.CSRFToken {
		t.Errorf("me = %+v, want %s as organiser with the login's CSRF token", me, email)
	}

	c.Post(t, "/api/v1/auth/logout", nil).WantStatus(t, http.StatusNoContent)
	c.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusUnauthorized)

	// The old cookie, replayed, is dead on the server too.
	req, _ := http.NewRequest(http.MethodGet, env.URL+"/api/v1/auth/me", nil)
	req.AddCookie(cookie)
	got, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got.Body.Close()
	if got.StatusCode != http.StatusUnauthorized {
		t.Errorf("replayed cookie after logout: %d, want 401", got.StatusCode)
	}
}

func sessionCookie(t *testing.T, resp *apitest.Response) *http.Cookie {
	t.Helper()
	for _, line := range resp.Header.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err == nil && c.Name == accounts.SessionCookie {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", accounts.SessionCookie, resp.Header.Values("Set-Cookie"))
	return nil
}

func TestLoginRejections(t *testing.T) {
	env := apitest.New(t)
	email := env.CreateUser(t, accounts.RoleAdmin)
	tests := []struct {
		name        string
		body        any
		contentType string
		wantStatus  int
		wantDetail  string
	}{
		{"wrong password", map[string]string{"email": email, "password": "not the password"}, "", 401, "The email or password is not right."},
		{"unknown email, same answer", map[string]string{"email": "nobody@example.org", "password": "not the password"}, "", 401, "The email or password is not right."},
		{"not JSON", `{"email":`, "application/json", 400, "not valid JSON"},
		{"unknown field", map[string]any{"email": email, "password": "x", "role": "admin"}, "", 400, "could not be read: role"},
		{"form post", "email=a&password=b", "application/x-www-form-urlencoded", 415, "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := env.Client().Do(t, apitest.Request{Method: http.MethodPost, Path: "/api/v1/auth/login", Body: tt.body, ContentType: tt.contentType})
			p := resp.WantStatus(t, tt.wantStatus).Problem(t)
			if p.Status != tt.wantStatus || !strings.Contains(p.Detail, tt.wantDetail) {
				t.Errorf("problem %+v, want status %d and detail containing %q", p, tt.wantStatus, tt.wantDetail)
			}
			if len(resp.Header.Values("Set-Cookie")) != 0 {
				t.Errorf("a failed login set a cookie: %v", resp.Header.Values("Set-Cookie"))
			}
		})
	}
}

func TestLoginRateLimits(t *testing.T) {
	env := apitest.New(t)
	email := env.CreateUser(t, accounts.RoleOrganiser)
	c := env.Client()
	c.From("127.0.0.1")
	wrong := map[string]string{"email": email, "password": "guess guess guess"}
	right := map[string]string{"email": email, "password": apitest.Password}

	for range 5 {
		c.Post(t, "/api/v1/auth/login", wrong).WantStatus(t, http.StatusUnauthorized)
	}
	// Per IP and email: the sixth try from the failing address is refused,
	// even with the right password.
	resp := c.Post(t, "/api/v1/auth/login", right)
	p := resp.WantStatus(t, http.StatusTooManyRequests).Problem(t)
	if resp.Header.Get("Retry-After") == "" || p.Type != "urn:plenary:problem:rate-limited" {
		t.Errorf("429 without Retry-After or with type %q", p.Type)
	}

	// The owner, from an address that has not been failing, still gets in:
	// a stranger cannot lock an organiser out.
	owner := env.Client()
	owner.From("127.0.0.2")
	owner.Post(t, "/api/v1/auth/login", right).WantStatus(t, http.StatusOK)

	// Per IP: many emails from one fresh address are cut off after 20.
	c.From("127.0.0.3")
	var got429 bool
	for i := range 21 {
		r := c.Post(t, "/api/v1/auth/login", map[string]string{"email": "someone" + string(rune('a'+i)) + "@example.org", "password": "x"})
		if r.Status == http.StatusTooManyRequests {
			got429 = true
			break
		}
		r.WantStatus(t, http.StatusUnauthorized)
	}
	if !got429 {
		t.Fatal("21 logins from one IP were all answered; want 429 after the per-IP burst of 20")
	}
}

func TestCSRFOnCookieWrites(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleAdmin)
	newUser := map[string]string{"email": "mod@example.org", "name": "Mo Derator", "role": "moderator", "password": "a long enough password"}

	for _, tt := range []struct {
		name  string
		token string
		omit  bool
	}{
		{"no token", "", true},
		{"wrong token", "forged", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := apitest.Request{Method: http.MethodPost, Path: "/api/v1/users", Body: newUser, NoCSRF: tt.omit}
			if !tt.omit {
				req.Header = http.Header{accounts.CSRFHeader: {tt.token}}
				req.NoCSRF = true
			}
			p := admin.Do(t, req).WantStatus(t, http.StatusForbidden).Problem(t)
			if !strings.Contains(p.Detail, accounts.CSRFHeader) {
				t.Errorf("detail %q does not name the header", p.Detail)
			}
		})
	}
	if users := listEmails(t, admin); len(users) != 1 {
		t.Fatalf("refused writes created users: %v", users)
	}
	admin.Post(t, "/api/v1/users", newUser).WantStatus(t, http.StatusCreated)
	admin.Do(t, apitest.Request{Method: http.MethodPost, Path: "/api/v1/auth/logout", NoCSRF: true}).WantStatus(t, http.StatusForbidden)
	admin.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusOK)
}

func listEmails(t *testing.T, c *apitest.Client) []string {
	t.Helper()
	var list struct{ Items []accounts.User }
	c.Get(t, "/api/v1/users").WantStatus(t, http.StatusOK).JSON(t, &list)
	var emails []string
	for _, u := range list.Items {
		emails = append(emails, u.Email)
	}
	return emails
}

func TestRoles(t *testing.T) {
	env := apitest.New(t)
	tests := []struct {
		name   string
		client *apitest.Client
		want   int
	}{
		{"anonymous", env.Client(), http.StatusUnauthorized},
		{"moderator", env.SignedIn(t, accounts.RoleModerator), http.StatusForbidden},
		{"organiser", env.SignedIn(t, accounts.RoleOrganiser), http.StatusForbidden},
		{"admin", env.SignedIn(t, accounts.RoleAdmin), http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.client.Get(t, "/api/v1/users").WantStatus(t, tt.want)
			create := tt.client.Post(t, "/api/v1/users", map[string]string{
				"email": tt.name + "-new@example.org", "name": "New", "role": "admin", "password": "a long enough password"})
			if tt.want == http.StatusOK {
				create.WantStatus(t, http.StatusCreated)
			} else {
				create.WantStatus(t, tt.want)
			}
		})
	}
}

func TestCreateUserValidation(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleAdmin)
	taken := env.CreateUser(t, accounts.RoleModerator)
	tests := []struct {
		name      string
		body      map[string]string
		wantField string
	}{
		{"bad email", map[string]string{"email": "not-an-email", "name": "A", "role": "organiser", "password": "a long enough password"}, "email"},
		{"short password", map[string]string{"email": "a@example.org", "name": "A", "role": "organiser", "password": "short"}, "password"},
		{"unknown role", map[string]string{"email": "a@example.org", "name": "A", "role": "owner", "password": "a long enough password"}, "role"},
		{"blank name", map[string]string{"email": "a@example.org", "name": "  ", "role": "organiser", "password": "a long enough password"}, "name"},
		{"taken email in other case", map[string]string{"email": strings.ToUpper(taken), "name": "A", "role": "organiser", "password": "a long enough password"}, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := admin.Post(t, "/api/v1/users", tt.body).WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
			if p.Errors[tt.wantField] == "" {
				t.Errorf("errors %v, want a message for %s", p.Errors, tt.wantField)
			}
		})
	}
}

func TestRevokeSessions(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleAdmin)
	organiser := env.SignedIn(t, accounts.RoleOrganiser)
	var me struct{ User accounts.User }
	organiser.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusOK).JSON(t, &me)

	organiser.Delete(t, "/api/v1/users/"+me.User.ID+"/sessions").WantStatus(t, http.StatusForbidden)
	admin.Delete(t, "/api/v1/users/"+me.User.ID+"/sessions").WantStatus(t, http.StatusNoContent)
	organiser.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusUnauthorized)
	admin.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusOK)

	admin.Delete(t, "/api/v1/users/not-a-uuid/sessions").WantStatus(t, http.StatusNotFound)
	admin.Delete(t, "/api/v1/users/00000000-0000-4000-8000-000000000000/sessions").WantStatus(t, http.StatusNotFound)
}

func TestSecureCookieOffLocalhost(t *testing.T) {
	cfg := apitest.Config(t)
	cfg.BaseURL = "https://events.example.org"
	env := apitest.NewWithConfig(t, cfg)
	email := env.CreateUser(t, accounts.RoleOrganiser)
	resp := env.Client().Post(t, "/api/v1/auth/login", map[string]string{"email": email, "password": apitest.Password})
	if c := sessionCookie(t, resp.WantStatus(t, http.StatusOK)); !c.Secure || !c.HttpOnly {
		t.Errorf("cookie on an https site: %+v, want Secure and HttpOnly", c)
	}
}

func TestSetupLink(t *testing.T) {
	env := apitest.New(t)
	ctx := context.Background()
	link, err := env.App.Accounts.SetupLink(ctx, "http://localhost:8080")
	if err != nil || !strings.HasPrefix(link, "http://localhost:8080/setup?token=") {
		t.Fatalf("SetupLink = %q, %v", link, err)
	}
	token := strings.TrimPrefix(link, "http://localhost:8080/setup?token=")
	admin := map[string]string{"token": token, "name": "Ada Admin", "email": "ada@example.org", "password": "a long enough password"}

	c := env.Client()
	// Bad input does not spend the link.
	bad := map[string]string{"token": token, "name": "Ada", "email": "ada@example.org", "password": "short"}
	if p := c.Post(t, "/api/v1/setup", bad).WantStatus(t, http.StatusUnprocessableEntity).Problem(t); p.Errors["password"] == "" {
		t.Errorf("errors %v, want password", p.Errors)
	}
	resp := c.Post(t, "/api/v1/setup", admin).WantStatus(t, http.StatusCreated)
	var created struct {
		User      accounts.User `json:"user"`
		CSRFToken string        `json:"csrf_token"`
	}
	resp.JSON(t, &created)
	if created.User.Role != accounts.RoleAdmin {
		t.Errorf("setup made a %s, want admin", created.User.Role)
	}
	c.CSRF = created.CSRFToken
	c.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusOK)

	// Used twice: refused, and no second user appears.
	again := map[string]string{"token": token, "name": "Eve", "email": "eve@example.org", "password": "a long enough password"}
	env.Client().Post(t, "/api/v1/setup", again).WantStatus(t, http.StatusForbidden)
	if emails := listEmails(t, c); len(emails) != 1 {
		t.Fatalf("users after a reused link: %v", emails)
	}
	if link, err := env.App.Accounts.SetupLink(ctx, "http://localhost:8080"); err != nil || link != "" {
		t.Errorf("SetupLink once a user exists = %q, %v; want none", link, err)
	}
}

func TestSetupLinkExpiredOrUnknown(t *testing.T) {
	env := apitest.New(t)
	ctx := context.Background()
	link, err := env.App.Accounts.SetupLink(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.Exec(ctx, `UPDATE setup_tokens SET expires_at = now() - interval '1 second', created_at = now() - interval '1 hour'`); err != nil {
		t.Fatal(err)
	}
	for _, token := range []string{strings.TrimPrefix(link, "/setup?token="), "made-up"} {
		env.Client().Post(t, "/api/v1/setup", map[string]string{"token": token, "name": "Ada", "email": "ada@example.org", "password": "a long enough password"}).
			WantStatus(t, http.StatusForbidden)
	}
}

// Two links racing: exactly one first admin.
func TestSetupConcurrentLinks(t *testing.T) {
	env := apitest.New(t)
	ctx := context.Background()
	var tokens []string
	for range 2 {
		link, err := env.App.Accounts.SetupLink(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, strings.TrimPrefix(link, "/setup?token="))
	}
	statuses := make([]int, 2)
	var wg sync.WaitGroup
	for i, token := range tokens {
		wg.Go(func() {
			resp := env.Client().Post(t, "/api/v1/setup", map[string]string{
				"token": token, "name": "Admin", "email": "admin" + string(rune('a'+i)) + "@example.org", "password": "a long enough password"})
			statuses[i] = resp.Status
		})
	}
	wg.Wait()
	created := 0
	for _, s := range statuses {
		if s == http.StatusCreated {
			created++
		} else if s != http.StatusForbidden {
			t.Errorf("unexpected status %d", s)
		}
	}
	var users int
	if err := env.DB.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&users); err != nil {
		t.Fatal(err)
	}
	if created != 1 || users != 1 {
		t.Fatalf("statuses %v, users %d: want exactly one admin", statuses, users)
	}
}

// The setup page asks about its link before showing the form: a valid link
// says until when, a used or expired one says so plainly, and nonsense is
// a 4xx problem, never a 5xx.
func TestSetupLinkStatus(t *testing.T) {
	env := apitest.New(t)
	ctx := context.Background()
	tokenOf := func() string {
		link, err := env.App.Accounts.SetupLink(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimPrefix(link, "/setup?token=")
	}
	c := env.Client()
	valid, expired, spare := tokenOf(), tokenOf(), tokenOf()
	if _, err := env.DB.Exec(ctx, `UPDATE setup_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, token.Hash(expired)); err != nil {
		t.Fatal(err)
	}

	var status struct {
		ExpiresAt time.Time `json:"expires_at"`
	}
	c.Get(t, "/api/v1/setup?token="+valid).WantStatus(t, http.StatusOK).JSON(t, &status)
	if until := time.Until(status.ExpiresAt); until <= 0 || until > time.Hour {
		t.Errorf("a fresh link expires at %v, want within the hour", status.ExpiresAt)
	}
	if p := c.Get(t, "/api/v1/setup?token="+expired).WantStatus(t, http.StatusForbidden).Problem(t); !strings.Contains(p.Detail, "expired") {
		t.Errorf("expired link: %q, want it to say so", p.Detail)
	}

	c.Post(t, "/api/v1/setup", map[string]string{"token": valid, "name": "Ada Admin", "email": "ada@example.org", "password": "a long enough password"}).
		WantStatus(t, http.StatusCreated)
	for _, tok := range []string{valid, spare} { // spent, and one made before the admin existed
		if p := env.Client().Get(t, "/api/v1/setup?token="+tok).WantStatus(t, http.StatusForbidden).Problem(t); !strings.Contains(p.Detail, "already been used") {
			t.Errorf("used link: %q, want it to say so", p.Detail)
		}
	}
	for _, garbage := range []string{"", "made-up", "nul%00byte", "%FF%FE", strings.Repeat("x", 5000)} {
		resp := env.Client().Get(t, "/api/v1/setup?token="+garbage)
		if resp.Status < 400 || resp.Status > 499 {
			t.Errorf("token %q: status %d, want 4xx", garbage, resp.Status)
		}
		resp.Problem(t)
	}
}
