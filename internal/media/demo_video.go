package media

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"plenary/internal/errs"
)

// DemoRecording says what SeedDemoRecording did.
type DemoRecording int

const (
	DemoRecordingMade     DemoRecording = iota // a sample video made, with captions and segments, published
	DemoRecordingKept                          // the event had a recording already: nothing changed
	DemoRecordingNoFFmpeg                      // ffmpeg is not installed: the event has no recording
)

const (
	demoChunkSeconds       = 60              // the piece of test pattern encoded, then repeated to the event's length
	demoVideoTimeout       = 2 * time.Minute // both ffmpeg runs together
	demoCaptionSeconds     = 8               // how long each caption shows
	demoCaptionDescription = 10              // seconds into a segment its second caption (its description) starts
)

// SeedDemoRecording gives the reference event a sample recording when
// ffmpeg is installed: the event's length of ffmpeg's test pattern and a
// tone (one minute encoded, then repeated without encoding again, so it
// takes seconds), segments from its agenda, captions that name each
// segment and say it is a sample, published. The sample is small: 320×180
// at two frames a second. Without ffmpeg it changes nothing and says so.
func (s *Service) SeedDemoRecording(ctx context.Context, eventID string) (DemoRecording, error) {
	if _, err := s.Recording(ctx, eventID); err == nil {
		return DemoRecordingKept, nil
	} else if !errors.Is(err, errs.ErrNotFound) {
		return 0, err
	}
	if s.opts.FFmpeg == "" {
		return DemoRecordingNoFFmpeg, nil
	}
	e, err := s.events.Get(ctx, eventID)
	if err != nil {
		return 0, err
	}
	dir, err := os.MkdirTemp("", "plenary-demo-*")
	if err != nil {
		return 0, fmt.Errorf("media: demo video: %w", err)
	}
	defer os.RemoveAll(dir)
	seconds := e.DurationMinutes * 60
	video, err := makeDemoVideo(ctx, s.opts.FFmpeg, dir, seconds)
	if err != nil {
		return 0, err
	}
	st, err := os.Stat(video)
	if err != nil {
		return 0, fmt.Errorf("media: demo video: %w", err)
	}
	if err := s.adoptUpload(ctx, eventID, "demo-"+strings.ToLower(rand.Text()[:10]), video, st.Size(), "video/webm"); err != nil {
		return 0, err
	}
	rec, err := s.Recording(ctx, eventID)
	if err != nil {
		return 0, err
	}
	if rec.DurationSeconds == nil { // no ffprobe: the length it was made with
		if _, err := s.SetRecording(ctx, eventID, RecordingInput{Kind: KindUpload, DurationSeconds: &seconds, EmbedOrigins: []string{}}); err != nil {
			return 0, err
		}
	}
	segments, err := s.SegmentsFromAgenda(ctx, eventID, false)
	if err != nil {
		return 0, err
	}
	if _, err := s.SetCaptions(ctx, eventID, demoCaptions(segments.Items)); err != nil {
		return 0, err
	}
	if _, err := s.PublishRecording(ctx, eventID, PublishRequest{}); err != nil {
		return 0, err
	}
	return DemoRecordingMade, nil
}

// makeDemoVideo writes seconds of test pattern and tone to dir and
// returns the file's path.
func makeDemoVideo(ctx context.Context, ffmpeg, dir string, seconds int) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, demoVideoTimeout)
	defer cancel()
	chunk, out := filepath.Join(dir, "chunk.webm"), filepath.Join(dir, "sample.webm")
	length := strconv.Itoa(demoChunkSeconds)
	runs := [][]string{
		{"-f", "lavfi", "-i", "testsrc=size=320x180:rate=2:duration=" + length,
			"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + length,
			"-c:v", "libvpx", "-b:v", "24k", "-g", "20", "-deadline", "realtime", "-cpu-used", "8",
			"-c:a", "libopus", "-b:a", "8k", "-ac", "1", "-metadata", "title=Plenary sample recording", chunk},
		{"-stream_loop", strconv.Itoa((seconds+demoChunkSeconds-1)/demoChunkSeconds - 1), "-i", chunk,
			"-c", "copy", "-t", strconv.Itoa(seconds), out},
	}
	for _, args := range runs {
		var stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, ffmpeg, append([]string{"-nostdin", "-v", "error", "-y"}, args...)...)
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("media: demo video: ffmpeg: %w: %.300s", err, stderr.String())
		}
	}
	return out, nil
}

// demoCaptions are the sample's captions: at each segment's start its
// title, said to be a sample, then its description when it has one.
func demoCaptions(segments []Segment) string {
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	cue := func(start, end int, text string) {
		fmt.Fprintf(&b, "\n%s --> %s\n%s\n", vttTimestamp(start), vttTimestamp(end), text)
	}
	for _, g := range segments {
		cue(g.StartMs, min(g.StartMs+demoCaptionSeconds*1000, g.EndMs), "[Test tone] Sample recording: "+g.Title)
		at := g.StartMs + demoCaptionDescription*1000
		if g.Description != "" && at+demoCaptionSeconds*1000 <= g.EndMs {
			cue(at, at+demoCaptionSeconds*1000, g.Description)
		}
	}
	return b.String()
}
