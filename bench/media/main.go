// Command media measures recordings: the file route under load, and the
// transcript search.
//
// Ranges: V viewers (100) fetch random ranges of a 1 GiB recording of
// random bytes (-sparse: a sparse file) generated in a temp folder,
// through the real route (GET
// /api/v1/events/{slug}/recording/file on the whole application, behind
// an http.Server with the production deadlines), and the same load in the
// same run against a bare http.ServeFile handler on its own http.Server
// in the same process, the two alternating for a few rounds. The viewers
// run in a child process (this command again, with -child) so that their
// buffers are not counted as the server's. It prints MB/s of both, their
// ratio, and the server process's memory (RSS and Go heap, sampled every
// 50 ms) before and at its peak during each load.
//
// Search: H hours (100) of generated captions, a recording per hour, go
// straight into media_transcript_lines of one organiser's events (and a
// tenth as much of another organiser's); media.Service.SearchTranscripts
// (the API's search: its query, the events' names, the first page) then
// runs a mix of common, rare and phrase searches from Q concurrent
// clients, scoped to the organiser's events and to every event, and it
// prints p50 and p95.
//
//	go run ./bench/media [-viewers 100] [-d 5s] [-rounds 2] [-size 1073741824] [-chunk 1048576] [-sparse] [-hours 100] [-searches 500] [-searchers 2]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	var o options
	flag.IntVar(&o.viewers, "viewers", 100, "concurrent viewers fetching ranges")
	flag.DurationVar(&o.duration, "d", 5*time.Second, "how long each round of each target runs")
	flag.IntVar(&o.rounds, "rounds", 2, "alternating rounds of each target")
	flag.Int64Var(&o.size, "size", 1<<30, "the recording's size in bytes")
	flag.Int64Var(&o.chunk, "chunk", 1<<20, "bytes per range request")
	sparse := flag.Bool("sparse", false, "leave the recording sparse (holes read as zeros, nothing written to disk) instead of random bytes")
	flag.IntVar(&o.hours, "hours", 100, "hours of captions to search")
	flag.IntVar(&o.searches, "searches", 500, "transcript searches to time")
	flag.IntVar(&o.searchers, "searchers", 2, "concurrent searches")
	flag.BoolVar(&o.skipRanges, "no-ranges", false, "only the search")
	flag.BoolVar(&o.skipSearch, "no-search", false, "only the ranges")
	child := flag.Bool("child", false, "run the viewers against -url (internal: the parent starts it)")
	flag.StringVar(&o.url, "url", "", "the file's URL, for -child")
	flag.Parse()
	o.random = !*sparse
	var err error
	if *child {
		err = runViewers(o)
	} else {
		err = run(context.Background(), o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/media:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	viewers, rounds, hours, searches, searchers int
	duration                                    time.Duration
	size, chunk                                 int64
	random, skipRanges, skipSearch              bool
	url                                         string
}

func run(ctx context.Context, o options) error {
	fmt.Println("2-core machine shared with other work: compare the ratios, not the absolute figures")
	env, err := start(ctx)
	if err != nil {
		return err
	}
	defer env.stop()
	if !o.skipRanges {
		if err := benchRanges(ctx, env, o); err != nil {
			return err
		}
	}
	if !o.skipSearch {
		if err := benchSearch(ctx, env, o); err != nil {
			return err
		}
	}
	return nil
}
