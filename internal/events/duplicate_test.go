package events_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
)

// copiedForm is what the copy's form and mail settings read back as.
type copiedForm struct {
	Items []struct {
		ID, Kind, Label string
		Required        bool
		Options         []string
	}
}

// A duplicate is a draft with everything set up in the event, but none of
// its registrations, messages or status.
func TestDuplicateAnEvent(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)
	body := validEvent("early-intervention", start)
	body["capacity"] = 2
	d := createEvent(t, org, body)
	base := "/api/v1/manage/events/" + d.ID
	kerr := createPerson(t, org, "Andrew Kerr", "City of Edinburgh Council")
	var im events.Organisation
	org.Post(t, "/api/v1/manage/organisations", map[string]string{"name": "Iron Mountain"}).WantStatus(t, http.StatusCreated).JSON(t, &im)
	put(t, org, base+"/speakers", map[string]any{"speakers": []map[string]string{{"person_id": kerr.ID, "role": "chair"}}}).WantStatus(t, http.StatusOK)
	put(t, org, base+"/partners", map[string]any{"partners": []map[string]string{{"organisation_id": im.ID, "kind": "knowledge_partner", "note": "Thanks"}}}).WantStatus(t, http.StatusOK)
	org.Post(t, base+"/agenda", map[string]any{"title": "Panel", "start_offset_minutes": 0, "duration_minutes": 60, "speaker_ids": []string{kerr.ID}}).WantStatus(t, http.StatusCreated)
	put(t, org, base+"/questions", map[string]any{"questions": []map[string]any{
		{"kind": "single_choice", "label": "Region", "required": true, "options": []string{"North", "South"}},
		{"kind": "long_text", "label": "What would you ask the panel?"}}}).WantStatus(t, http.StatusOK)
	put(t, org, base+"/registration-settings", map[string]any{"approval": "manual", "approved_domains": []string{}}).WantStatus(t, http.StatusOK)
	put(t, org, base+"/mail-settings", map[string]any{"reminder_minutes": []int{30}, "follow_up": false, "follow_up_wait_hours": 24}).WantStatus(t, http.StatusOK)
	org.Post(t, base+"/publish", nil).WantStatus(t, http.StatusOK)
	env.Client().Post(t, "/api/v1/events/early-intervention/registrations", map[string]any{
		"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "sector": "other",
		"answers": map[string]any{}}).WantStatus(t, http.StatusUnprocessableEntity) // Region is required
	var form copiedForm
	org.Get(t, base+"/questions").WantStatus(t, http.StatusOK).JSON(t, &form)
	env.Client().Post(t, "/api/v1/events/early-intervention/registrations", map[string]any{
		"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "sector": "other",
		"answers": map[string]any{form.Items[0].ID: "North"}}).WantStatus(t, http.StatusAccepted)

	var copied events.Detail
	org.Post(t, base+"/duplicate", nil).WantStatus(t, http.StatusCreated).JSON(t, &copied)
	t.Run("the copy is a draft with the details, people, partners and agenda", func(t *testing.T) {
		if copied.ID == d.ID || copied.Slug != "early-intervention-copy" || copied.Title != "Early intervention (copy)" ||
			copied.Status != events.StatusDraft || copied.PublishedAt != nil || copied.Sequence != 0 {
			t.Fatalf("copy %+v", copied.Event)
		}
		if copied.Summary != d.Summary || copied.Description != d.Description || !copied.StartsAt.Equal(d.StartsAt) ||
			copied.Timezone != d.Timezone || *copied.Capacity != 2 || copied.StreamURL != streamURL || !slices.Equal(copied.Topics, d.Topics) {
			t.Errorf("details differ: %+v", copied.Event)
		}
		if len(copied.Speakers) != 1 || copied.Speakers[0].Name != "Andrew Kerr" || copied.Speakers[0].Role != events.RoleChair ||
			len(copied.Partners) != 1 || copied.Partners[0].Note != "Thanks" ||
			len(copied.Agenda) != 1 || copied.Agenda[0].Title != "Panel" || copied.Agenda[0].Speakers[0].Name != "Andrew Kerr" {
			t.Errorf("parts: %+v %+v %+v", copied.Speakers, copied.Partners, copied.Agenda)
		}
	})
	copyBase := "/api/v1/manage/events/" + copied.ID
	t.Run("the form, admission and mail settings come along", func(t *testing.T) {
		var got copiedForm
		org.Get(t, copyBase+"/questions").WantStatus(t, http.StatusOK).JSON(t, &got)
		if len(got.Items) != 2 || got.Items[0].Label != "Region" || !got.Items[0].Required || !slices.Equal(got.Items[0].Options, []string{"North", "South"}) ||
			got.Items[1].Kind != "long_text" || got.Items[0].ID == form.Items[0].ID {
			t.Errorf("questions %+v", got.Items)
		}
		var admission struct{ Approval string }
		org.Get(t, copyBase+"/registration-settings").WantStatus(t, http.StatusOK).JSON(t, &admission)
		var mailSettings struct {
			ReminderMinutes []int `json:"reminder_minutes"`
			FollowUp        bool  `json:"follow_up"`
		}
		org.Get(t, copyBase+"/mail-settings").WantStatus(t, http.StatusOK).JSON(t, &mailSettings)
		if admission.Approval != "manual" || !slices.Equal(mailSettings.ReminderMinutes, []int{30}) || mailSettings.FollowUp {
			t.Errorf("admission %+v, mail %+v", admission, mailSettings)
		}
	})
	t.Run("registrations and messages stay behind", func(t *testing.T) {
		var regs struct{ Items []any }
		org.Get(t, copyBase+"/registrations").WantStatus(t, http.StatusOK).JSON(t, &regs)
		var msgs struct{ Items []any }
		org.Get(t, copyBase+"/messages").WantStatus(t, http.StatusOK).JSON(t, &msgs)
		var counts struct{ Confirmed int }
		org.Get(t, copyBase+"/registration-counts").WantStatus(t, http.StatusOK).JSON(t, &counts)
		if len(regs.Items) != 0 || len(msgs.Items) != 0 || counts.Confirmed != 0 {
			t.Errorf("copy has %d registrations, %d messages, %d confirmed", len(regs.Items), len(msgs.Items), counts.Confirmed)
		}
		env.Client().Get(t, "/api/v1/events/early-intervention-copy").WantStatus(t, http.StatusNotFound)
	})
	t.Run("the copy has the original's places, all free", func(t *testing.T) {
		org.Post(t, copyBase+"/publish", nil).WantStatus(t, http.StatusOK)
		var f struct {
			PlacesLeft *int `json:"places_left"`
		}
		env.Client().Get(t, "/api/v1/events/early-intervention-copy/registration-form").WantStatus(t, http.StatusOK).JSON(t, &f)
		if f.PlacesLeft == nil || *f.PlacesLeft != 2 {
			t.Errorf("places left %v", f.PlacesLeft)
		}
	})
	t.Run("a copy of a copy is numbered, not copy-copy", func(t *testing.T) {
		var again, ofCopy events.Detail
		org.Post(t, base+"/duplicate", nil).WantStatus(t, http.StatusCreated).JSON(t, &again)
		org.Post(t, copyBase+"/duplicate", nil).WantStatus(t, http.StatusCreated).JSON(t, &ofCopy)
		if again.Slug != "early-intervention-copy-2" || ofCopy.Slug != "early-intervention-copy-3" || ofCopy.Title != "Early intervention (copy) (copy)" {
			t.Errorf("slugs %q %q, title %q", again.Slug, ofCopy.Slug, ofCopy.Title)
		}
	})
}

// A cancelled event can be run again: its copy is a fresh draft without the
// cancellation.
func TestDuplicateACancelledEvent(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleAdmin)
	d := createEvent(t, org, validEvent("called-off", time.Now().Add(48*time.Hour)))
	base := "/api/v1/manage/events/" + d.ID
	org.Post(t, base+"/publish", nil).WantStatus(t, http.StatusOK)
	org.Post(t, base+"/cancel", map[string]any{"message": "Our chair is unwell."}).WantStatus(t, http.StatusOK)
	var copied events.Detail
	org.Post(t, base+"/duplicate", nil).WantStatus(t, http.StatusCreated).JSON(t, &copied)
	if copied.Status != events.StatusDraft || copied.CancellationMessage != "" || copied.Slug != "called-off-copy" || copied.Sequence != 0 {
		t.Errorf("copy of a cancelled event: %+v", copied.Event)
	}
	org.Post(t, "/api/v1/manage/events/"+copied.ID+"/publish", nil).WantStatus(t, http.StatusOK)
}

// Only organisers and admins may copy, and only events that exist.
func TestDuplicateRefusals(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	d := createEvent(t, org, validEvent("early-intervention", time.Now().Add(48*time.Hour)))
	path := "/api/v1/manage/events/" + d.ID + "/duplicate"
	env.Client().Post(t, path, nil).WantStatus(t, http.StatusUnauthorized)
	env.SignedIn(t, accounts.RoleModerator).Post(t, path, nil).WantStatus(t, http.StatusForbidden)
	org.Post(t, "/api/v1/manage/events/00000000-0000-4000-8000-000000000000/duplicate", nil).WantStatus(t, http.StatusNotFound)
	org.Post(t, "/api/v1/manage/events/not-a-uuid/duplicate", nil).WantStatus(t, http.StatusNotFound)
	var list struct{ Items []events.Event }
	org.Get(t, "/api/v1/manage/events").WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 1 {
		t.Errorf("refused copies left %d events", len(list.Items))
	}
}

// Two organisers copying the same event at the same moment both get a copy,
// each with its own slug.
func TestConcurrentDuplicatesGetTheirOwnSlugs(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	other := env.SignedIn(t, accounts.RoleOrganiser)
	d := createEvent(t, org, validEvent("early-intervention", time.Now().Add(48*time.Hour)))
	path := "/api/v1/manage/events/" + d.ID + "/duplicate"
	const n = 6
	slugs := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := org
			if i%2 == 1 {
				c = other
			}
			var copied events.Detail
			c.Post(t, path, nil).WantStatus(t, http.StatusCreated).JSON(t, &copied)
			slugs[i] = copied.Slug
		}()
	}
	wg.Wait()
	slices.Sort(slugs)
	want := []string{"early-intervention-copy", "early-intervention-copy-2", "early-intervention-copy-3",
		"early-intervention-copy-4", "early-intervention-copy-5", "early-intervention-copy-6"}
	if !slices.Equal(slugs, want) {
		t.Errorf("slugs %s", strings.Join(slugs, ", "))
	}
}

// A long title and slug still make a valid copy.
func TestDuplicateKeepsLongNamesWithinBounds(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	body := validEvent(strings.Repeat("a", 50)+"-"+strings.Repeat("b", 49), time.Now().Add(48*time.Hour))
	body["title"] = strings.Repeat("T", 200)
	d := createEvent(t, org, body)
	var copied events.Detail
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/duplicate", nil).WantStatus(t, http.StatusCreated).JSON(t, &copied)
	if len(copied.Slug) > 100 || !strings.HasSuffix(copied.Slug, "-copy") || strings.Contains(copied.Slug, "--") ||
		len([]rune(copied.Title)) != 200 || !strings.HasSuffix(copied.Title, " (copy)") {
		t.Errorf("slug %q (%d), title %q", copied.Slug, len(copied.Slug), copied.Title)
	}
}
