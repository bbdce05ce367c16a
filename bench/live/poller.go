package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// The viewers stand for browsers on thousands of other machines, yet they
// run on the servers' own cores, so what they cost is taken from the
// servers. Through the net package each message costs a viewer two reads
// (the data, then EAGAIN before it parks) and a goroutine wake-up; a
// poller reads each ready connection once for whatever has arrived, with
// one epoll_wait for many of them, at about half the CPU. It speaks just
// the HTTP/1.1 a stream needs: one GET, a response head, a chunked body.

// poller reads its streams in one goroutine.
type poller struct {
	epfd    int
	mu      sync.Mutex
	streams map[int32]*stream // by file descriptor
}

func newPoller() (*poller, error) {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("epoll: %w", err)
	}
	return &poller{epfd: epfd, streams: map[int32]*stream{}}, nil
}

// sockaddr is the address of a server's http://host:port.
func sockaddr(raw string) (*syscall.SockaddrInet4, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	ap, err := netip.ParseAddrPort(u.Host)
	if err != nil || !ap.Addr().Is4() {
		return nil, fmt.Errorf("server %s: want an IPv4 host:port", raw)
	}
	return &syscall.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}, nil
}

// watch opens the viewer's stream (through gate) and hands it to the
// poller; opened says whether the first attempt got a stream. A failed
// attempt is tried again a second later.
func (p *poller) watch(v *viewer, gate chan struct{}, opened func(bool)) {
	for {
		gate <- struct{}{}
		fd, err := v.dial()
		<-gate
		if err == nil {
			p.add(&stream{viewer: v, fd: fd, opened: opened})
			return
		}
		if opened != nil {
			opened(false)
			opened = nil
		}
		time.Sleep(time.Second)
	}
}

// dial connects to the viewer's server and sends the stream's request,
// resuming after the last id the viewer received.
func (v *viewer) dial() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	req := "GET " + v.path + " HTTP/1.1\r\nHost: " + v.host + "\r\nAccept: text/event-stream\r\n"
	v.mu.Lock()
	if v.last > 0 {
		req += "Last-Event-ID: " + strconv.FormatInt(v.last, 10) + "\r\n"
	}
	v.mu.Unlock()
	b := []byte(req + "\r\n")
	if err = syscall.Connect(fd, v.server); err == nil {
		for len(b) > 0 && err == nil {
			var n int
			n, err = syscall.Write(fd, b)
			b = b[max(n, 0):]
		}
	}
	if err == nil {
		err = syscall.SetNonblock(fd, true)
	}
	if err != nil {
		syscall.Close(fd)
		return -1, err
	}
	return fd, nil
}

func (p *poller) add(s *stream) {
	p.mu.Lock()
	p.streams[int32(s.fd)] = s
	p.mu.Unlock()
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP, Fd: int32(s.fd)}
	if err := syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_ADD, s.fd, &ev); err != nil {
		p.end(s)
	}
}

// end closes the stream and, as EventSource does, opens it again from the
// last id its viewer received.
func (p *poller) end(s *stream) {
	p.mu.Lock()
	delete(p.streams, int32(s.fd))
	p.mu.Unlock()
	_ = syscall.EpollCtl(p.epfd, syscall.EPOLL_CTL_DEL, s.fd, nil)
	syscall.Close(s.fd)
	if s.opened != nil {
		s.opened(false)
	}
	s.viewer.mu.Lock()
	s.viewer.reconnects++
	s.viewer.mu.Unlock()
	go func() {
		time.Sleep(100 * time.Millisecond)
		p.watch(s.viewer, make(chan struct{}, 1), nil)
	}()
}

// run reads whatever has arrived on the ready streams, for ever. Each
// read is stamped with the time it returned: the receipt time of every
// message it completes.
func (p *poller) run() {
	events := make([]syscall.EpollEvent, 256)
	buf := make([]byte, 64<<10)
	for {
		n, err := syscall.EpollWait(p.epfd, events, -1)
		if err != nil {
			if errors.Is(err, syscall.EINTR) {
				continue
			}
			panic(fmt.Sprintf("epoll_wait: %v", err))
		}
		for _, ev := range events[:n] {
			p.mu.Lock()
			s := p.streams[ev.Fd]
			p.mu.Unlock()
			if s == nil {
				continue
			}
			m, err := syscall.Read(s.fd, buf)
			if errors.Is(err, syscall.EAGAIN) {
				continue
			}
			if m <= 0 || err != nil || !s.consume(buf[:m], time.Now().UnixNano()) {
				p.end(s)
			}
		}
	}
}

// stream is one connection's parsing state.
type stream struct {
	viewer *viewer
	fd     int
	opened func(bool) // told once, when the response head is read

	pending []byte // read and not yet parsed
	used    int    // how much of pending parse has used
	head    bool   // the response head has been read
	chunk   int    // bytes left of the current chunk; -1: its CRLF is next
	inChunk bool   // a chunk's size has been read
	line    []byte // the body line being read
	id      int64  // the message's fields so far
	event   string
}

// consume parses what was read at at; false: the stream is over or broken.
func (s *stream) consume(b []byte, at int64) bool {
	s.pending = append(s.pending, b...)
	ok := s.parse(at)
	s.pending = s.pending[:copy(s.pending, s.pending[s.used:])]
	s.used = 0
	return ok
}

func (s *stream) parse(at int64) bool {
	if !s.head {
		end := bytes.Index(s.pending, []byte("\r\n\r\n"))
		if end < 0 {
			return len(s.pending) < 16<<10
		}
		head := s.pending[:end]
		ok := bytes.HasPrefix(head, []byte("HTTP/1.1 200 ")) &&
			bytes.Contains(bytes.ToLower(head), []byte("\r\ntransfer-encoding: chunked"))
		if s.opened != nil {
			s.opened(ok)
			s.opened = nil
		}
		if !ok {
			return false
		}
		s.head = true
		s.used = end + 4
	}
	for {
		rest := s.pending[s.used:]
		switch {
		case !s.inChunk: // a size line: hex, maybe extensions, CRLF
			eol := bytes.Index(rest, []byte("\r\n"))
			if eol < 0 {
				return len(rest) < 1024
			}
			size := rest[:eol]
			if i := bytes.IndexByte(size, ';'); i >= 0 {
				size = size[:i]
			}
			n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 32)
			if err != nil || n == 0 { // malformed, or the end of the body
				return false
			}
			s.chunk, s.inChunk = int(n), true
			s.used += eol + 2
		case s.chunk > 0:
			if len(rest) == 0 {
				return true
			}
			data := rest[:min(s.chunk, len(rest))]
			s.chunk -= len(data)
			s.used += len(data)
			s.body(data, at)
			if s.chunk == 0 {
				s.chunk = -1
			}
		default: // the CRLF after a chunk's data
			if len(rest) < 2 {
				return true
			}
			if rest[0] != '\r' || rest[1] != '\n' {
				return false
			}
			s.inChunk = false
			s.used += 2
		}
	}
}

// body splits the event stream into lines and hands each to the viewer.
func (s *stream) body(data []byte, at int64) {
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			s.line = append(s.line, data...)
			return
		}
		line := data[:i]
		if len(s.line) > 0 {
			s.line = append(s.line, line...)
			line = s.line
		}
		s.viewer.receive(line, at, &s.id, &s.event)
		s.line = s.line[:0]
		data = data[i+1:]
	}
}
