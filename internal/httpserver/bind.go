package httpserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// maxJSONDepth is how deeply a request body may nest; no request of this
// API needs more than a few levels.
const maxJSONDepth = 32

// BindJSON decodes a JSON request body into v. It refuses other content
// types (which also keeps cross-site HTML forms out), bodies over the body
// limit (413), and with 400 naming the field: text that is not UTF-8 or
// holds a NUL, duplicate keys, nesting deeper than 32, values of the wrong
// type or out of range of their Go type, unknown fields (so a client
// learns at once that a field is not accepted) and trailing data.
func BindJSON(c echo.Context, v any) error {
	mediaType, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mediaType != echo.MIMEApplicationJSON {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "Send the request body as application/json.")
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return echo.NewHTTPError(http.StatusBadRequest, "The request body could not be read.")
	}
	return DecodeJSON(body, v)
}

// DecodeJSON is BindJSON's decoding, for a body already read.
func DecodeJSON(body []byte, v any) error {
	if err := CheckJSON(body); err != nil {
		return err
	}
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] != '{' {
		return Malformed{"body": "Send a JSON object."}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if dec.More() {
		return echo.NewHTTPError(http.StatusBadRequest, "The request body has data after the JSON value.")
	}
	return nil
}

// CheckJSON walks a JSON document without decoding it into Go values and
// refuses, naming the field, what encoding/json would let through
// silently: invalid UTF-8 (replaced by U+FFFD), a NUL in a string or key,
// a key given twice (the last would win) and nesting past maxJSONDepth.
func CheckJSON(body []byte) error {
	if !utf8.Valid(body) {
		return Malformed{"body": "Send the body as UTF-8 text."}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var stack []*jsonLevel
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return decodeError(err)
		}
		var level *jsonLevel
		if len(stack) > 0 {
			level = stack[len(stack)-1]
		}
		if level != nil && level.object && level.keyDue {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				valueDone(stack)
				continue
			}
			key, ok := tok.(string)
			if !ok { // the decoder allows nothing else here; refuse rather than trust it
				return echo.NewHTTPError(http.StatusBadRequest, "The request body is not valid JSON.")
			}
			if msg := TextProblem(key); msg != "" {
				return Malformed{fieldName(level.path): msg}
			}
			if level.keys[key] {
				return Malformed{fieldName(joinPath(level.path, key)): "This field is given twice."}
			}
			level.keys[key], level.key, level.keyDue = true, key, false
			continue
		}
		path := level.childPath()
		switch t := tok.(type) {
		case json.Delim:
			if t == ']' {
				stack = stack[:len(stack)-1]
				valueDone(stack)
				continue
			}
			if len(stack) == maxJSONDepth {
				return Malformed{fieldName(path): fmt.Sprintf("Nest values at most %d levels deep.", maxJSONDepth)}
			}
			stack = append(stack, &jsonLevel{path: path, object: t == '{', keyDue: t == '{', keys: map[string]bool{}})
			continue
		case string:
			if msg := TextProblem(t); msg != "" {
				return Malformed{fieldName(path): msg}
			}
		}
		valueDone(stack)
	}
}

// jsonLevel is one open object or array in CheckJSON's walk.
type jsonLevel struct {
	path   string
	object bool
	keys   map[string]bool
	key    string // the key whose value comes next
	keyDue bool   // in an object, a key comes next rather than a value
	index  int
}

// childPath is the path of the value about to be read inside l.
func (l *jsonLevel) childPath() string {
	if l == nil {
		return ""
	}
	if l.object {
		return joinPath(l.path, l.key)
	}
	return joinPath(l.path, strconv.Itoa(l.index))
}

// valueDone moves the innermost level past the value just read.
func valueDone(stack []*jsonLevel) {
	if len(stack) == 0 {
		return
	}
	l := stack[len(stack)-1]
	if l.object {
		l.keyDue = true
	} else {
		l.index++
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// fieldName is the name a problem gives a path: "body" for the whole.
func fieldName(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

// decodeError turns encoding/json's errors into 400s that name the field.
func decodeError(err error) error {
	var (
		typeErr   *json.UnmarshalTypeError
		syntaxErr *json.SyntaxError
	)
	switch {
	case errors.As(err, &typeErr):
		return Malformed{fieldName(typeErr.Field): "Use " + jsonKind(typeErr.Type) + "; got " + typeErr.Value + "."}
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return echo.NewHTTPError(http.StatusBadRequest, "The request body is not valid JSON.")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unquoted, err := strconv.Unquote(name); err == nil {
			name = unquoted
		}
		return Malformed{fieldName(name): "This field is not accepted here."}
	}
	return echo.NewHTTPError(http.StatusBadRequest, "The request body is not valid JSON for this request.")
}

// jsonKind names what a Go type accepts, in the client's terms.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a value of another type"
}
