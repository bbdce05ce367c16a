package httpserver

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// Malformed is input the server cannot read as meant: text that is not
// UTF-8 or holds a NUL (PostgreSQL refuses both), JSON of the wrong shape.
// It maps to 400 with a message per field, like a validation error.
type Malformed map[string]string

func (m Malformed) Error() string {
	for field, message := range m {
		return "malformed input: " + field + ": " + message
	}
	return "malformed input"
}

// TextProblem says what is wrong with a piece of text the API received, or
// "" when nothing is: invalid UTF-8 and NUL characters are refused
// wherever they appear, since no field means either.
func TextProblem(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "Use valid UTF-8 text."
	case strings.IndexByte(s, 0) >= 0:
		return "Remove the NUL character (\\u0000)."
	}
	return ""
}

// readableInput refuses a request whose path parameters or query string
// hold text no handler could use, before any handler sees it. It runs on
// every API route, so a route added later is covered without asking.
func readableInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		bad := Malformed{}
		for i, name := range c.ParamNames() {
			if i < len(c.ParamValues()) {
				if msg := TextProblem(c.ParamValues()[i]); msg != "" {
					bad[name] = msg
				}
			}
		}
		for field, msg := range QueryProblems(c.Request().URL.RawQuery) {
			bad[field] = msg
		}
		if len(bad) > 0 {
			return bad
		}
		return next(c)
	}
}

// QueryProblems checks a raw query string, pair by pair, and names each
// parameter that cannot be read: a broken %-escape, invalid UTF-8 or a NUL.
func QueryProblems(raw string) Malformed {
	bad := Malformed{}
	for pair := range strings.SplitSeq(raw, "&") {
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil || TextProblem(key) != "" {
			bad["query"] = "A parameter name is not readable text."
			continue
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			bad[key] = "Fix the %-escapes in this parameter."
		} else if msg := TextProblem(value); msg != "" {
			bad[key] = msg
		}
	}
	return bad
}
