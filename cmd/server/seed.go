package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"plenary/internal/config"
	"plenary/internal/events"
	"plenary/internal/links"
	"plenary/internal/media"
)

func seedFlags(fs *flag.FlagSet) func(context.Context, config.Config, *slog.Logger, []string, env) error {
	demo := fs.Bool("demo", false, "create the reference event (Early intervention, 23 June 2022) and one upcoming event")
	return func(ctx context.Context, cfg config.Config, logger *slog.Logger, _ []string, e env) (err error) {
		if !*demo {
			return errors.New("seed: say --demo")
		}
		a, closeApp, err := openApp(ctx, cfg, logger, e)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, closeApp()) }()
		created, err := a.Events.SeedDemo(ctx, time.Now())
		if err != nil {
			return err
		}
		// the reference event's audience questions, answered live (after
		// the events, which they belong to)
		reference, err := a.Events.PublicDetail(ctx, events.DemoReferenceSlug)
		if err != nil {
			return err
		}
		asked, err := a.Live.SeedDemo(ctx, reference.ID, events.DemoQuestions)
		if err != nil {
			return err
		}
		wrote, err := a.Media.SeedDemo(ctx, reference.ID)
		if err != nil {
			return err
		}
		video, err := a.Media.SeedDemoRecording(ctx, reference.ID)
		if err != nil {
			return err
		}
		if len(created) == 0 && asked == 0 && !wrote && video != media.DemoRecordingMade {
			fmt.Fprintln(e.stdout, "demo events already there; nothing changed")
			return nil
		}
		for _, slug := range created {
			fmt.Fprintln(e.stdout, "created", links.New(cfg.BaseURL).Event(slug))
		}
		if asked > 0 {
			fmt.Fprintf(e.stdout, "added %d answered questions to %s\n", asked, events.DemoReferenceSlug)
		}
		if wrote {
			fmt.Fprintf(e.stdout, "added the article to %s as its write-up\n", events.DemoReferenceSlug)
		}
		switch video {
		case media.DemoRecordingMade:
			fmt.Fprintf(e.stdout, "added a sample recording to %s (test pattern and tone, made with ffmpeg), with captions and segments from its agenda\n",
				events.DemoReferenceSlug)
		case media.DemoRecordingNoFFmpeg:
			fmt.Fprintf(e.stdout, "%s has no recording: the sample video needs ffmpeg, which is not installed (the recording API takes one)\n",
				events.DemoReferenceSlug)
		}
		return nil
	}
}
