package registrations

import (
	"encoding/json"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"plenary/internal/errs"
	"plenary/internal/payments"
)

// NewRegistration is what the public form sends.
type NewRegistration struct {
	FirstName          string                     `json:"first_name"`
	LastName           string                     `json:"last_name"`
	Email              string                     `json:"email"`
	JobTitle           string                     `json:"job_title"`
	Organisation       string                     `json:"organisation"`
	Sector             string                     `json:"sector"`
	Country            string                     `json:"country"`
	AccessibilityNeeds string                     `json:"accessibility_needs"`
	Answers            map[string]json.RawMessage `json:"answers"`
	PartnerConsents    []string                   `json:"partner_consents"` // organisation ids ticked
	// TicketTypeID is the ticket chosen: required when the event sells
	// tickets, refused when it does not. PromoCode is optional.
	TicketTypeID string `json:"ticket_type_id"`
	PromoCode    string `json:"promo_code"`
	// PaymentMethod is "card" (the default) or "invoice", when the event
	// takes invoices; Invoice says who the invoice is made out to.
	PaymentMethod string                   `json:"payment_method"`
	Invoice       *payments.InvoiceDetails `json:"invoice"`
}

// Details are the fields an attendee may edit later.
type Details struct {
	FirstName          string `json:"first_name"`
	LastName           string `json:"last_name"`
	JobTitle           string `json:"job_title"`
	Organisation       string `json:"organisation"`
	Sector             string `json:"sector"`
	Country            string `json:"country"`
	AccessibilityNeeds string `json:"accessibility_needs"`
}

func textField(v errs.Validation, field string, value *string, minLen, maxLen int, message string) {
	*value = strings.TrimSpace(*value)
	if n := utf8.RuneCountInString(*value); n < minLen || n > maxLen {
		v.Add(field, message)
	}
}

func (d *Details) validate(v errs.Validation) {
	textField(v, "first_name", &d.FirstName, 1, 100, "Enter your first name (up to 100 characters).")
	textField(v, "last_name", &d.LastName, 1, 100, "Enter your last name (up to 100 characters).")
	textField(v, "job_title", &d.JobTitle, 0, 200, "Keep your job title to 200 characters.")
	textField(v, "organisation", &d.Organisation, 0, 200, "Keep your organisation to 200 characters.")
	textField(v, "country", &d.Country, 0, 100, "Keep the country to 100 characters.")
	textField(v, "accessibility_needs", &d.AccessibilityNeeds, 0, 2000, "Keep this to 2,000 characters.")
	if !slices.Contains(Sectors, d.Sector) {
		v.Add("sector", "Choose the sector you work in.")
	}
}

func (n *NewRegistration) details() Details {
	return Details{FirstName: n.FirstName, LastName: n.LastName, JobTitle: n.JobTitle, Organisation: n.Organisation,
		Sector: n.Sector, Country: n.Country, AccessibilityNeeds: n.AccessibilityNeeds}
}

// badEmail is the message for an address that is not one.
const badEmail = "Enter an email address like name@example.org."

// validEmail reports whether email is a bare address (no name, no <>).
func validEmail(email string) bool {
	addr, err := mail.ParseAddress(email)
	return err == nil && addr.Address == email && len(email) <= 254
}

// validate checks the form against the event's questions and partners and
// returns the answers as stored.
func (n *NewRegistration) validate(questions []Question, offers []ConsentOffer) (json.RawMessage, error) {
	v := errs.Validation{}
	d := n.details()
	d.validate(v)
	n.FirstName, n.LastName, n.JobTitle, n.Organisation = d.FirstName, d.LastName, d.JobTitle, d.Organisation
	n.Country, n.AccessibilityNeeds = d.Country, d.AccessibilityNeeds
	n.Email = strings.TrimSpace(n.Email)
	if !validEmail(n.Email) {
		v.Add("email", badEmail)
	}
	answers := validateAnswers(v, n.Answers, questions)
	n.TicketTypeID, n.PromoCode = strings.TrimSpace(n.TicketTypeID), strings.TrimSpace(n.PromoCode)
	if len(n.PromoCode) > 40 {
		v.Add("promo_code", "That promo code is not one of this event's.")
	}
	for _, id := range n.PartnerConsents {
		if !slices.ContainsFunc(offers, func(o ConsentOffer) bool { return o.OrganisationID == id }) {
			v.Add("partner_consents", "Consent can only be given to this event's knowledge partners.")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return answers, nil
}

// validateAnswers checks each answer against its question's kind.
func validateAnswers(v errs.Validation, given map[string]json.RawMessage, questions []Question) json.RawMessage {
	clean := map[string]any{}
	for id := range given {
		if !slices.ContainsFunc(questions, func(q Question) bool { return q.ID == id }) {
			v.Add("answers", "Answer only this event's questions.")
		}
	}
	for _, q := range questions {
		field := "answers." + q.ID
		raw, present := given[q.ID]
		if !present || string(raw) == "null" {
			if q.Required {
				v.Add(field, "Answer this question.")
			}
			continue
		}
		switch q.Kind {
		case KindShortText, KindLongText:
			var s string
			limit := map[QuestionKind]int{KindShortText: 500, KindLongText: 5000}[q.Kind]
			if json.Unmarshal(raw, &s) != nil || utf8.RuneCountInString(s) > limit {
				v.Add(field, "Answer in text, up to "+map[QuestionKind]string{KindShortText: "500", KindLongText: "5,000"}[q.Kind]+" characters.")
			} else if s = strings.TrimSpace(s); s == "" && q.Required {
				v.Add(field, "Answer this question.")
			} else if s != "" {
				clean[q.ID] = s
			}
		case KindSingleChoice:
			var s string
			if json.Unmarshal(raw, &s) != nil || (s != "" && !slices.Contains(q.Options, s)) || (s == "" && q.Required) {
				v.Add(field, "Choose one of the options.")
			} else if s != "" {
				clean[q.ID] = s
			}
		case KindMultipleChoice:
			var list []string
			ok := json.Unmarshal(raw, &list) == nil
			for _, s := range list {
				ok = ok && slices.Contains(q.Options, s)
			}
			if !ok || (len(list) == 0 && q.Required) {
				v.Add(field, "Choose from the options.")
			} else if len(list) > 0 {
				clean[q.ID] = list
			}
		case KindCheckbox:
			var b bool
			if json.Unmarshal(raw, &b) != nil || (!b && q.Required) {
				v.Add(field, "Tick this box to go on.")
			} else {
				clean[q.ID] = b
			}
		}
	}
	out, _ := json.Marshal(clean)
	return out
}

// QuestionInput defines a custom question. ID names the saved question it
// is; empty for a new one.
type QuestionInput struct {
	ID       string       `json:"id"`
	Kind     QuestionKind `json:"kind"`
	Label    string       `json:"label"`
	Required bool         `json:"required"`
	Options  []string     `json:"options"`
}

// validateQuestions checks the list against itself and the ids of the
// event's saved questions.
func validateQuestions(questions []QuestionInput, saved []string) error {
	v := errs.Validation{}
	seen := map[string]bool{}
	for i, q := range questions {
		field := "questions[" + strconv.Itoa(i) + "]"
		if q.ID != "" {
			if !slices.Contains(saved, q.ID) {
				v.Add(field+".id", "This is not one of this event's questions; leave the id out for a new question.")
			} else if seen[q.ID] {
				v.Add(field+".id", "This question is in the list twice.")
			}
			seen[q.ID] = true
		}
		q.Label = strings.TrimSpace(q.Label)
		if q.Label == "" || utf8.RuneCountInString(q.Label) > 300 {
			v.Add(field+".label", "Write the question in 1 to 300 characters.")
		}
		switch q.Kind {
		case KindShortText, KindLongText, KindCheckbox:
			if len(q.Options) > 0 {
				v.Add(field+".options", "Only choice questions have options.")
			}
		case KindSingleChoice, KindMultipleChoice:
			if len(q.Options) < 2 || slices.ContainsFunc(q.Options, func(o string) bool { return strings.TrimSpace(o) == "" }) {
				v.Add(field+".options", "Give at least two options, none empty.")
			}
		default:
			v.Add(field+".kind", "Choose short_text, long_text, single_choice, multiple_choice or checkbox.")
		}
	}
	return v.Err()
}

// domainApproved reports whether email's domain matches one of the
// patterns: "gov.uk" matches that domain and its subdomains; "*.gov.scot"
// only subdomains.
func domainApproved(email string, patterns []string) bool {
	at := strings.LastIndex(email, "@")
	if at < 0 {
		return false
	}
	domain := strings.ToLower(email[at+1:])
	for _, p := range patterns {
		p = strings.ToLower(strings.TrimSpace(p))
		if sub, ok := strings.CutPrefix(p, "*."); ok {
			if strings.HasSuffix(domain, "."+sub) {
				return true
			}
		} else if domain == p || strings.HasSuffix(domain, "."+p) {
			return true
		}
	}
	return false
}
