// Package links builds the public addresses Plenary hands out — in emails,
// calendar files, link previews and command output — from BASE_URL, in one
// place, so that a page that moves moves everywhere at once.
//
// Each address is BASE_URL, a fixed path and one value (a slug or a token),
// path-escaped: slugs and tokens are URL-safe by construction today, and an
// odd one still cannot change which page a link opens.
package links

import (
	"net/url"
	"strings"
)

// Site makes addresses under one BASE_URL. The zero Site makes paths
// relative to the host ("/events/slug").
type Site struct {
	base string // without a trailing slash
}

// New returns the Site at baseURL (e.g. "https://events.example.org" or
// "https://example.org/plenary/"); a trailing slash is dropped.
func New(baseURL string) Site { return Site{base: strings.TrimRight(baseURL, "/")} }

// Event is the public page of the event with this slug.
func (s Site) Event(slug string) string { return s.join("/events/", slug) }

// Manage is the attendee's private page for their registration, opened
// with the manage token from their emails.
func (s Site) Manage(token string) string { return s.join("/r/", token) }

// ReplaySuffix, after a manage link, makes the registrant's own link to
// the replay: the page keeps the registrant's live-page token for the
// tab, then shows the event's public page, so that what they watch counts
// for them and the address they might share names no one.
const ReplaySuffix = "/replay"

// Unsubscribe is the page where a recipient stops an event's broadcasts;
// it asks before it acts, so it is the link people see in a message.
func (s Site) Unsubscribe(token string) string { return s.join("/unsubscribe/", token) }

// UnsubscribeAPI is the one-click address for the List-Unsubscribe header
// (RFC 8058): mail clients POST to it without showing a page.
func (s Site) UnsubscribeAPI(token string) string { return s.join("/api/v1/unsubscribe/", token) }

// Live is an attendee's entry to the live session of an event.
func (s Site) Live(token string) string { return s.join("/live/", token) }

func (s Site) join(path, value string) string { return s.base + path + url.PathEscape(value) }

// CommentConfirm is the page where a commenter confirms their address (it
// asks before it acts, as mail scanners open links).
func (s Site) CommentConfirm(token string) string { return s.join("/comments/confirm/", token) }

// CommentDelete is the page where a commenter deletes their own comment.
func (s Site) CommentDelete(token string) string { return s.join("/comments/delete/", token) }
