package accounts_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
)

func patchRole(t *testing.T, c *apitest.Client, id, role string) *apitest.Response {
	t.Helper()
	return c.Do(t, apitest.Request{Method: http.MethodPatch, Path: "/api/v1/users/" + id, Body: map[string]string{"role": role}})
}

func whoAmI(t *testing.T, c *apitest.Client) accounts.User {
	t.Helper()
	var me struct{ User accounts.User }
	c.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusOK).JSON(t, &me)
	return me.User
}

// An admin adds a colleague without choosing their password: the server
// makes one, shows it once, and it signs the colleague in.
func TestAddAUserWithAMadePassword(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleAdmin)
	var created struct {
		accounts.User
		InitialPassword string `json:"initial_password"`
	}
	admin.Post(t, "/api/v1/users", map[string]string{"email": "grace@example.org", "name": "Grace Hopper", "role": "organiser"}).
		WantStatus(t, http.StatusCreated).JSON(t, &created)
	if created.Role != accounts.RoleOrganiser || len(created.InitialPassword) < 20 {
		t.Fatalf("created %+v", created)
	}
	grace := env.Client()
	grace.Login(t, "grace@example.org", created.InitialPassword)
	if me := whoAmI(t, grace); me.ID != created.ID {
		t.Errorf("signed in as %+v", me)
	}
	var chosen map[string]any
	admin.Post(t, "/api/v1/users", map[string]string{"email": "alan@example.org", "name": "Alan", "role": "moderator", "password": "a long enough password"}).
		WantStatus(t, http.StatusCreated).JSON(t, &chosen)
	if _, shown := chosen["initial_password"]; shown {
		t.Errorf("a chosen password came back: %v", chosen)
	}
}

// Removing a user signs them out at once and keeps them out, while what
// they made still names them; their email can be added again.
func TestRemoveAUser(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleAdmin)
	organiser := env.SignedIn(t, accounts.RoleOrganiser)
	gone := whoAmI(t, organiser)
	var event struct{ ID string }
	organiser.Post(t, "/api/v1/manage/events", map[string]any{"slug": "left-behind", "title": "Left behind", "starts_at": "2031-06-05T09:00:00Z",
		"duration_minutes": 60, "timezone": "Europe/London"}).WantStatus(t, http.StatusCreated).JSON(t, &event)

	admin.Delete(t, "/api/v1/users/"+gone.ID).WantStatus(t, http.StatusNoContent)
	organiser.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusUnauthorized)
	env.Client().Post(t, "/api/v1/auth/login", map[string]string{"email": gone.Email, "password": apitest.Password}).WantStatus(t, http.StatusUnauthorized)
	if slices.Contains(listEmails(t, admin), gone.Email) {
		t.Error("a removed user is still listed")
	}
	var createdBy *string
	if err := env.DB.QueryRow(context.Background(), `SELECT created_by::text FROM events WHERE id = $1`, event.ID).Scan(&createdBy); err != nil {
		t.Fatal(err)
	}
	if createdBy == nil || *createdBy != gone.ID {
		t.Errorf("the event's creator is %v, want %s", createdBy, gone.ID)
	}
	admin.Delete(t, "/api/v1/users/"+gone.ID).WantStatus(t, http.StatusNotFound)
	patchRole(t, admin, gone.ID, "admin").WantStatus(t, http.StatusNotFound)
	admin.Post(t, "/api/v1/users", map[string]string{"email": gone.Email, "name": "Back again", "role": "moderator"}).WantStatus(t, http.StatusCreated)
}

// Only admins change the team; nobody removes or demotes themselves, and
// the last admin stays.
func TestTeamRules(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleAdmin)
	me := whoAmI(t, admin)
	organiser := env.SignedIn(t, accounts.RoleOrganiser)
	moderator := env.SignedIn(t, accounts.RoleModerator)
	target := whoAmI(t, moderator)

	t.Run("permission", func(t *testing.T) {
		env.Client().Delete(t, "/api/v1/users/"+target.ID).WantStatus(t, http.StatusUnauthorized)
		organiser.Delete(t, "/api/v1/users/"+target.ID).WantStatus(t, http.StatusForbidden)
		moderator.Delete(t, "/api/v1/users/"+me.ID).WantStatus(t, http.StatusForbidden)
		patchRole(t, organiser, target.ID, "admin").WantStatus(t, http.StatusForbidden)
		patchRole(t, env.Client(), target.ID, "admin").WantStatus(t, http.StatusUnauthorized)
	})
	t.Run("bad input", func(t *testing.T) {
		admin.Delete(t, "/api/v1/users/not-a-uuid").WantStatus(t, http.StatusNotFound)
		admin.Delete(t, "/api/v1/users/00000000-0000-4000-8000-000000000000").WantStatus(t, http.StatusNotFound)
		p := patchRole(t, admin, target.ID, "owner").WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
		if p.Errors["role"] == "" {
			t.Errorf("errors %v", p.Errors)
		}
	})
	t.Run("not yourself", func(t *testing.T) {
		admin.Delete(t, "/api/v1/users/"+me.ID).WantStatus(t, http.StatusConflict)
		patchRole(t, admin, me.ID, "moderator").WantStatus(t, http.StatusConflict)
	})
	t.Run("a role change applies at once", func(t *testing.T) {
		var u accounts.User
		patchRole(t, admin, target.ID, "organiser").WantStatus(t, http.StatusOK).JSON(t, &u)
		if u.Role != accounts.RoleOrganiser || whoAmI(t, moderator).Role != accounts.RoleOrganiser {
			t.Errorf("role %s", u.Role)
		}
	})
	t.Run("the last admin stays", func(t *testing.T) {
		second := env.SignedIn(t, accounts.RoleAdmin)
		secondID := whoAmI(t, second).ID
		// Each admin removes the other at the same moment: one wins, and
		// the other is refused as the last admin (or already gone).
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i, pair := range [][2]any{{admin, secondID}, {second, me.ID}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = pair[0].(*apitest.Client).Delete(t, "/api/v1/users/"+pair[1].(string)).Status
			}()
		}
		wg.Wait()
		slices.Sort(statuses)
		if statuses[0] != http.StatusNoContent || statuses[1] == http.StatusNoContent {
			t.Fatalf("statuses %v: want one removal", statuses)
		}
		var admins int
		if err := env.DB.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE role = 'admin' AND deactivated_at IS NULL`).Scan(&admins); err != nil {
			t.Fatal(err)
		}
		if admins != 1 {
			t.Errorf("%d admins left", admins)
		}
	})
}

// The last admin cannot be made an organiser by another admin who is
// then removed; checked through the service, beside the HTTP story.
func TestLastAdminCannotBeDemoted(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleAdmin)
	me := whoAmI(t, admin)
	other := env.SignedIn(t, accounts.RoleAdmin)
	otherID := whoAmI(t, other).ID
	patchRole(t, admin, otherID, "moderator").WantStatus(t, http.StatusOK)
	// Now me is the only admin: another user acting (the service allows any
	// actor id) still cannot demote or remove them.
	ctx := context.Background()
	if _, err := env.App.Accounts.ChangeRole(ctx, otherID, me.ID, accounts.RoleOrganiser); !errors.Is(err, accounts.ErrLastAdmin) {
		t.Errorf("demoting the last admin: %v", err)
	}
	if err := env.App.Accounts.RemoveUser(ctx, otherID, me.ID); !errors.Is(err, accounts.ErrLastAdmin) {
		t.Errorf("removing the last admin: %v", err)
	}
	if _, err := env.App.Accounts.ChangeRole(ctx, otherID, me.ID, accounts.RoleAdmin); err != nil {
		t.Errorf("keeping the last admin an admin: %v", err)
	}
}
