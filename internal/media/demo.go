package media

import (
	"context"
	_ "embed"
)

// demoWriteup is the reference event's article as Global Government Forum
// published it (../shared/seed-article.txt), in Markdown, with a
// {{segment SLUG}} where the article embeds a segment of the recording:
// the slugs "from agenda" makes of the demo event's agenda.
//
//go:embed demo_writeup.md
var demoWriteup string

// The article's attribution: its author (from its "About" box) and the
// date it was published.
const (
	demoWriteupAuthor = "Richard Johnstone"
	demoWriteupDate   = "2022-07-25"
)

// SeedDemo gives the reference event its write-up, unless it has one. It
// says whether it wrote one. Its segments show on the public page once
// SeedDemoRecording has published a sample recording with them (it needs
// ffmpeg); until a recording with those segments is published they show
// nothing to the public and are listed as problems to the organiser.
func (s *Service) SeedDemo(ctx context.Context, eventID string) (bool, error) {
	w, err := s.Writeup(ctx, eventID)
	if err != nil || w.BodyMD != "" {
		return false, err
	}
	date := demoWriteupDate
	_, err = s.SaveWriteup(ctx, eventID, WriteupInput{Author: demoWriteupAuthor, PublishedOn: &date, BodyMD: demoWriteup})
	return err == nil, err
}
