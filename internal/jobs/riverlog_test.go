package jobs

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// A warning repeated within the window is held back and counted with the
// next one let through; other messages and lower levels pass.
func TestQuietRepeatsHoldsBackRepeatedWarnings(t *testing.T) {
	var out bytes.Buffer
	h := newQuietRepeats(slog.NewTextHandler(&out, nil), 30*time.Second)
	logger := slog.New(h).With("component", "river")
	start := time.Now()
	log := func(level slog.Level, msg string, after time.Duration) {
		r := slog.NewRecord(start.Add(after), level, msg, 0)
		if err := logger.Handler().Handle(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		log(slog.LevelWarn, "database is away", time.Duration(i)*time.Second)
		log(slog.LevelInfo, "fetching", time.Duration(i)*time.Second)
	}
	log(slog.LevelError, "another failure", 5*time.Second)
	log(slog.LevelWarn, "database is away", 31*time.Second)

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var warnings []string
	for _, l := range lines {
		if strings.Contains(l, "database is away") {
			warnings = append(warnings, l)
		}
	}
	if len(warnings) != 2 || strings.Contains(warnings[0], "repeats_not_logged") || !strings.Contains(warnings[1], "repeats_not_logged=4") {
		t.Errorf("warnings logged:\n%s", strings.Join(warnings, "\n"))
	}
	if n := strings.Count(out.String(), "fetching"); n != 5 {
		t.Errorf("%d info lines, want all 5", n)
	}
	if !strings.Contains(out.String(), "another failure") || !strings.Contains(out.String(), "component=river") {
		t.Errorf("log:\n%s", out.String())
	}
}
