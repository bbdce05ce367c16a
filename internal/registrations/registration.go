// Package registrations holds who comes to an event: the registration form
// and its questions, exact capacity under concurrency (seat rows), the
// waitlist, approval, private manage links, and the organiser's views and
// CSV export.
package registrations

import (
	"encoding/json"
	"time"
)

// Status is where a registration stands.
type Status string

// Statuses. PendingPayment is for paid tickets (the payments issue).
const (
	StatusConfirmed       Status = "confirmed"
	StatusWaitlisted      Status = "waitlisted"
	StatusPendingApproval Status = "pending_approval"
	StatusPendingPayment  Status = "pending_payment"
	StatusRejected        Status = "rejected"
	StatusCancelled       Status = "cancelled"
)

// Sectors are the fixed choices of the form's sector field.
var Sectors = []string{
	"central_government", "local_government", "health_and_care", "education",
	"police_and_justice", "third_sector", "private_sector", "academia", "other",
}

// Approval says who is admitted without an organiser's decision.
type Approval string

// Approval policies.
const (
	ApprovalOpen    Approval = "open"    // everyone
	ApprovalDomains Approval = "domains" // emails at approved domains; others wait for approval
	ApprovalManual  Approval = "manual"  // nobody
)

// QuestionKind is the kind of a custom question.
type QuestionKind string

// Question kinds.
const (
	KindShortText      QuestionKind = "short_text"
	KindLongText       QuestionKind = "long_text"
	KindSingleChoice   QuestionKind = "single_choice"
	KindMultipleChoice QuestionKind = "multiple_choice"
	KindCheckbox       QuestionKind = "checkbox"
)

// Question is one of the organiser's own questions.
type Question struct {
	ID       string       `json:"id" db:"id"`
	Kind     QuestionKind `json:"kind" db:"kind"`
	Label    string       `json:"label" db:"label"`
	Required bool         `json:"required" db:"required"`
	Options  []string     `json:"options" db:"options"`
}

// Registration is one person's registration for one event.
type Registration struct {
	ID                 string          `json:"id" db:"id"`
	EventID            string          `json:"event_id" db:"event_id"`
	Status             Status          `json:"status" db:"status"`
	FirstName          string          `json:"first_name" db:"first_name"`
	LastName           string          `json:"last_name" db:"last_name"`
	Email              string          `json:"email" db:"email"`
	JobTitle           string          `json:"job_title" db:"job_title"`
	Organisation       string          `json:"organisation" db:"organisation"`
	Sector             string          `json:"sector" db:"sector"`
	Country            string          `json:"country" db:"country"`
	AccessibilityNeeds string          `json:"accessibility_needs" db:"accessibility_needs"`
	Answers            json.RawMessage `json:"answers" db:"answers"`
	AttendedAt         *time.Time      `json:"attended_at" db:"attended_at"`
	CreatedAt          time.Time       `json:"created_at" db:"created_at"`
	UpdatedAt          time.Time       `json:"updated_at" db:"updated_at"`
	CancelledAt        *time.Time      `json:"cancelled_at" db:"cancelled_at"`
	Consents           []Consent       `json:"partner_consents" db:"-"`
}

// Consent is a registrant's consent to be contacted by a partner.
type Consent struct {
	OrganisationID string     `json:"organisation_id" db:"organisation_id"`
	Organisation   string     `json:"organisation" db:"organisation"`
	Wording        string     `json:"wording" db:"wording"`
	ConsentedAt    time.Time  `json:"consented_at" db:"consented_at"`
	WithdrawnAt    *time.Time `json:"withdrawn_at" db:"withdrawn_at"`
}

// ConsentOffer is a consent checkbox on the form, with the words it shows.
type ConsentOffer struct {
	OrganisationID string `json:"organisation_id"`
	Organisation   string `json:"organisation"`
	Wording        string `json:"wording"`
}

// consentWording is what the form says for a partner; it is stored with
// each consent given.
func consentWording(partner string) string {
	return "I agree that " + partner + ", a knowledge partner of this event, may contact me about its work. I can withdraw this at any time from my registration page."
}
