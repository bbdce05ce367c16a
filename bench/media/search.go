package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/bench/measure"
	"plenary/internal/media"
	"plenary/internal/page"
)

// searches are what viewers look for: the common words of the field, a
// rare one, phrases, a negation, and a word nobody said.
var searches = []string{
	"prevention", "early intervention", "local authorities", `"data sharing"`, "housing -health",
	"iron mountain", "safeguarding", "government", "trust budget", "zebra",
}

func benchSearch(ctx context.Context, e *env, o options) error {
	began := time.Now()
	owner, err := e.organiser(ctx, "searcher")
	if err != nil {
		return err
	}
	other, err := e.organiser(ctx, "other")
	if err != nil {
		return err
	}
	mine, lines, err := e.captions(ctx, owner, "mine", o.hours)
	if err != nil {
		return err
	}
	_, otherLines, err := e.captions(ctx, other, "theirs", max(1, o.hours/10))
	if err != nil {
		return err
	}
	if _, err := e.pool.Exec(ctx, `VACUUM ANALYZE events, media_recordings, media_transcript_lines`); err != nil {
		return err
	}
	fmt.Printf("search: %d hours of captions (%d lines) of one organiser, %d lines of another's, made in %s\n",
		o.hours, lines, otherLines, time.Since(began).Round(time.Second))

	for _, scope := range []struct {
		name  string
		scope media.Scope
	}{
		{"the organiser's events", media.Scope{EventIDs: mine}},
		{"every event (the API's scope today)", media.Scope{}},
	} {
		fmt.Printf("search across %s:\n", scope.name)
		if err := timeSearches(ctx, e, o, scope.scope); err != nil {
			return err
		}
	}
	return nil
}

// timeSearches times each search through media.Service.SearchTranscripts,
// the service behind the API's search (its query, the events' names, the
// first page of 50), and prints p50 and p95 per search and overall.
func timeSearches(ctx context.Context, e *env, o options, scope media.Scope) error {
	var all measure.Result
	per := max(1, o.searches/len(searches))
	for _, s := range searches {
		var hits atomic.Int64
		r := measure.Run(o.searchers, per, time.Now().Add(time.Hour), func(int) error {
			found, err := e.app.Media.SearchTranscripts(ctx, scope, s, page.Request{})
			hits.Store(int64(len(found.Items)))
			return err
		})
		if r.FirstErr != nil {
			return fmt.Errorf("search %q: %w", s, r.FirstErr)
		}
		fmt.Printf("  %-22q %2d hits  p50 %-9s p95 %s\n", s, hits.Load(), r.Percentile(50), r.Percentile(95))
		all.Add(r)
	}
	fmt.Printf("  %d searches from %d clients: p50 %s  p95 %s  p99 %s\n", len(all.Latencies), o.searchers,
		all.Percentile(50), all.Percentile(95), all.Percentile(99))
	return nil
}

// captions makes hours published recordings of the organiser, an hour
// each, with a caption line every 3 to 5 seconds, and returns their
// events and how many lines it wrote.
func (e *env) captions(ctx context.Context, organiserID, prefix string, hours int) ([]string, int, error) {
	gen := newSpeech(uint64(len(prefix)))
	var total int
	var eventIDs []string
	for h := range hours {
		eventID, err := e.pastEvent(ctx, organiserID, fmt.Sprintf("%s-recording-%d", prefix, h))
		if err != nil {
			return nil, 0, err
		}
		eventIDs = append(eventIDs, eventID)
		recordingID, err := e.publishRecording(ctx, eventID, fmt.Sprintf("recordings/%s/video.mp4", eventID), 1<<30)
		if err != nil {
			return nil, 0, err
		}
		var rows [][]any
		for at := 0; at < 3600_000; {
			length := 3000 + gen.rng.IntN(2000)
			rows = append(rows, []any{recordingID, len(rows), at, at + length, gen.line()})
			at += length
		}
		if _, err := e.pool.CopyFrom(ctx, pgx.Identifier{"media_transcript_lines"},
			[]string{"recording_id", "seq", "start_ms", "end_ms", "text"}, pgx.CopyFromRows(rows)); err != nil {
			return nil, 0, err
		}
		total += len(rows)
	}
	return eventIDs, total, nil
}

// speech makes caption lines of 6 to 16 words, drawn with a Zipf law
// from the words of a public-sector panel, so that a few words are in
// many lines and most in few, as in real speech.
type speech struct {
	rng  *rand.Rand
	zipf func() uint64
}

var vocabulary = strings.Fields(`the and to of a in that we is it for on this with are be have you as
	they not but what about can so there do our at people think from very more all if services local
	government public sector really need just work data one would services'll going its council
	prevention early intervention health care support families children community authorities
	partnership outcomes funding budget trust sharing information records digital housing
	homelessness safeguarding police schools social workers mental evidence risk demand cost
	savings system systems together collaboration across joined up approach national central
	policy pilot programme model integrated teams frontline staff leaders culture change
	technology platform secure storage archive iron mountain compliance governance consent
	privacy analytics insight prediction vulnerable adults young crisis hospital admissions
	preventative investment spending review treasury accountability procurement contract
	evaluation measure impact return wellbeing resilience neighbourhood voluntary charities`)

func newSpeech(seed uint64) *speech {
	rng := rand.New(rand.NewPCG(seed, 16))
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(vocabulary)-1))
	return &speech{rng: rng, zipf: zipf.Uint64}
}

func (s *speech) line() string {
	words := make([]string, 6+s.rng.IntN(11))
	for i := range words {
		words[i] = vocabulary[s.zipf()]
	}
	return strings.Join(words, " ")
}
