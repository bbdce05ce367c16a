package mail

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"plenary/internal/events"
	"plenary/internal/notice"
)

// active are the registrations told of changes to their event.
var active = []string{"confirmed", "waitlisted", "pending_approval"}

// EventChanged queues what a saved change to an event owes its
// registrants, in the transaction that saves it: a new time (with an
// updated invitation), a cancellation; and it schedules the reminders and
// the follow-up of a published event for its current time.
func (m *Mailer) EventChanged(ctx context.Context, tx pgx.Tx, before, after events.Event) error {
	wasLive := before.Status == events.StatusPublished
	switch {
	case after.Status == events.StatusCancelled && before.Status != events.StatusCancelled:
		return m.queueToStatuses(ctx, tx, after.ID, notice.KindEventCancelled, "", active)
	case after.Status != events.StatusPublished:
		return nil
	}
	moved := !after.StartsAt.Equal(before.StartsAt) || after.DurationMinutes != before.DurationMinutes
	if !wasLive || moved {
		if err := m.schedule(ctx, tx, after); err != nil {
			return err
		}
	}
	if wasLive && moved {
		if err := m.queueToStatuses(ctx, tx, after.ID, notice.KindEventChanged, "", active); err != nil {
			return err
		}
	}
	if after.RecordingURL != "" && after.RecordingURL != before.RecordingURL {
		return m.followUpNow(ctx, tx, after)
	}
	return nil
}

// queueToStatuses queues kind to every registrant of the event in one of
// the statuses.
func (m *Mailer) queueToStatuses(ctx context.Context, tx pgx.Tx, eventID string, kind notice.Kind, variant string, statuses []string) error {
	rows, _ := tx.Query(ctx, `SELECT id FROM registration_contacts WHERE event_id = $1 AND status = ANY($2) ORDER BY arrival`, eventID, statuses)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("mail: registrants of %s: %w", eventID, err)
	}
	notices := make([]notice.Notice, len(ids))
	for i, id := range ids {
		notices[i] = notice.Notice{RegistrationID: id, Kind: kind, Variant: variant}
	}
	return m.Outbox.Queue(ctx, tx, notices...)
}

// ReminderArgs is the job that reminds an event's confirmed registrants
// Minutes before it starts. Sequence ties it to the event's time: a job
// for an earlier time does nothing.
type ReminderArgs struct {
	EventID  string `json:"event_id"`
	Minutes  int    `json:"minutes"`
	Sequence int    `json:"sequence"`
}

// Kind names the job for River.
func (ReminderArgs) Kind() string { return "mail_reminder" }

// InsertOpts make scheduling twice a no-op.
func (ReminderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// FollowUpArgs is the job that follows up an event's registrants by what
// they did, once it has ended and its recording is out (or waited for
// long enough).
type FollowUpArgs struct {
	EventID  string `json:"event_id"`
	Sequence int    `json:"sequence"`
}

// Kind names the job for River.
func (FollowUpArgs) Kind() string { return "mail_follow_up" }

// InsertOpts make scheduling twice a no-op.
func (FollowUpArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// schedule inserts the reminder and follow-up jobs of the event's current
// time. Reminders whose moment has passed are left out: "starts in 24
// hours" must not arrive an hour before.
func (m *Mailer) schedule(ctx context.Context, tx pgx.Tx, e events.Event) error {
	settings, err := settingsOf(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	var jobs []river.InsertManyParams
	now := time.Now()
	for _, minutes := range settings.ReminderMinutes {
		at := e.StartsAt.Add(-time.Duration(minutes) * time.Minute)
		if at.After(now) {
			jobs = append(jobs, river.InsertManyParams{Args: ReminderArgs{EventID: e.ID, Minutes: minutes, Sequence: e.Sequence},
				InsertOpts: &river.InsertOpts{ScheduledAt: at, UniqueOpts: river.UniqueOpts{ByArgs: true}}})
		}
	}
	jobs = append(jobs, river.InsertManyParams{Args: FollowUpArgs{EventID: e.ID, Sequence: e.Sequence},
		InsertOpts: &river.InsertOpts{ScheduledAt: e.EndsAt(), UniqueOpts: river.UniqueOpts{ByArgs: true}}})
	if _, err := m.jobs.InsertManyTx(ctx, tx, jobs); err != nil {
		return fmt.Errorf("mail: schedule reminders of %s: %w", e.ID, err)
	}
	return nil
}

// RecordingPublished wakes the follow-up of an ended event whose recording
// media has just published, in media's transaction: the follow-ups go at
// once, with the replay's link. It is media's Options.RecordingPublished.
// Publishing again after withdrawing sends nothing twice: each follow-up
// is owed once per registrant (the outbox's dedupe key).
func (m *Mailer) RecordingPublished(ctx context.Context, tx pgx.Tx, eventID string) error {
	e, err := m.eventFor(ctx, tx, eventID)
	if err != nil || e.Status != events.StatusPublished {
		return err
	}
	return m.followUpNow(ctx, tx, e)
}

// followUpNow wakes the event's follow-up job, waiting for the recording,
// as the recording has just been published.
func (m *Mailer) followUpNow(ctx context.Context, tx pgx.Tx, e events.Event) error {
	if time.Now().Before(e.EndsAt()) {
		return nil // the job runs when the event ends and will find it
	}
	args := FollowUpArgs{EventID: e.ID, Sequence: e.Sequence}
	res, err := m.jobs.InsertTx(ctx, tx, args, nil)
	if err != nil {
		return fmt.Errorf("mail: follow-up of %s: %w", e.ID, err)
	}
	if res.UniqueSkippedAsDuplicate && res.Job.State == "scheduled" {
		// Replaced rather than retried: an insert tells the workers at
		// once, where a retried job waits for their next poll (a second).
		if _, err := m.jobs.JobDeleteTx(ctx, tx, res.Job.ID); err != nil {
			return fmt.Errorf("mail: follow-up of %s: %w", e.ID, err)
		}
		if _, err := m.jobs.InsertTx(ctx, tx, args, nil); err != nil {
			return fmt.Errorf("mail: follow-up of %s: %w", e.ID, err)
		}
	}
	return nil
}

type reminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	m *Mailer
}

func (w *reminderWorker) Work(ctx context.Context, job *river.Job[ReminderArgs]) error {
	a := job.Args
	return w.m.inTx(ctx, func(tx pgx.Tx) error {
		_, live, err := liveEvent(ctx, tx, a.EventID, a.Sequence)
		if err != nil || !live {
			return err
		}
		settings, err := settingsOf(ctx, tx, a.EventID)
		if err != nil || !slices.Contains(settings.ReminderMinutes, a.Minutes) {
			return err // the organiser has since dropped this reminder
		}
		return w.m.queueToStatuses(ctx, tx, a.EventID, notice.KindReminder, strconv.Itoa(a.Minutes), []string{"confirmed"})
	})
}

// followUpPoll is how often a follow-up waiting for its recording looks again.
const followUpPoll = 30 * time.Minute

type followUpWorker struct {
	river.WorkerDefaults[FollowUpArgs]
	m *Mailer
}

// Work queues the event's follow-ups, Options.FollowUpChunk of them per
// transaction: delivery of the first starts while the rest are queued, and
// a large event holds no long transaction. A job that fails part way
// queues only the rest when it runs again, as a registrant's follow-up has
// one dedupe key.
func (w *followUpWorker) Work(ctx context.Context, job *river.Job[FollowUpArgs]) error {
	a := job.Args
	var after int64 // the arrival of the last registrant queued
	for {
		var snooze time.Duration
		var last int64
		var more bool
		err := w.m.inTx(ctx, func(tx pgx.Tx) error {
			snooze, last, more = 0, 0, false // InTx may run this again
			e, live, err := liveEvent(ctx, tx, a.EventID, a.Sequence)
			if err != nil || !live {
				return err
			}
			settings, err := settingsOf(ctx, tx, a.EventID)
			if err != nil || !settings.FollowUp {
				return err
			}
			replay, err := hasPublishedRecording(ctx, tx, e.ID)
			if err != nil {
				return err
			}
			now, ends := time.Now(), e.EndsAt()
			waitUntil := ends.Add(time.Duration(settings.FollowUpWaitHours) * time.Hour)
			switch {
			case now.Before(ends):
				snooze = min(followUpPoll, ends.Sub(now))
			case !replay && e.RecordingURL == "" && now.Before(waitUntil):
				snooze = min(followUpPoll, waitUntil.Sub(now))
			default:
				last, more, err = w.m.queueFollowUps(ctx, tx, a.EventID, after)
			}
			return err
		})
		switch {
		case err != nil:
			return err
		case snooze > 0:
			return river.JobSnooze(snooze)
		case !more:
			return nil
		}
		after = last
	}
}

// queueFollowUps thanks the next chunk of confirmed registrants (those
// who arrived after after) who attended, and tells the others what they
// missed. It returns the last one's arrival and whether there may be more.
func (m *Mailer) queueFollowUps(ctx context.Context, tx pgx.Tx, eventID string, after int64) (last int64, more bool, err error) {
	rows, _ := tx.Query(ctx, `
		SELECT id, attended, arrival FROM registration_contacts
		WHERE event_id = $1 AND status = 'confirmed' AND arrival > $2 ORDER BY arrival LIMIT $3`, eventID, after, m.followUpChunk)
	var notices []notice.Notice
	var id string
	var attended bool
	last = after
	_, err = pgx.ForEachRow(rows, []any{&id, &attended, &last}, func() error {
		kind := notice.KindFollowUpMissed
		if attended {
			kind = notice.KindFollowUpAttended
		}
		notices = append(notices, notice.Notice{RegistrationID: id, Kind: kind})
		return nil
	})
	if err != nil {
		return 0, false, fmt.Errorf("mail: follow-ups of %s: %w", eventID, err)
	}
	return last, len(notices) == m.followUpChunk, m.Outbox.Queue(ctx, tx, notices...)
}

// liveEvent is the event, and whether it is still published at the
// sequence a job was made for (a deleted event is not).
func liveEvent(ctx context.Context, tx pgx.Tx, id string, sequence int) (events.Event, bool, error) {
	var e events.Event
	err := tx.QueryRow(ctx, `SELECT id, starts_at, duration_minutes, recording_url, status, sequence FROM events WHERE id = $1`, id).
		Scan(&e.ID, &e.StartsAt, &e.DurationMinutes, &e.RecordingURL, &e.Status, &e.Sequence)
	if errors.Is(err, pgx.ErrNoRows) {
		return events.Event{}, false, nil
	}
	if err != nil {
		return events.Event{}, false, fmt.Errorf("mail: event %s: %w", id, err)
	}
	return e, e.Status == events.StatusPublished && e.Sequence == sequence, nil
}
