package apitest

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"plenary/internal/accounts"
)

// Password is the password of users made by CreateUser.
const Password = "correct horse battery staple"

// CreateUser adds a user with the given role and returns their email.
func (e *Env) CreateUser(t testing.TB, role accounts.Role) string {
	t.Helper()
	email := fmt.Sprintf("%s-%d@example.org", role, e.userCount(t)+1)
	_, err := e.App.Accounts.CreateUser(context.Background(), accounts.NewUser{
		Email: email, Name: "Test " + string(role), Role: role, Password: Password,
	})
	if err != nil {
		t.Fatalf("create %s: %v", role, err)
	}
	return email
}

func (e *Env) userCount(t testing.TB) int {
	var n int
	if err := e.DB.QueryRow(context.Background(), `SELECT count(*) FROM users`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// SignedIn returns a client signed in as a new user with the given role.
func (e *Env) SignedIn(t testing.TB, role accounts.Role) *Client {
	t.Helper()
	c := e.Client()
	c.Login(t, e.CreateUser(t, role), Password)
	return c
}

// Login signs the client in and keeps its CSRF token.
func (c *Client) Login(t testing.TB, email, password string) {
	t.Helper()
	resp := c.Post(t, "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	resp.WantStatus(t, http.StatusOK)
	var body struct {
		CSRFToken string `json:"csrf_token"`
	}
	resp.JSON(t, &body)
	c.CSRF = body.CSRFToken
}
