package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	gomail "github.com/wneessen/go-mail"
)

// Rendered is a message ready to send.
type Rendered struct {
	From, To, Subject string
	Text, HTML        string
	MessageID         string // without angle brackets; stable per outbox row
	Headers           map[string]string
	Attachments       []Attachment
}

// Attachment is a file sent with a message.
type Attachment struct {
	Name, ContentType string
	Data              []byte
}

// Sender hands messages to a mail server.
type Sender interface {
	Send(ctx context.Context, m Rendered) error
}

// errNoSMTP marks a message that was not delivered because no SMTP server
// is configured: it is recorded, not retried.
var errNoSMTP = errors.New("not delivered: no SMTP configured")

// SMTP sends through one server over at most size connections at once,
// keeping them open and reusing each for message after message. A Send
// beyond that waits for a connection to come free.
type SMTP struct {
	slots chan struct{} // one per connection in use
	idle  chan *gomail.Client
	make  func() (*gomail.Client, error)
}

// NewSMTP parses an SMTP_URL: smtp:// (STARTTLS when the server offers it;
// ?tls=required insists, ?tls=none never tries) or smtps:// (TLS from the
// start), with optional user:password for SMTP AUTH.
func NewSMTP(rawURL string, size int) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP_URL: %w", err)
	}
	opts := []gomail.Option{gomail.WithTLSPolicy(gomail.TLSOpportunistic)}
	port := 587
	switch {
	case u.Scheme == "smtps":
		port = 465
		opts = append(opts, gomail.WithSSL())
	case u.Query().Get("tls") == "required":
		opts[0] = gomail.WithTLSPolicy(gomail.TLSMandatory)
	case u.Query().Get("tls") == "none":
		opts[0] = gomail.WithTLSPolicy(gomail.NoTLS)
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("mail: SMTP_URL port: %w", err)
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if user := u.User.Username(); user != "" {
		password, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(user), gomail.WithPassword(password))
	}
	if _, err := gomail.NewClient(u.Hostname(), opts...); err != nil {
		return nil, fmt.Errorf("mail: SMTP_URL: %w", err)
	}
	s := &SMTP{slots: make(chan struct{}, size), idle: make(chan *gomail.Client, size), make: func() (*gomail.Client, error) { return gomail.NewClient(u.Hostname(), opts...) }}
	return s, nil
}

// Send delivers m on an open connection, or a new one.
func (s *SMTP) Send(ctx context.Context, m Rendered) error {
	msg, err := m.message()
	if err != nil {
		return err
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	case <-ctx.Done():
		return ctx.Err()
	}
	var c *gomail.Client
	select {
	case c = <-s.idle:
		err = c.Send(msg)
		var sendErr *gomail.SendError
		if !errors.As(err, &sendErr) || sendErr.Reason != gomail.ErrConnCheck {
			break
		}
		// The kept connection is gone (the server restarted, or closed it
		// while idle), found before anything of msg was sent: a new one.
		_ = c.Close()
		c = nil
	default:
	}
	if c == nil {
		if c, err = s.dial(ctx); err != nil {
			return err
		}
		err = c.Send(msg)
	}
	if err != nil {
		_ = c.Close() // the connection may be broken; the next send opens another
		return fmt.Errorf("mail: send: %w", err)
	}
	select {
	case s.idle <- c:
	default:
		_ = c.Close()
	}
	return nil
}

func (s *SMTP) dial(ctx context.Context) (*gomail.Client, error) {
	c, err := s.make()
	if err != nil {
		return nil, err
	}
	if err := c.DialWithContext(ctx); err != nil {
		return nil, fmt.Errorf("mail: connect: %w", err)
	}
	return c, nil
}

// Close ends the idle connections.
func (s *SMTP) Close() {
	for {
		select {
		case c := <-s.idle:
			_ = c.Close()
		default:
			return
		}
	}
}

func (m Rendered) message() (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(m.From); err != nil {
		return nil, fmt.Errorf("mail: from %q: %w", m.From, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: to %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDate()
	for name, value := range m.Headers {
		msg.SetGenHeader(gomail.Header(name), value)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		msg.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
	}
	return msg, nil
}
