package media

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A small WebVTT reader of our own: the maintained Go subtitle libraries
// (go-astisub among them) stop at the first fault and do not say on which
// line it is, while an organiser fixing a caption file needs every fault
// with its line number at once. It reads what the W3C WebVTT format
// allows for captions: the WEBVTT header, NOTE, STYLE and REGION blocks,
// cues with an optional identifier, timings with settings, and payload.

// Cue is one caption: its time span and its text as written (tags kept).
type Cue struct {
	Line    int // the line of its timing, counted from 1
	ID      string
	StartMs int
	EndMs   int
	Text    string
}

// LineError is one fault of a caption file, on a line counted from 1.
type LineError struct {
	Line    int
	Message string
}

// maxCueMs bounds cue times: a recording is at most a day long (the
// duration's CHECK in 0019), which also keeps times far inside int32.
const maxCueMs = 24 * 60 * 60 * 1000

// maxVTTErrors bounds the list of faults: a file that is wrong throughout
// says so in its first hundred lines.
const maxVTTErrors = 100

// ParseVTT reads a WebVTT file. It returns the cues and every fault found,
// each with its line; a file with faults should not be used. durationMs,
// when above 0, is the recording's length, past which no cue may end.
func ParseVTT(text string, durationMs int) ([]Cue, []LineError) {
	p := vttParser{durationMs: durationMs}
	if !utf8.ValidString(text) {
		return nil, []LineError{{Line: 1, Message: "The file is not UTF-8 text; save it as UTF-8."}}
	}
	text = strings.TrimPrefix(text, "\uFEFF")
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	p.lines = strings.Split(text, "\n")
	p.parse()
	return p.cues, p.errors
}

type vttParser struct {
	lines      []string
	at         int // index of the next line to read
	durationMs int
	cues       []Cue
	errors     []LineError
	seenCue    bool
}

func (p *vttParser) fail(line int, format string, args ...any) {
	if len(p.errors) < maxVTTErrors {
		p.errors = append(p.errors, LineError{Line: line, Message: fmt.Sprintf(format, args...)})
	}
}

func (p *vttParser) parse() {
	first := p.lines[0]
	if first != "WEBVTT" && !strings.HasPrefix(first, "WEBVTT ") && !strings.HasPrefix(first, "WEBVTT\t") {
		p.fail(1, "The file must start with the line WEBVTT.")
	}
	// The header runs to the first blank line.
	for p.at = 1; p.at < len(p.lines) && p.lines[p.at] != ""; p.at++ {
		if strings.Contains(p.lines[p.at], "-->") {
			p.fail(p.at+1, "Leave a blank line between the WEBVTT header and the first cue.")
		}
	}
	for p.at < len(p.lines) {
		if p.lines[p.at] == "" {
			p.at++
			continue
		}
		p.block()
	}
}

// block reads one block: a cue, or a NOTE, STYLE or REGION block.
func (p *vttParser) block() {
	start := p.at
	var body []string
	for p.at < len(p.lines) && p.lines[p.at] != "" {
		body = append(body, p.lines[p.at])
		p.at++
	}
	head := body[0]
	if isKeywordBlock(head, "NOTE") {
		return
	}
	if isKeywordBlock(head, "STYLE") || isKeywordBlock(head, "REGION") {
		if p.seenCue {
			p.fail(start+1, "%s blocks must come before the first cue.", strings.Fields(head)[0])
		}
		return
	}
	timing, id := 0, ""
	if !strings.Contains(head, "-->") {
		if len(body) < 2 || !strings.Contains(body[1], "-->") {
			p.fail(start+1, "Expected a cue timing such as 00:00:01.000 --> 00:00:04.000.")
			return
		}
		timing, id = 1, head
	}
	p.seenCue = true
	p.cue(start+timing+1, id, body[timing], body[timing+1:])
}

func isKeywordBlock(line, word string) bool {
	return line == word || strings.HasPrefix(line, word+" ") || strings.HasPrefix(line, word+"\t")
}

// cue checks one cue's timing line and payload and keeps it when sound.
func (p *vttParser) cue(line int, id, timing string, payload []string) {
	left, right, _ := strings.Cut(timing, "-->")
	start, okStart := parseTimestamp(strings.TrimRight(left, " \t"))
	right = strings.TrimLeft(right, " \t")
	endText, _, _ := strings.Cut(strings.ReplaceAll(right, "\t", " "), " ")
	end, okEnd := parseTimestamp(endText)
	switch {
	case !okStart || !okEnd:
		p.fail(line, "The cue timing must read like 00:01:02.500 --> 00:01:05.000 (hours optional, milliseconds three digits).")
		return
	case start > maxCueMs || end > maxCueMs:
		p.fail(line, "Cue times must be under 24 hours.")
		return
	case end <= start:
		p.fail(line, "The cue ends (%s) before or when it starts (%s).", clock(end), clock(start))
	}
	if n := len(p.cues); n > 0 && start < p.cues[n-1].StartMs {
		p.fail(line, "Cues must be in order of their start: this one starts at %s, before the cue above (%s).",
			clock(start), clock(p.cues[n-1].StartMs))
	}
	if p.durationMs > 0 && end > p.durationMs {
		p.fail(line, "The cue ends at %s, after the recording's end (%s).", clock(end), clock(p.durationMs))
	}
	for i, text := range payload {
		if strings.Contains(text, "-->") {
			p.fail(line+1+i, "Cue text may not contain \"-->\"; leave a blank line before the next cue.")
		}
		if strings.ContainsRune(text, 0) {
			p.fail(line+1+i, "Cue text may not contain a NUL character.")
		}
	}
	p.cues = append(p.cues, Cue{Line: line, ID: id, StartMs: start, EndMs: end, Text: strings.Join(payload, "\n")})
}

// parseTimestamp reads [hh:]mm:ss.ttt, hours of two or more digits.
func parseTimestamp(s string) (int, bool) {
	main, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 3 || !allDigits(frac) {
		return 0, false
	}
	parts := strings.Split(main, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	hours := 0
	if len(parts) == 3 {
		h := parts[0]
		if len(h) < 2 || len(h) > 6 || !allDigits(h) {
			return 0, false
		}
		hours, _ = strconv.Atoi(h)
		parts = parts[1:]
	}
	minutes, okM := twoDigits(parts[0])
	seconds, okS := twoDigits(parts[1])
	if !okM || !okS || minutes > 59 || seconds > 59 {
		return 0, false
	}
	ms, _ := strconv.Atoi(frac)
	return ((hours*60+minutes)*60+seconds)*1000 + ms, true
}

func twoDigits(s string) (int, bool) {
	if len(s) != 2 || !allDigits(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// vttTimestamp writes ms as hh:mm:ss.ttt, the form every player reads.
func vttTimestamp(ms int) string {
	return fmt.Sprintf("%02d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// clock writes ms as a person reads a position in a video: 4:05, 1:02:03.
func clock(ms int) string {
	s := ms / 1000
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Highlight markers: ts_headline puts them around the words that match,
// and cueText removes them from captions first, so they can only be ours.
const (
	markStart = "\uE000"
	markStop  = "\uE001"
)

// cueText is a cue's text as the transcript shows it: tags (<v Name>,
// <i>, timestamps) removed, the character references WebVTT allows
// decoded, lines joined with spaces.
func cueText(payload string) string {
	var b strings.Builder
	inTag := false
	for _, r := range payload {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case inTag:
		case r == '\n':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	text := vttEntities.Replace(b.String())
	text = strings.NewReplacer(markStart, "", markStop, "").Replace(text)
	return strings.Join(strings.Fields(text), " ")
}

var vttEntities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&nbsp;", "\u00A0",
	"&lrm;", "\u200E", "&rlm;", "\u200F")

// vttEscape makes text safe as cue payload: WebVTT reads & and < as the
// start of a reference or a tag, and a blank line or "-->" would end the cue.
func vttEscape(text string) string {
	text = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(text)
	return strings.Join(strings.Fields(text), " ")
}
