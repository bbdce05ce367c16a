package live

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// Ballots a live-page token may send: a burst of 10, then one every 6 s.
// A registrant casts one ballot per poll; more is a script.
const (
	ballotBurst = 10
	ballotEvery = 6 * time.Second
)

// pollHandler serves the polls, with its own limit on ballots per token.
type pollHandler struct {
	*Handler
	ballots *httpserver.Limiter
}

func (h *Handler) pollRoutes(g *echo.Group) {
	p := pollHandler{Handler: h, ballots: httpserver.NewLimiter(ballotBurst, ballotEvery)}
	g.GET("/live/:token/polls", p.attendeePolls)
	g.POST("/live/:token/polls/:pid/ballot", p.castBallot)

	read, write := accounts.RequireSignedIn, accounts.RequireSignedIn
	g.GET("/manage/events/:id/live/polls", p.list, read)
	g.POST("/manage/events/:id/live/polls", p.create, write)
	g.POST("/manage/events/:id/live/polls/:pid/open", p.open, write)
	g.POST("/manage/events/:id/live/polls/:pid/close", p.close, write)
	g.DELETE("/manage/events/:id/live/polls/:pid", p.delete, write)
}

func (p pollHandler) attendeePolls(c echo.Context) error {
	list, err := p.svc.AttendeePolls(c.Request().Context(), liveToken(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (p pollHandler) castBallot(c echo.Context) error {
	token := liveToken(c)
	if err := p.ballots.AllowAt(token, p.svc.now()); err != nil {
		return err
	}
	var b Ballot
	if err := httpserver.BindJSON(c, &b); err != nil {
		return err
	}
	poll, err := p.svc.CastBallot(c.Request().Context(), token, c.Param("pid"), b)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, poll)
}

func (p pollHandler) list(c echo.Context) error {
	list, err := p.svc.ListPolls(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (p pollHandler) create(c echo.Context) error {
	var n NewPoll
	if err := httpserver.BindJSON(c, &n); err != nil {
		return err
	}
	poll, err := p.svc.CreatePoll(c.Request().Context(), c.Param("id"), n)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, poll)
}

func (p pollHandler) open(c echo.Context) error {
	poll, err := p.svc.OpenPoll(c.Request().Context(), c.Param("id"), c.Param("pid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, poll)
}

func (p pollHandler) close(c echo.Context) error {
	poll, err := p.svc.ClosePoll(c.Request().Context(), c.Param("id"), c.Param("pid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, poll)
}

func (p pollHandler) delete(c echo.Context) error {
	if err := p.svc.DeletePoll(c.Request().Context(), c.Param("id"), c.Param("pid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
