package media

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseVTTReadsCues(t *testing.T) {
	text := "\uFEFFWEBVTT - the webinar\r\nKind: captions\r\n\r\n" +
		"NOTE made by hand\r\nover two lines\r\n\r\n" +
		"STYLE\r\n::cue { color: yellow }\r\n\r\n" +
		"intro\r\n00:00.000 --> 00:04.500 align:start line:90%\r\n<v Gill Mackenzie>Welcome &amp; <i>hello</i></v>\r\nto everyone.\r\n\r\n" +
		"00:00:04.500\t-->\t00:00:09.000\nPrevention &lt;works&gt;\n\n" +
		"01:00:00.000 --> 01:00:02.000\n"
	cues, faults := ParseVTT(text, 0)
	if len(faults) > 0 {
		t.Fatalf("faults: %v", faults)
	}
	want := []Cue{
		{Line: 11, ID: "intro", StartMs: 0, EndMs: 4500, Text: "<v Gill Mackenzie>Welcome &amp; <i>hello</i></v>\nto everyone."},
		{Line: 15, StartMs: 4500, EndMs: 9000, Text: "Prevention &lt;works&gt;"},
		{Line: 18, StartMs: 3_600_000, EndMs: 3_602_000, Text: ""},
	}
	if !reflect.DeepEqual(cues, want) {
		t.Errorf("cues %+v\nwant %+v", cues, want)
	}
	if got := cueText(cues[0].Text); got != "Welcome & hello to everyone." {
		t.Errorf("cue text %q", got)
	}
	if got := cueText(cues[1].Text); got != "Prevention <works>" {
		t.Errorf("cue text %q", got)
	}
}

func TestParseVTTFindsEveryFaultWithItsLine(t *testing.T) {
	text := strings.Join([]string{
		"WEBVTX",                        // 1: not the header
		"",                              // 2
		"00:00:01.000 --> 00:00:05.000", // 3
		"Fine.",                         // 4
		"",                              // 5
		"00:00:06.000 --> 00:00:05.000", // 6: ends before it starts
		"Backwards.",                    // 7
		"",                              // 8
		"00:00:02.000 --> 00:00:03.000", // 9: starts before the cue above
		"Out of order.",                 // 10
		"",                              // 11
		"0:00:07.000 --> 00:00:08.00",   // 12: bad timing
		"Bad.",                          // 13
		"",                              // 14
		"just text",                     // 15: no timing
		"",                              // 16
		"00:00:10.000 --> 00:01:30.000", // 17: past the recording's end (60 s)
		"Too long.",                     // 18
		"",                              // 19
		"00:00:61.000 --> 00:00:62.000", // 20: 61 seconds
	}, "\n")
	_, faults := ParseVTT(text, 60_000)
	lines := make([]int, len(faults))
	for i, f := range faults {
		lines[i] = f.Line
		if f.Message == "" {
			t.Errorf("line %d: no message", f.Line)
		}
	}
	if want := []int{1, 6, 9, 12, 15, 17, 20}; !reflect.DeepEqual(lines, want) {
		t.Errorf("fault lines %v, want %v: %v", lines, want, faults)
	}
}

func TestParseVTTRefusesWhatIsNotText(t *testing.T) {
	if _, faults := ParseVTT("WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\xfe", 0); len(faults) != 1 || faults[0].Line != 1 {
		t.Errorf("invalid UTF-8: %v", faults)
	}
	if _, faults := ParseVTT("WEBVTT\n\n00:01.000 --> 00:02.000\nnul \x00 here", 0); len(faults) != 1 || faults[0].Line != 4 {
		t.Errorf("NUL: %v", faults)
	}
	if _, faults := ParseVTT("WEBVTT\n\n99999:00:00.000 --> 99999:00:01.000\nlate", 0); len(faults) != 1 {
		t.Errorf("a time past a day: %v", faults)
	}
}

func TestChaptersTrackEscapesTitles(t *testing.T) {
	got := chaptersTrack([]Segment{
		{Slug: "b", Title: "Q&A <live>", StartMs: 65_000, EndMs: 3_725_500},
		{Slug: "a", Title: "Welcome  -->\nall", StartMs: 0, EndMs: 65_000},
	})
	want := "WEBVTT\n\na\n00:00:00.000 --> 00:01:05.000\nWelcome --&gt; all\n\nb\n00:01:05.000 --> 01:02:05.500\nQ&amp;A &lt;live&gt;\n"
	if got != want {
		t.Errorf("chapters track:\n%q\nwant\n%q", got, want)
	}
	cues, faults := ParseVTT(got, 0)
	if len(faults) > 0 || len(cues) != 2 || cueText(cues[1].Text) != "Q&A <live>" {
		t.Errorf("the track does not read back: %v %v", cues, faults)
	}
}

// FuzzParseVTT checks that any text parses without panicking, that every
// fault names a line of the file, and that a file without faults has cues
// in order, each ending after it starts, whose text the transcript can keep.
func FuzzParseVTT(f *testing.F) {
	f.Add("WEBVTT\n\n00:00.000 --> 00:01.000\nHello <b>there</b>\n")
	f.Add("WEBVTT\n\nid\n00:00:01.000 --> 00:00:02.000 align:start\nA\nB\n\nNOTE x\n\n00:00:02.000 --> 00:00:03.000\n&amp;\n")
	f.Add("WEBVTT\r\n\r\n00:00:05.000 --> 00:00:01.000\r\n\r\n00:00.000 --> 00:00.001\r\n")
	f.Add("STYLE\n\n-->\n")
	f.Fuzz(func(t *testing.T, text string) {
		cues, faults := ParseVTT(text, 0)
		lineCount := strings.Count(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n") + 1
		for _, fault := range faults {
			if fault.Line < 1 || fault.Line > lineCount {
				t.Fatalf("fault on line %d of %d: %v", fault.Line, lineCount, fault)
			}
		}
		if len(faults) > 0 {
			return
		}
		for i, c := range cues {
			if c.EndMs <= c.StartMs || c.StartMs < 0 || c.EndMs > maxCueMs {
				t.Fatalf("cue %d: %+v", i, c)
			}
			if i > 0 && c.StartMs < cues[i-1].StartMs {
				t.Fatalf("cue %d starts before the one above", i)
			}
			text := cueText(c.Text)
			if strings.ContainsAny(text, "\x00\n"+markStart+markStop) {
				t.Fatalf("transcript text %q", text)
			}
		}
	})
}
