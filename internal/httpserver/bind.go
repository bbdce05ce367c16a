package httpserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"
)

// BindJSON decodes a JSON request body into v. It refuses other content
// types (which also keeps cross-site HTML forms out), unknown fields (so a
// client learns at once that a field is not accepted) and trailing data.
func BindJSON(c echo.Context, v any) error {
	mediaType, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mediaType != echo.MIMEApplicationJSON {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "Send the request body as application/json.")
	}
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("The request body is not valid JSON for this request: %v.", err))
	}
	if dec.More() {
		return echo.NewHTTPError(http.StatusBadRequest, "The request body has data after the JSON value.")
	}
	return nil
}
