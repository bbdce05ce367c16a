package media

import (
	"os"
	"testing"
)

func TestParseProbe(t *testing.T) {
	for _, tc := range []struct {
		out  string
		want int // 0: no duration
	}{
		{`{"format": {"duration": "2.000000"}}`, 2},
		{`{"format": {"duration": "2.040000"}}`, 2}, // to the nearest second
		{`{"format": {"duration": "2.600000"}}`, 3},
		{`{"format": {"duration": "0.2"}}`, 1},
		{`{"format": {"duration": "N/A"}}`, 0},
		{`{"format": {}}`, 0},
		{`{"format": {"duration": "90000"}}`, 0}, // over 24 hours: the organiser says
		{`{"format": {"duration": "NaN"}}`, 0},
	} {
		got, err := parseProbe([]byte(tc.out))
		if err != nil {
			t.Errorf("%s: %v", tc.out, err)
			continue
		}
		if (got == nil) != (tc.want == 0) || (got != nil && *got != tc.want) {
			t.Errorf("%s: got %v, want %d", tc.out, got, tc.want)
		}
	}
	if _, err := parseProbe([]byte("not json")); err == nil {
		t.Error("ffprobe's garbage taken")
	}
}

func TestSniffVideo(t *testing.T) {
	for head, want := range map[string]string{
		"\x00\x00\x00\x20ftypmp42":   "video/mp4",
		"\x1a\x45\xdf\xa3\x01\x00":   "video/webm",
		"\x89PNG\r\n\x1a\n\x00\x00":  "",
		"GIF89a\x00\x00\x00\x00\x00": "",
		"ftyp":                       "",
		"":                           "",
	} {
		if got := sniffVideo([]byte(head)); got != want {
			t.Errorf("%q: %q, want %q", head, got, want)
		}
	}
}

// TestParseProbeFixture reads what ffprobe (5.1.9, Debian 12) printed for
// the command probeDuration runs, on a 4 s WebM made by ffmpeg.
func TestParseProbeFixture(t *testing.T) {
	out, err := os.ReadFile("testdata/ffprobe-format.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseProbe(out)
	if err != nil || got == nil || *got != 4 {
		t.Errorf("parsed %v, %v; want 4", got, err)
	}
}
