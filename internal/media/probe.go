package media

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// LookTool returns the path of the program name on PATH (ffprobe,
// ffmpeg), or "" when it is not installed: the organiser then enters the
// duration and the recording has no poster.
func LookTool(name string) string {
	p, err := exec.LookPath(name)
	if err != nil {
		return ""
	}
	return p
}

// probeTimeout bounds one run of ffprobe or ffmpeg: both read only the
// head of the file (and the moov box an MP4 may keep at its end).
const probeTimeout = 30 * time.Second

// probeDuration reads the duration of the video at path in whole seconds
// (to the nearest: a container's audio often overruns the picture by a
// few milliseconds, and a 4.008 s file is a 4 s video), or nil when ffprobe is not installed or cannot tell.
func probeDuration(ctx context.Context, ffprobe, path string) (*int, error) {
	if ffprobe == "" {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "json", "--", path)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("media: ffprobe: %w: %.200s", err, stderr.String())
	}
	return parseProbe(stdout.Bytes())
}

// parseProbe reads ffprobe's JSON. A duration outside what a recording
// may have (1 s to 24 h) is no duration: the organiser enters it.
func parseProbe(out []byte) (*int, error) {
	var probe struct {
		Format struct {
			Duration string `json:"duration"`
		} `json:"format"`
	}
	if err := json.Unmarshal(out, &probe); err != nil {
		return nil, fmt.Errorf("media: ffprobe's answer: %w", err)
	}
	f, err := strconv.ParseFloat(probe.Format.Duration, 64)
	if err != nil || math.IsNaN(f) || f <= 0 || f > 86400 {
		return nil, nil
	}
	seconds := max(int(math.Round(f)), 1)
	return &seconds, nil
}

// posterFrame writes a JPEG of a frame of the video at path (a second in,
// or the first frame of a shorter one) to a temporary file and returns
// its name, or "" when ffmpeg is not installed. The caller removes it.
func posterFrame(ctx context.Context, ffmpeg, path string, duration *int) (string, error) {
	if ffmpeg == "" {
		return "", nil
	}
	at := "0"
	if duration != nil && *duration > 2 {
		at = "1"
	}
	dir, err := os.MkdirTemp("", "poster-*")
	if err != nil {
		return "", fmt.Errorf("media: poster: %w", err)
	}
	out := filepath.Join(dir, "poster.jpg")
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, ffmpeg, "-nostdin", "-v", "error", "-ss", at, "-i", path,
		"-frames:v", "1", "-vf", "scale='min(1280,iw)':-2", "-q:v", "4", "-y", out)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("media: ffmpeg poster: %w: %.200s", err, stderr.String())
	}
	return out, nil
}
