package live_test

import (
	"context"
	"net/http"
	"testing"
)

// Every moderation from every status: allowed (200) or refused (409) as
// the transition table says; merged and retracted questions are final.
func TestModerationFromEveryStatus(t *testing.T) {
	f := newQAFixture(t)
	ada := f.confirmed(t, "City Council")
	target := f.ask(t, ada, "The question others merge into", false)
	actions := []struct {
		name, method, path string
		body               any
	}{
		{"approve", http.MethodPost, "/approve", nil},
		{"edit", http.MethodPut, "", map[string]any{"body": "Reworded"}},
		{"merge", http.MethodPost, "/merge", map[string]any{"into": target.ID}},
		{"answer", http.MethodPost, "/answer", map[string]any{"answer": "Yes"}},
		{"dismiss", http.MethodPost, "/dismiss", map[string]any{"reason": "Off topic"}},
	}
	allowed := map[string]map[string]bool{
		"held":      {"approve": true, "edit": true, "merge": true, "answer": true, "dismiss": true},
		"published": {"edit": true, "merge": true, "answer": true, "dismiss": true},
		"answered":  {"edit": true, "answer": true, "dismiss": true},
		"dismissed": {},
		"merged":    {},
		"retracted": {},
	}
	for status, ok := range allowed {
		for _, a := range actions {
			var mergedInto *string
			if status == "merged" {
				mergedInto = &target.ID
			}
			var id string
			if err := f.env.DB.QueryRow(context.Background(), `INSERT INTO live_questions
				(event_id, registration_id, body, original_body, status, merged_into) VALUES ($1, $2, 'Q', 'Q', $3, $4) RETURNING id`,
				f.event.ID, ada.id, status, mergedInto).Scan(&id); err != nil {
				t.Fatal(err)
			}
			want := http.StatusConflict
			if ok[a.name] {
				want = http.StatusOK
			}
			if r := f.mod.Do(t, apitestRequest(a.method, f.modPath("/questions/"+id+a.path), a.body)); r.Status != want {
				t.Errorf("%s a %s question: %d, want %d (%s)", a.name, status, r.Status, want, r.Body)
			}
			if _, err := f.env.DB.Exec(context.Background(), `DELETE FROM live_questions WHERE id = $1`, id); err != nil {
				t.Fatal(err)
			}
		}
	}
}
