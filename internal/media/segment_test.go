package media

import (
	"strings"
	"testing"
)

func seg(title string, startS, endS int) Segment {
	return Segment{Title: title, StartMs: startS * 1000, EndMs: endS * 1000}
}

func TestChapterProblemsNameEachRule(t *testing.T) {
	good := []Segment{seg("Welcome", 0, 60), seg("Panel", 60, 3000), seg("Questions", 3000, 4500)}
	if p := ChapterProblems(good); len(p) != 0 {
		t.Fatalf("good chapters: %v", p)
	}
	if p := ChapterProblems(nil); len(p) != 0 {
		t.Fatalf("no segments: %v", p)
	}
	cases := []struct {
		name     string
		segments []Segment
		want     string
	}{
		{"at least three", good[:2], "at least three segments; there are 2"},
		{"first at 0:00", []Segment{seg("Welcome", 5, 60), good[1], good[2]}, "“Welcome”, must start at 0:00; it starts at 0:05"},
		{"ascending", []Segment{good[0], seg("Panel", 60, 120), seg("Aside", 60, 3000)}, "“Panel” and “Aside” both start at 1:00"},
		{"at least 10 s", []Segment{good[0], seg("Blink", 60, 64), seg("Questions", 64, 4500)}, "“Blink” lasts 4.0 s"},
		{"no overlaps", []Segment{good[0], seg("Panel", 60, 3100), good[2]}, "“Panel” ends at 51:40, after “Questions” starts at 50:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			problems := ChapterProblems(c.segments)
			if len(problems) != 1 || !strings.Contains(problems[0], c.want) {
				t.Errorf("problems %q, want one with %q", problems, c.want)
			}
		})
	}
}

func TestSuggestSlug(t *testing.T) {
	for title, want := range map[string]string{
		"Welcome and introductions":       "welcome-and-introductions",
		"  Q&A: what's next?  ":           "q-a-what-s-next",
		"Prévention — à l'échelle locale": "prevention-a-l-echelle-locale",
		"日本語":                             "segment",
		strings.Repeat("long title ", 20): "long-title-long-title-long-title-long-title-long-title-long-title-long",
	} {
		if got := suggestSlug(title); got != want {
			t.Errorf("suggestSlug(%q) = %q, want %q", title, got, want)
		}
		if got := suggestSlug(title); len(got) > maxSegmentSlug-4 || !segmentSlug.MatchString(got) {
			t.Errorf("suggestSlug(%q) = %q: not a slug with room for a suffix", title, got)
		}
	}
	if got := freeSlug("panel", map[string]bool{"panel": true, "panel-2": true}); got != "panel-3" {
		t.Errorf("freeSlug = %q", got)
	}
}
