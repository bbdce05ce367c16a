package live

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// The hub holds this process's viewers of each event's stream, in two
// audiences. When an event changes (here, or in another process: see
// fanout) its room reads the change log after the last id it delivered,
// reads each changed subject once, renders one batch of messages per
// audience once and hands the same bytes to every viewer of it. A room
// flushes at most once per flushInterval, so a burst of votes for one
// question becomes one message a flush. A viewer that does not keep up
// has a bounded queue; when it overflows the viewer is let go (its client
// resumes with Last-Event-ID) rather than the hub waiting for it.

// audience is who a stream is for: what its messages may carry differs.
type audience int

const (
	attendees  audience = iota // confirmed registrants: no emails, no held questions
	moderators                 // signed-in staff: ModQuestion, drafts
)

// Stream timings.
const (
	// flushInterval is the shortest time between two flushes of a room;
	// the first change after a quiet spell goes out at once.
	flushInterval = 100 * time.Millisecond
	// viewerQueue is how many batches a viewer may fall behind (about
	// viewerQueue × flushInterval of a busy session) before it is let go.
	viewerQueue = 64
	// maxChangesRead bounds one read of the change log; a room with more
	// to read flushes again at once.
	maxChangesRead = 1000
	// retryAfterFailure is the pause before a room reads again after the
	// database failed it.
	retryAfterFailure = time.Second
)

// message is one server-sent event: its id is the change id.
type message struct {
	id   int64
	text []byte // "id: …\nevent: …\ndata: …\n\n"
}

// batch is the messages of one flush for one audience, in id order.
type batch struct {
	messages []message
	text     []byte    // all of them, written at once when none is skipped
	delivery *delivery // the flush it is part of
}

func newBatch(ms []message) *batch {
	b := &batch{messages: ms}
	for _, m := range ms {
		b.text = append(b.text, m.text...)
	}
	return b
}

// audiences is a set of audiences.
type audiences uint8

func (as audiences) has(a audience) bool { return as&(1<<a) != 0 }

// viewer is one open stream.
type viewer struct {
	audience audience
	out      chan *batch
	gone     chan struct{} // closed when the hub lets the viewer go
}

// room is an event's viewers in this process and how far they have been
// told.
type room struct {
	eventID string
	ready   chan struct{} // closed once last is read
	err     error         // why last could not be read

	mu       sync.Mutex
	last     int64 // the last change id delivered
	viewers  [2]map[*viewer]struct{}
	closed   bool // emptied and gone from the hub
	dirty    bool // changes may wait to be read
	running  bool // a goroutine flushes
	flushed  time.Time
	delivery *delivery // of the last flush
}

// watching is the audiences the room has viewers of; call it with r.mu
// held.
func (r *room) watching() audiences {
	var as audiences
	for aud, vs := range r.viewers {
		if len(vs) > 0 {
			as |= 1 << aud
		}
	}
	return as
}

// hub is the process's rooms.
type hub struct {
	s     *Service
	mu    sync.Mutex
	rooms map[string]*room
}

func newHub(s *Service) *hub { return &hub{s: s, rooms: map[string]*room{}} }

// room returns the event's room, made (and its position read) if need be.
func (h *hub) room(ctx context.Context, eventID string) (*room, error) {
	h.mu.Lock()
	r, ok := h.rooms[eventID]
	if !ok {
		r = &room{eventID: eventID, ready: make(chan struct{}),
			viewers: [2]map[*viewer]struct{}{{}, {}}}
		h.rooms[eventID] = r
	}
	h.mu.Unlock()
	if !ok {
		r.last, r.err = h.s.latestChange(ctx, eventID)
		close(r.ready)
	}
	select {
	case <-r.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if r.err != nil {
		h.mu.Lock()
		if h.rooms[eventID] == r {
			delete(h.rooms, eventID)
		}
		h.mu.Unlock()
		return nil, r.err
	}
	return r, nil
}

// join adds a viewer of audience to the event's room. It returns the
// viewer and the last change id the room delivered: the viewer hears of
// every later one.
func (h *hub) join(ctx context.Context, eventID string, aud audience) (*viewer, *room, int64, error) {
	for {
		r, err := h.room(ctx, eventID)
		if err != nil {
			return nil, nil, 0, err
		}
		r.mu.Lock()
		if r.closed { // emptied meanwhile: a new room takes over
			r.mu.Unlock()
			continue
		}
		v := &viewer{audience: aud, out: make(chan *batch, viewerQueue), gone: make(chan struct{})}
		r.viewers[aud][v] = struct{}{}
		last := r.last
		r.mu.Unlock()
		return v, r, last, nil
	}
}

// leave removes the viewer; the last one out closes the room.
func (h *hub) leave(r *room, v *viewer) {
	r.mu.Lock()
	delete(r.viewers[v.audience], v)
	empty := len(r.viewers[attendees]) == 0 && len(r.viewers[moderators]) == 0
	if empty {
		r.closed = true
	}
	r.mu.Unlock()
	if empty {
		h.mu.Lock()
		if h.rooms[r.eventID] == r {
			delete(h.rooms, r.eventID)
		}
		h.mu.Unlock()
	}
}

// mark says the event may have changes to read; those of events nobody
// here watches are not read.
func (h *hub) mark(eventID string) {
	h.mu.Lock()
	r := h.rooms[eventID]
	h.mu.Unlock()
	if r != nil {
		h.schedule(r)
	}
}

// markAll has every room read what it may have missed.
func (h *hub) markAll() {
	h.mu.Lock()
	rooms := make([]*room, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	for _, r := range rooms {
		h.schedule(r)
	}
}

func (h *hub) schedule(r *room) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dirty = true
	if !r.running && !r.closed {
		r.running = true
		go h.run(r)
	}
}

// run flushes the room while it has changes to read, at most once per
// flushInterval.
func (h *hub) run(r *room) {
	<-r.ready
	for {
		r.mu.Lock()
		if !r.dirty || r.closed {
			r.running = false
			r.mu.Unlock()
			return
		}
		r.mu.Unlock()
		r.pace()
		r.mu.Lock()
		r.dirty = false
		r.flushed = time.Now() // flushes start flushInterval apart
		r.mu.Unlock()
		more, err := h.flush(r)
		r.mu.Lock()
		if more || err != nil {
			r.dirty = true
		}
		r.mu.Unlock()
		if err != nil {
			h.s.logger.Warn("live: could not read an event's changes; trying again", "event", r.eventID, "err", err)
			time.Sleep(retryAfterFailure)
		}
	}
}

// flush reads the changes after the room's last, renders them for the
// audiences it has viewers of and queues them for every viewer. It says
// whether more wait. The reads share one connection of the stream's own
// (see Run).
func (h *hub) flush(r *room) (bool, error) {
	r.mu.Lock()
	from := r.last
	r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := h.s.streamDB().Acquire(ctx)
	if err != nil {
		return false, fmt.Errorf("live: read an event's changes: %w", err)
	}
	defer conn.Release()
	changes, err := changesAfter(ctx, conn, r.eventID, from, 0)
	if err != nil || len(changes) == 0 {
		return false, err
	}
	var rendered [2][]message
	var done audiences
	for {
		r.mu.Lock()
		need := r.watching() &^ done
		if need == 0 { // r.mu stays locked for the queueing below
			break
		}
		r.mu.Unlock() // a viewer of the other audience may join meanwhile: look again
		more, err := h.s.render(ctx, conn, r.eventID, changes, need)
		if err != nil {
			return false, err
		}
		for aud := range rendered {
			if need.has(audience(aud)) {
				rendered[aud] = more[aud]
			}
		}
		done |= need
	}
	batches := [2]*batch{newBatch(rendered[attendees]), newBatch(rendered[moderators])}
	defer r.mu.Unlock()
	r.last = changes[len(changes)-1].ID
	viewers := 0
	for aud, b := range batches {
		if len(b.messages) > 0 {
			viewers += len(r.viewers[aud])
		}
	}
	d := newDelivery(viewers)
	r.delivery = d
	for aud, b := range batches {
		if len(b.messages) == 0 {
			continue
		}
		b.delivery = d
		for v := range r.viewers[aud] {
			select {
			case v.out <- b:
			default: // too far behind: let it go rather than wait
				delete(r.viewers[aud], v)
				close(v.gone)
				d.written()
			}
		}
	}
	return len(changes) == maxChangesRead, nil
}

// subscription is one viewer's stream: what it missed, then what comes.
type subscription struct {
	hub      *hub
	room     *room
	viewer   *viewer
	missed   []message // the changes after the viewer's position up to the room's
	skipUpTo int64     // later messages up to this id were seen already
}

// subscribe opens a stream of the event for aud. A viewer that resumes
// (after the change id it saw last) first gets, once each, the subjects
// that changed since; one that does not starts from now.
func (s *Service) subscribe(ctx context.Context, eventID string, aud audience, after int64, resume bool) (*subscription, error) {
	v, r, last, err := s.hub.join(ctx, eventID, aud)
	if err != nil {
		return nil, err
	}
	sub := &subscription{hub: s.hub, room: r, viewer: v, skipUpTo: last}
	if !resume {
		return sub, nil
	}
	sub.skipUpTo = after
	for after < last {
		changes, err := changesAfter(ctx, s.streamDB(), eventID, after, last)
		if err == nil && len(changes) == 0 {
			break
		}
		var rendered [2][]message
		if err == nil {
			rendered, err = s.render(ctx, s.streamDB(), eventID, changes, 1<<aud)
		}
		if err != nil {
			sub.close()
			return nil, err
		}
		sub.missed = append(sub.missed, rendered[aud]...)
		after = changes[len(changes)-1].ID
	}
	return sub, nil
}

// close leaves the room.
func (sub *subscription) close() { sub.hub.leave(sub.room, sub.viewer) }

// unseen is the text of b's messages the viewer has not seen.
func (sub *subscription) unseen(b *batch) []byte {
	if len(b.messages) == 0 || b.messages[0].id > sub.skipUpTo {
		return b.text
	}
	var text []byte
	for _, m := range b.messages {
		if m.id > sub.skipUpTo {
			text = append(text, m.text...)
		}
	}
	return text
}
