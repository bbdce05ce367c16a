package apitest

import (
	"context"
	"testing"
	"time"
)

// SettleOutbox waits until no message in the outbox is waiting to go (queued
// or being sent), for tests that read what a mail server received.
func (e *Env) SettleOutbox(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var waiting int
		if err := e.DB.QueryRow(context.Background(),
			`SELECT count(*) FROM outbox WHERE status IN ('queued', 'sending')`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages still waiting to go", waiting)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
