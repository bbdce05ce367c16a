package registrations

import (
	"encoding/json"
	"testing"

	"plenary/internal/httpserver"
)

// FuzzRegistrationInput: a registration body either fails to decode,
// fails validation against the event's questions and partners, or gives
// readable text and answers of the questions' kinds.
func FuzzRegistrationInput(f *testing.F) {
	for _, s := range []string{
		`{"first_name":"Ada","last_name":"Lovelace","email":"ada@example.org","sector":"local_government","answers":{"q1":"x","q3":"Yes","q4":["A"],"q5":true},"partner_consents":["p1"]}`,
		`{"first_name":"A\u0000","last_name":"L","email":"a@b.c","sector":"local_government"}`,
		`{"email":"a\u0000@example.org"}`, `{"answers":{"q1":{"deep":[1,2]}}}`, `{"answers":{"q4":["A","A","Z"]}}`,
		`{"partner_consents":["not-offered"]}`, `{"first_name":1}`,
	} {
		f.Add([]byte(s))
	}
	questions := []Question{
		{ID: "q1", Kind: KindShortText, Label: "Short"}, {ID: "q2", Kind: KindLongText, Label: "Long"},
		{ID: "q3", Kind: KindSingleChoice, Label: "One", Options: []string{"Yes", "No"}},
		{ID: "q4", Kind: KindMultipleChoice, Label: "Many", Options: []string{"A", "B"}},
		{ID: "q5", Kind: KindCheckbox, Label: "Tick"},
	}
	offers := []ConsentOffer{{OrganisationID: "p1", Organisation: "Partner"}}
	f.Fuzz(func(t *testing.T, body []byte) {
		var n NewRegistration
		if httpserver.DecodeJSON(body, &n) != nil {
			return
		}
		answers, err := n.validate(questions, offers)
		if err != nil {
			return
		}
		for _, s := range []string{n.FirstName, n.LastName, n.Email, n.JobTitle, n.Organisation, n.Sector, n.Country, n.AccessibilityNeeds} {
			if httpserver.TextProblem(s) != "" {
				t.Fatalf("valid registration holds unreadable text %q", s)
			}
		}
		var stored map[string]any
		if err := json.Unmarshal(answers, &stored); err != nil {
			t.Fatalf("answers stored as %s: %v", answers, err)
		}
		for id := range stored {
			if id != "q1" && id != "q2" && id != "q3" && id != "q4" && id != "q5" {
				t.Fatalf("answer to an unknown question %q stored", id)
			}
		}
	})
}
