package httpserver

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"plenary/internal/page"
)

// QueryLimit reads ?limit: 0 when absent (the list's default), -1 when it
// is not a positive whole number, which the list then reports as out of
// range with its other validation errors.
func QueryLimit(c echo.Context) int {
	s := c.QueryParam("limit")
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return -1
	}
	return n
}

// QueryPage reads a list's ?limit and ?cursor.
func QueryPage(c echo.Context) page.Request {
	return page.Request{Limit: QueryLimit(c), Cursor: c.QueryParam("cursor")}
}

// Bearer is the request's bearer token (an attendee's manage-link token).
func Bearer(c echo.Context) string {
	token, _ := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
	return strings.TrimSpace(token)
}
