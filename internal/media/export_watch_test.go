package media

import "time"

// SetClock makes s count replay reports by now.
func SetClock(s *Service, now func() time.Time) { s.opts.Now = now }
