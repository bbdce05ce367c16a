package live

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/httpserver"
)

// ModQueue is the moderators' list of questions.
type ModQueue struct {
	Items           []ModQuestion `json:"items"`
	LastChangeID    int64         `json:"last_change_id"`
	FairExplanation string        `json:"fair_explanation"`
}

// EditRequest is a moderator's new wording of a question.
type EditRequest struct {
	Body string `json:"body"`
}

// MergeRequest names the question to merge into.
type MergeRequest struct {
	Into string `json:"into"`
}

// AnswerRequest answers a question in writing, live, or both.
type AnswerRequest struct {
	Answer string `json:"answer"`
	Live   bool   `json:"live"`
}

// DismissRequest says why a question is dismissed.
type DismissRequest struct {
	Reason string `json:"reason"`
}

func (q *questionHandler) queue(c echo.Context) error {
	order, err := ParseOrder(c.QueryParam("order"))
	if err != nil {
		return err
	}
	items, last, err := q.svc.Queue(c.Request().Context(), c.Param("id"), c.QueryParam("status"), order)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ModQueue{Items: items, LastChangeID: last, FairExplanation: FairExplanation})
}

// decide applies d to the question of the path.
func (q *questionHandler) decide(c echo.Context, d Decision) error {
	question, err := q.svc.Moderate(c.Request().Context(), c.Param("id"), c.Param("qid"), d)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, question)
}

func (q *questionHandler) approve(c echo.Context) error {
	return q.decide(c, Decision{Action: ActionApprove})
}

func (q *questionHandler) edit(c echo.Context) error {
	var req EditRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	return q.decide(c, Decision{Action: ActionEdit, Body: req.Body})
}

func (q *questionHandler) merge(c echo.Context) error {
	var req MergeRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	return q.decide(c, Decision{Action: ActionMerge, Into: req.Into})
}

func (q *questionHandler) answer(c echo.Context) error {
	var req AnswerRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	return q.decide(c, Decision{Action: ActionAnswer, Answer: req.Answer, Live: req.Live})
}

func (q *questionHandler) dismiss(c echo.Context) error {
	var req DismissRequest
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	return q.decide(c, Decision{Action: ActionDismiss, Reason: req.Reason})
}

func (q *questionHandler) stage(c echo.Context) error {
	var req Stage
	if err := httpserver.BindJSON(c, &req); err != nil {
		return err
	}
	st, err := q.svc.SetStage(c.Request().Context(), c.Param("id"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (q *questionHandler) block(c echo.Context) error   { return q.setBlocked(c, true) }
func (q *questionHandler) unblock(c echo.Context) error { return q.setBlocked(c, false) }

func (q *questionHandler) setBlocked(c echo.Context, blocked bool) error {
	user, _ := accounts.CurrentUser(c)
	if err := q.svc.SetBlocked(c.Request().Context(), c.Param("id"), c.Param("rid"), user.ID, blocked); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
