package accounts

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/errs"
	"plenary/internal/httpserver"
)

// SessionCookie is the name of the cookie holding the session token.
const SessionCookie = "plenary_session"

// CSRFHeader carries the session's CSRF token on cookie-authenticated writes.
const CSRFHeader = "X-CSRF-Token"

// Login rate limits. Per client IP, and per IP and email, attempts past
// the burst are refused with 429. Per email whatever the IP, they are only
// slowed: refusing there would let a stranger lock the owner out by
// failing on purpose from elsewhere.
const (
	loginIPBurst      = 20
	loginIPEvery      = 30 * time.Second
	loginIPEmailBurst = 5
	loginIPEmailEvery = time.Minute
	loginEmailBurst   = 5
	loginEmailEvery   = time.Minute
	loginEmailDelay   = time.Second // the wait of each attempt past the email's burst
)

// sessionKey is where Authenticate leaves the session in the Echo context.
const sessionKey = "accounts.session"

// Handler serves the account endpoints.
type Handler struct {
	svc            *Service
	secureCookies  bool
	loginByIP      *httpserver.Limiter
	loginByIPEmail *httpserver.Limiter
	loginByEmail   *httpserver.Limiter // slows, never refuses
}

// NewHandler returns the account endpoints. secureCookies is false only for
// a plain-http localhost site.
func NewHandler(svc *Service, secureCookies bool) *Handler {
	return &Handler{
		svc:            svc,
		secureCookies:  secureCookies,
		loginByIP:      httpserver.NewLimiter(loginIPBurst, loginIPEvery),
		loginByIPEmail: httpserver.NewLimiter(loginIPEmailBurst, loginIPEmailEvery),
		loginByEmail:   httpserver.NewLimiter(loginEmailBurst, loginEmailEvery),
	}
}

// Routes adds the account endpoints to the API group.
func (h *Handler) Routes(g *echo.Group) {
	g.POST("/auth/login", h.login)
	g.POST("/auth/logout", h.logout, RequireSignedIn)
	g.GET("/auth/me", h.me, RequireSignedIn)
	g.GET("/setup", h.setupLink)
	g.POST("/setup", h.setup)

	// Middleware per route, not per group: Echo gives a group with
	// middleware a catch-all route, which turns 405s into 404s.
	admin := RequireRole(RoleAdmin)
	g.GET("/users", h.listUsers, admin)
	g.POST("/users", h.createUser, admin)
	g.PATCH("/users/:id", h.changeRole, admin)
	g.DELETE("/users/:id", h.removeUser, admin)
	g.DELETE("/users/:id/sessions", h.revokeSessions, admin)
}

// Authenticate loads the session named by the cookie, if any, and refuses
// a cookie-authenticated write that lacks the session's CSRF token. Use it
// on the whole API group; RequireRole then guards single routes.
func (h *Handler) Authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		// A request that carries its own credentials (an attendee's manage
		// link) is not cookie-authenticated: no session, so no CSRF check.
		if c.Request().Header.Get(echo.HeaderAuthorization) != "" {
			return next(c)
		}
		cookie, err := c.Cookie(SessionCookie)
		if err != nil || cookie.Value == "" {
			return next(c)
		}
		sess, err := h.svc.Authenticate(c.Request().Context(), cookie.Value)
		if errors.Is(err, errs.ErrUnauthorized) {
			return next(c) // stale cookie: carry on as anonymous
		}
		if err != nil {
			return err
		}
		if !safeMethod(c.Request().Method) && !sess.CheckCSRF(c.Request().Header.Get(CSRFHeader)) {
			return errs.Publicf(errs.ErrForbidden, "This request needs the %s header from /api/v1/auth/me.", CSRFHeader)
		}
		c.Set(sessionKey, sess)
		return next(c)
	}
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// CurrentUser returns the signed-in user of the request.
func CurrentUser(c echo.Context) (User, bool) {
	sess, ok := c.Get(sessionKey).(Session)
	return sess.User, ok
}

// RequireSignedIn refuses anonymous requests with 401.
func RequireSignedIn(next echo.HandlerFunc) echo.HandlerFunc {
	return RequireRole(RoleAdmin, RoleOrganiser, RoleModerator)(next)
}

// RequireOrganiser lets organisers and admins through: those who may change
// events and decide on registrations. Moderators only read.
var RequireOrganiser = RequireRole(RoleAdmin, RoleOrganiser)

// RequireRole refuses anonymous requests with 401 and users of other roles
// with 403.
func RequireRole(roles ...Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u, ok := CurrentUser(c)
			if !ok {
				return errs.Publicf(errs.ErrUnauthorized, "Sign in first.")
			}
			for _, r := range roles {
				if u.Role == r {
					return next(c)
				}
			}
			return errs.Publicf(errs.ErrForbidden, "Your role (%s) may not do this.", u.Role)
		}
	}
}

// sessionResponse is what login, setup and me return.
type sessionResponse struct {
	User      User   `json:"user"`
	CSRFToken string `json:"csrf_token"`
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (h *Handler) login(c echo.Context) error {
	if err := h.loginByIP.Allow(c.RealIP()); err != nil {
		return err
	}
	var req loginRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(req.Email))
	if err := h.loginByIPEmail.Allow(c.RealIP() + " " + email); err != nil {
		return err
	}
	if h.loginByEmail.Allow(email) != nil {
		if err := sleep(c.Request().Context(), loginEmailDelay); err != nil {
			return err
		}
	}
	sess, err := h.svc.Login(c.Request().Context(), req.Email, req.Password, c.Request().UserAgent())
	if err != nil {
		return err
	}
	h.setCookie(c, sess.Token, sess.ExpiresAt)
	return c.JSON(http.StatusOK, sessionResponse{User: sess.User, CSRFToken: sess.CSRFToken})
}

// sleep waits for d, or until the client goes away.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Handler) logout(c echo.Context) error {
	sess := c.Get(sessionKey).(Session)
	if err := h.svc.Logout(c.Request().Context(), sess.Token); err != nil {
		return err
	}
	h.setCookie(c, "", time.Unix(0, 0))
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) me(c echo.Context) error {
	sess := c.Get(sessionKey).(Session)
	return c.JSON(http.StatusOK, sessionResponse{User: sess.User, CSRFToken: sess.CSRFToken})
}

type setupRequest struct {
	Token    string `json:"token"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Password string `json:"password"`
}

// setupLinkResponse says until when a setup link works.
type setupLinkResponse struct {
	ExpiresAt time.Time `json:"expires_at"`
}

func (h *Handler) setupLink(c echo.Context) error {
	expires, err := h.svc.SetupLinkExpiry(c.Request().Context(), c.QueryParam("token"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, setupLinkResponse{ExpiresAt: expires})
}

func (h *Handler) setup(c echo.Context) error {
	if err := h.loginByIP.Allow(c.RealIP()); err != nil {
		return err
	}
	var req setupRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	n := NewUser{Email: req.Email, Name: req.Name, Password: req.Password}
	sess, err := h.svc.CompleteSetup(c.Request().Context(), req.Token, n, c.Request().UserAgent())
	if err != nil {
		return err
	}
	h.setCookie(c, sess.Token, sess.ExpiresAt)
	return c.JSON(http.StatusCreated, sessionResponse{User: sess.User, CSRFToken: sess.CSRFToken})
}

func (h *Handler) listUsers(c echo.Context) error {
	users, err := h.svc.ListUsers(c.Request().Context(), httpserver.QueryPage(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, users)
}

// createdUser is a new user, with the password made for them if the
// admin gave none: shown in this answer only.
type createdUser struct {
	User
	InitialPassword string `json:"initial_password,omitempty"`
}

func (h *Handler) createUser(c echo.Context) error {
	var req NewUser
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	u, password, err := h.svc.AddUser(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdUser{User: u, InitialPassword: password})
}

type roleChange struct {
	Role Role `json:"role"`
}

func (h *Handler) changeRole(c echo.Context) error {
	var req roleChange
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	actor, _ := CurrentUser(c)
	u, err := h.svc.ChangeRole(c.Request().Context(), actor.ID, c.Param("id"), req.Role)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (h *Handler) removeUser(c echo.Context) error {
	actor, _ := CurrentUser(c)
	if err := h.svc.RemoveUser(c.Request().Context(), actor.ID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) revokeSessions(c echo.Context) error {
	if _, err := h.svc.RevokeSessions(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) setCookie(c echo.Context, value string, expires time.Time) {
	c.SetCookie(&http.Cookie{
		Name:     SessionCookie,
		Value:    value,
		Path:     "/",
		Expires:  expires,
		Secure:   h.secureCookies,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
}
