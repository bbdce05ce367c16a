package live

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/accounts"
	"plenary/internal/errs"
	"plenary/internal/httpserver"
)

// Stream timings on the wire.
const (
	// streamGrace is how long a viewer may go without reading before its
	// connection is cut. The deadline moves forward by streamGrace when a
	// write finds less than half of it left (moving it costs two calls
	// into the runtime's poller, and a write goes out ten times a second
	// to each viewer of a busy session), so a viewer that stops reading is
	// cut after between half of streamGrace and all of it.
	streamGrace = time.Minute
	// pingEvery keeps proxies from closing a quiet stream.
	pingEvery = 20 * time.Second
	// retryText tells EventSource to reconnect 3 s after a loss.
	retryText = "retry: 3000\n\n"
)

// errBadPosition answers a Last-Event-ID or ?after= that is not a change id.
var errBadPosition = errs.Publicf(errs.ErrBadRequest, "Last-Event-ID and after must be a change id: a whole number, 0 or more.")

func (h *Handler) streamRoutes(g *echo.Group) {
	g.GET("/live/:token/stream", h.attendeeStream)
	g.GET("/manage/events/:id/live/stream", h.moderatorStream, accounts.RequireSignedIn)
}

// attendeeStream is a confirmed registrant's stream of their event.
func (h *Handler) attendeeStream(c echo.Context) error {
	after, resume, err := streamPosition(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	p, err := h.svc.participant(ctx, liveToken(c))
	if err != nil {
		return err
	}
	if !p.Confirmed() {
		return ErrNotConfirmed
	}
	sub, err := h.svc.subscribe(ctx, p.EventID, attendees, after, resume)
	if err != nil {
		return err
	}
	return serveStream(c, sub)
}

// moderatorStream is the moderators' stream of an event.
func (h *Handler) moderatorStream(c echo.Context) error {
	after, resume, err := streamPosition(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := h.svc.events.Get(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	sub, err := h.svc.subscribe(ctx, d.ID, moderators, after, resume)
	if err != nil {
		return err
	}
	return serveStream(c, sub)
}

// streamPosition is where a viewer resumes: the Last-Event-ID header that
// EventSource sends when it reconnects, or else ?after= (the
// last_change_id of what the client read first). Neither: from now.
func streamPosition(c echo.Context) (int64, bool, error) {
	raw := strings.TrimSpace(c.Request().Header.Get("Last-Event-ID"))
	if raw == "" {
		raw = c.QueryParam("after")
	}
	if raw == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 {
		return 0, false, errBadPosition
	}
	return n, true, nil
}

// serveStream writes the subscription's messages as server-sent events
// until the client goes, the hub lets it go, or the server stops.
func serveStream(c echo.Context, sub *subscription) error {
	defer sub.close()
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, "text/event-stream")
	res.Header().Set(echo.HeaderCacheControl, "no-store")
	res.Header().Set("X-Accel-Buffering", "no") // proxies must not hold messages back
	var deadline time.Time
	write := func(text []byte) bool {
		if now := time.Now(); deadline.Sub(now) < streamGrace/2 {
			if err := httpserver.ExtendDeadline(c, streamGrace); err != nil {
				return false
			}
			deadline = now.Add(streamGrace)
		}
		if _, err := res.Write(text); err != nil {
			return false
		}
		res.Flush()
		return true
	}
	res.WriteHeader(http.StatusOK)
	first := []byte(retryText)
	for _, m := range sub.missed {
		first = append(first, m.text...)
	}
	sub.missed = nil
	if !write(first) {
		return nil
	}
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	done := c.Request().Context().Done()
	for {
		var text []byte
		var taken []*batch
		select {
		case b := <-sub.viewer.out:
			text, taken = sub.unseen(b), append(taken, b)
			// What queued meanwhile goes in the same write, in a buffer of
			// the viewer's own: a batch's text is shared by every viewer.
			for more := true; more; {
				select {
				case b := <-sub.viewer.out:
					text, taken = append(append([]byte(nil), text...), sub.unseen(b)...), append(taken, b)
				default:
					more = false
				}
			}
		case <-ping.C:
			text = []byte(": ping\n\n")
		case <-sub.viewer.gone:
			return nil // too slow: the client resumes from its last id
		case <-done:
			return nil
		}
		ok := len(text) == 0 || write(text)
		for _, b := range taken {
			b.delivery.written()
		}
		if !ok {
			return nil
		}
	}
}
