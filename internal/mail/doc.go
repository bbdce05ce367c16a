// Package mail sends Plenary's email: confirmations with calendar invites,
// reminders, changes, follow-ups by what each registrant did, and organiser
// broadcasts. Every message is a row of the outbox, queued in the
// transaction of the change that causes it together with a River job that
// delivers it, so a change and its message never part.
package mail
