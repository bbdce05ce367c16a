package live

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// Rate limits on the attendee's questions and votes, per registrant.
const (
	asksPerMinute  = 5
	votesPerMinute = 60
)

// questionHandler serves Q&A: the attendee's questions and votes, and the
// moderators' queue.
type questionHandler struct {
	svc   *Service
	asks  *httpserver.Limiter
	votes *httpserver.Limiter
}

func (h *Handler) questionRoutes(g *echo.Group) {
	q := &questionHandler{svc: h.svc,
		asks:  httpserver.NewLimiter(asksPerMinute, time.Minute/asksPerMinute),
		votes: httpserver.NewLimiter(votesPerMinute, time.Minute/votesPerMinute)}
	g.GET("/live/:token/questions", q.list)
	g.GET("/live/:token/questions/similar", q.similar)
	g.POST("/live/:token/questions", q.ask)
	g.PUT("/live/:token/questions/:qid/vote", q.vote)
	g.DELETE("/live/:token/questions/:qid/vote", q.unvote)
	g.DELETE("/live/:token/questions/:qid", q.retract)

	read, write := accounts.RequireSignedIn, accounts.RequireSignedIn
	g.GET("/manage/events/:id/live/questions", q.queue, read)
	g.POST("/manage/events/:id/live/questions/:qid/approve", q.approve, write)
	g.PUT("/manage/events/:id/live/questions/:qid", q.edit, write)
	g.POST("/manage/events/:id/live/questions/:qid/merge", q.merge, write)
	g.POST("/manage/events/:id/live/questions/:qid/answer", q.answer, write)
	g.POST("/manage/events/:id/live/questions/:qid/dismiss", q.dismiss, write)
	g.PUT("/manage/events/:id/live/stage", q.stage, write)
	g.PUT("/manage/events/:id/live/blocks/:rid", q.block, write)
	g.DELETE("/manage/events/:id/live/blocks/:rid", q.unblock, write)
}

// QuestionList is the attendee's list of questions.
type QuestionList struct {
	Items        []Question `json:"items"`
	LastChangeID int64      `json:"last_change_id"`
}

// SimilarList is the list of questions like one being typed.
type SimilarList struct {
	Items []SimilarQuestion `json:"items"`
}

func (q *questionHandler) list(c echo.Context) error {
	order, err := ParseOrder(c.QueryParam("order"))
	if err != nil {
		return err
	}
	items, last, err := q.svc.Questions(c.Request().Context(), liveToken(c), order)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, QuestionList{Items: items, LastChangeID: last})
}

func (q *questionHandler) similar(c echo.Context) error {
	items, err := q.svc.Similar(c.Request().Context(), liveToken(c), c.QueryParam("q"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, SimilarList{Items: items})
}

func (q *questionHandler) ask(c echo.Context) error {
	var req NewQuestion
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	if err := q.limit(c, q.asks); err != nil {
		return err
	}
	question, err := q.svc.Ask(c.Request().Context(), liveToken(c), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, question)
}

// limit takes one request from the registrant's allowance: per registrant,
// not per address, as an office behind one address is many people.
func (q *questionHandler) limit(c echo.Context, l *httpserver.Limiter) error {
	id, ok := q.svc.keys.VerifyLive(liveToken(c))
	if !ok {
		return ErrBadLink
	}
	return l.AllowAt(id, q.svc.now())
}

func (q *questionHandler) vote(c echo.Context) error   { return q.changeVote(c, true) }
func (q *questionHandler) unvote(c echo.Context) error { return q.changeVote(c, false) }

func (q *questionHandler) changeVote(c echo.Context, up bool) error {
	if err := q.limit(c, q.votes); err != nil {
		return err
	}
	question, err := q.svc.Vote(c.Request().Context(), liveToken(c), c.Param("qid"), up)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, question)
}

func (q *questionHandler) retract(c echo.Context) error {
	if err := q.svc.Retract(c.Request().Context(), liveToken(c), c.Param("qid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
