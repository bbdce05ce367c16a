package httpserver

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"plenary/internal/errs"
)

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail"`
	Errors map[string]string `json:"errors,omitempty"`
}

// Problem types beyond the plain HTTP status ("about:blank").
const (
	TypeValidation  = "urn:plenary:problem:validation"
	TypeRateLimited = "urn:plenary:problem:rate-limited"
	TypeMalformed   = "urn:plenary:problem:malformed"
)

// sentinelStatus maps each domain sentinel to its HTTP status, in order of
// precedence.
var sentinelStatus = []struct {
	err    error
	status int
}{
	{errs.ErrBadRequest, http.StatusBadRequest},
	{errs.ErrNotFound, http.StatusNotFound},
	{errs.ErrUnauthorized, http.StatusUnauthorized},
	{errs.ErrForbidden, http.StatusForbidden},
	{errs.ErrConflict, http.StatusConflict},
	{errs.ErrFull, http.StatusConflict},
	{errs.ErrInvalid, http.StatusUnprocessableEntity},
	{errs.ErrRetry, http.StatusServiceUnavailable},
	{errs.ErrUpstream, http.StatusBadGateway},
}

// errorHandler renders every error as application/problem+json. Server
// errors are logged once, with the request ID, and never shown.
func errorHandler(logger *slog.Logger, app spa) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		if errors.Is(err, echo.ErrNotFound) && app.fallback(c) {
			return
		}
		p, retryAfter := problemFor(err)
		requestID := c.Response().Header().Get(echo.HeaderXRequestID)
		if p.Status >= 500 {
			logger.Error("request failed", "err", err, "request_id", requestID,
				"method", c.Request().Method, "route", c.Path())
			if p.Status == http.StatusInternalServerError {
				p.Detail = fmt.Sprintf("Something went wrong on our side. Quote request ID %s when reporting it.", requestID)
			}
		}
		if retryAfter > 0 {
			c.Response().Header().Set("Retry-After", strconv.Itoa(retryAfter))
		}
		if err := WriteProblem(c, p); err != nil {
			logger.Error("writing problem response", "err", err, "request_id", requestID)
		}
	}
}

// WriteProblem sends p as the response. A HEAD gets the headers a GET
// would, without the body.
func WriteProblem(c echo.Context, p Problem) error {
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	if c.Request().Method == http.MethodHead {
		return c.NoContent(p.Status)
	}
	return c.JSON(p.Status, p)
}

// problemFor converts an error into a problem and a Retry-After in seconds.
func problemFor(err error) (Problem, int) {
	var (
		he         *echo.HTTPError
		validation errs.Validation
		malformed  Malformed
		tooMany    *errs.TooMany
		public     *errs.Public
	)
	switch {
	case errors.As(err, &validation):
		return Problem{Type: TypeValidation, Title: "Invalid request", Status: http.StatusUnprocessableEntity,
			Detail: "Some fields are not valid; see errors.", Errors: validation}, 0
	case errors.As(err, &malformed):
		return Problem{Type: TypeMalformed, Title: "Malformed request", Status: http.StatusBadRequest,
			Detail: "Some fields could not be read: " + strings.Join(slices.Sorted(maps.Keys(malformed)), ", ") + "; see errors.",
			Errors: malformed}, 0
	case errors.As(err, &tooMany):
		seconds := int(math.Ceil(tooMany.RetryAfter.Seconds()))
		return Problem{Type: TypeRateLimited, Title: "Too many requests", Status: http.StatusTooManyRequests,
			Detail: fmt.Sprintf("Too many attempts; try again in %d seconds.", seconds)}, max(seconds, 1)
	case errors.As(err, &he):
		return httpProblem(he), 0
	}
	status := http.StatusInternalServerError
	for _, s := range sentinelStatus {
		if errors.Is(err, s.err) {
			status = s.status
			break
		}
	}
	p := plain(status)
	if errors.As(err, &public) && status < 500 {
		p.Detail = public.Detail
	}
	if status == http.StatusServiceUnavailable {
		return p, 1
	}
	return p, 0
}

// httpProblem renders errors raised by Echo itself: unknown routes, wrong
// methods, bodies too large, malformed JSON.
func httpProblem(he *echo.HTTPError) Problem {
	p := plain(he.Code)
	if he.Code >= 500 {
		return p
	}
	switch he.Code {
	case http.StatusNotFound:
		p.Detail = "There is nothing at this address."
	case http.StatusMethodNotAllowed:
		p.Detail = "This address does not accept that method."
	case http.StatusRequestEntityTooLarge:
		p.Detail = "The request body is larger than this server accepts."
	default:
		if msg, ok := he.Message.(string); ok && msg != "" {
			p.Detail = msg
		}
	}
	return p
}

func plain(status int) Problem {
	title := http.StatusText(status)
	return Problem{Type: "about:blank", Title: title, Status: status, Detail: title + "."}
}
