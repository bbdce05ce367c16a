package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/bench/measure"
)

// searchQuery is the transcript search across one organiser's recordings:
// the lines that match a web-style query ("early intervention",
// "\"data sharing\" -health"), best first, with the matched words marked.
// It must stay the query internal/media runs for the search, so that
// these figures are that search's.
const searchQuery = `
SELECT l.recording_id, l.start_ms, l.end_ms, l.text,
       ts_headline('english', l.text, q.query, 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true') AS headline
FROM media_transcript_lines l
JOIN media_recordings r ON r.id = l.recording_id
JOIN events e ON e.id = r.event_id
CROSS JOIN websearch_to_tsquery('english', $1) AS q(query)
WHERE l.search @@ q.query AND e.created_by = $2
ORDER BY ts_rank(l.search, q.query) DESC, l.recording_id, l.start_ms
LIMIT 50`

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
	lines, err := e.captions(ctx, owner, "mine", o.hours)
	if err != nil {
		return err
	}
	otherLines, err := e.captions(ctx, other, "theirs", max(1, o.hours/10))
	if err != nil {
		return err
	}
	if _, err := e.pool.Exec(ctx, `VACUUM ANALYZE events, media_recordings, media_transcript_lines`); err != nil {
		return err
	}
	fmt.Printf("search: %d hours of captions (%d lines) of one organiser, %d lines of another's, made in %s\n",
		o.hours, lines, otherLines, time.Since(began).Round(time.Second))

	if o.explain != "" {
		if err := explain(ctx, e, o.explain, owner); err != nil {
			return err
		}
	}
	var all measure.Result
	per := max(1, o.searches/len(searches))
	for _, s := range searches {
		var hits int
		r := measure.Run(o.searchers, per, time.Now().Add(time.Hour), func(int) error {
			n, err := search(ctx, e, s, owner)
			hits = n
			return err
		})
		if r.FirstErr != nil {
			return fmt.Errorf("search %q: %w", s, r.FirstErr)
		}
		fmt.Printf("  %-22q %2d hits  p50 %-9s p95 %s\n", s, hits, r.Percentile(50), r.Percentile(95))
		all.Add(r)
	}
	fmt.Printf("search over %d searches from %d clients: p50 %s  p95 %s  p99 %s\n", len(all.Latencies), o.searchers,
		all.Percentile(50), all.Percentile(95), all.Percentile(99))
	return nil
}

// explain prints the plan of the search for q, as it ran.
func explain(ctx context.Context, e *env, q, owner string) error {
	rows, err := e.pool.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+searchQuery, q, owner)
	if err != nil {
		return err
	}
	plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
	fmt.Println(strings.Join(plan, "\n"))
	return err
}

// search runs the query and reads every row, as the endpoint would.
func search(ctx context.Context, e *env, q, owner string) (int, error) {
	rows, err := e.pool.Query(ctx, searchQuery, q, owner)
	if err != nil {
		return 0, err
	}
	type hit struct {
		RecordingID    string
		StartMS, EndMS int
		Text, Headline string
	}
	hits, err := pgx.CollectRows(rows, pgx.RowToStructByPos[hit])
	return len(hits), err
}

// captions makes hours published recordings of the organiser, an hour
// each, with a caption line every 3 to 5 seconds, and returns how many
// lines it wrote.
func (e *env) captions(ctx context.Context, organiserID, prefix string, hours int) (int, error) {
	gen := newSpeech(uint64(len(prefix)))
	var total int
	for h := range hours {
		eventID, err := e.pastEvent(ctx, organiserID, fmt.Sprintf("%s-recording-%d", prefix, h))
		if err != nil {
			return 0, err
		}
		recordingID, err := e.publishRecording(ctx, eventID, fmt.Sprintf("recordings/%s/video.mp4", eventID), 1<<30)
		if err != nil {
			return 0, err
		}
		var rows [][]any
		for at := 0; at < 3600_000; {
			length := 3000 + gen.rng.IntN(2000)
			rows = append(rows, []any{recordingID, len(rows), at, at + length, gen.line()})
			at += length
		}
		if _, err := e.pool.CopyFrom(ctx, pgx.Identifier{"media_transcript_lines"},
			[]string{"recording_id", "seq", "start_ms", "end_ms", "text"}, pgx.CopyFromRows(rows)); err != nil {
			return 0, err
		}
		total += len(rows)
	}
	return total, nil
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
