package live

import "time"

// SetClock makes s tell the time by now, so that tests can stand anywhere
// in an event's window.
func SetClock(s *Service, now func() time.Time) { s.now = now }

// ClassifyStream is classifyStream, for the table test of stream kinds.
var ClassifyStream = classifyStream
