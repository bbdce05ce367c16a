package media_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/jackc/pgx/v5"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/media"
)

// RecordingPublished runs inside the publishing transaction, once per
// change from draft to published, and its error undoes the publication.
func TestRecordingPublishedHook(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	eventID := newEvent(t, admin, "hooked")
	put(t, admin, "/api/v1/manage/events/"+eventID+"/recording",
		map[string]any{"kind": "vimeo", "external_url": "https://vimeo.com/76979871"}).WantStatus(t, http.StatusOK)

	var calls []string
	var fail error
	store, err := media.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := media.NewService(env.DB, store, env.App.Events, slog.New(slog.NewTextHandler(io.Discard, nil)), media.Options{
		RecordingPublished: func(ctx context.Context, tx pgx.Tx, id string) error {
			var status string
			if err := tx.QueryRow(ctx, `SELECT status FROM media_recordings WHERE event_id = $1`, id).Scan(&status); err != nil {
				return err
			}
			calls = append(calls, id+" "+status)
			return fail
		},
	})
	ctx := context.Background()
	confirm := media.PublishRequest{WithoutCaptions: true}

	fail = errors.New("the outbox is full")
	if _, err := svc.PublishRecording(ctx, eventID, confirm); !errors.Is(err, fail) {
		t.Fatalf("publish with a failing hook: %v", err)
	}
	if rec, _ := svc.Recording(ctx, eventID); rec.Status != media.StatusDraft {
		t.Errorf("a failing hook left the recording %s", rec.Status)
	}
	fail = nil
	if _, err := svc.PublishRecording(ctx, eventID, confirm); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PublishRecording(ctx, eventID, confirm); err != nil { // already published: no second call
		t.Fatal(err)
	}
	if _, err := svc.PublishRecording(ctx, eventID, media.PublishRequest{}); err == nil { // refused: no call
		t.Fatal("published without captions unconfirmed")
	}
	want := eventID + " published"
	if len(calls) != 2 || calls[0] != want || calls[1] != want {
		t.Errorf("hook calls %q, want twice %q (the failed try and the publication)", calls, want)
	}
}
