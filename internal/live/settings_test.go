package live_test

import (
	"net/http"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/live"
)

func apitestPatch(eventID string, body map[string]any) apitest.Request {
	return apitest.Request{Method: http.MethodPatch, Path: "/api/v1/manage/events/" + eventID, Body: body}
}

func settingsPut(eventID string, lead, attended int, moderation string) apitest.Request {
	return apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/events/" + eventID + "/live/settings",
		Body: map[string]any{"join_lead_minutes": lead, "attended_minutes": attended, "moderation": moderation}}
}

func TestLiveSettings(t *testing.T) {
	f := newJoinFixture(t)
	path := "/api/v1/manage/events/" + f.event.ID + "/live/settings"
	var set live.Settings
	f.org.Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &set)
	if set != live.DefaultSettings || set.JoinLeadMinutes != 15 || set.AttendedMinutes != 10 || set.Moderation != "held" {
		t.Errorf("defaults %+v", set)
	}

	f.org.Do(t, settingsPut(f.event.ID, 0, 45, "published")).WantStatus(t, http.StatusOK).JSON(t, &set)
	want := live.Settings{JoinLeadMinutes: 0, AttendedMinutes: 45, Moderation: live.ModerationPublished}
	if set != want {
		t.Errorf("after PUT %+v, want %+v", set, want)
	}
	moderator := f.env.SignedIn(t, accounts.RoleModerator)
	moderator.Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &set)
	if set != want {
		t.Errorf("moderator reads %+v, want %+v", set, want)
	}
	var changes int
	if err := f.env.DB.QueryRow(t.Context(), `SELECT count(*) FROM live_changes WHERE event_id = $1 AND kind = 'settings'`, f.event.ID).Scan(&changes); err != nil || changes != 1 {
		t.Errorf("settings changes recorded: %d (%v), want 1", changes, err)
	}

	// Permission boundaries: moderators read only; strangers nothing.
	moderator.Do(t, settingsPut(f.event.ID, 5, 5, "held")).WantStatus(t, http.StatusForbidden)
	f.env.Client().Get(t, path).WantStatus(t, http.StatusUnauthorized)
	f.org.Get(t, "/api/v1/manage/events/6f1c8d6e-3b0a-4d7e-9a57-0c7b2f1e9d11/live/settings").WantStatus(t, http.StatusNotFound)
	f.org.Get(t, "/api/v1/manage/events/not-a-uuid/live/settings").WantStatus(t, http.StatusNotFound)
	f.org.Do(t, settingsPut("6f1c8d6e-3b0a-4d7e-9a57-0c7b2f1e9d11", 5, 5, "held")).WantStatus(t, http.StatusNotFound)

	bad := []struct {
		name  string
		body  any
		field string
	}{
		{"negative lead", map[string]any{"join_lead_minutes": -1, "attended_minutes": 10, "moderation": "held"}, "join_lead_minutes"},
		{"lead over a day", map[string]any{"join_lead_minutes": 1441, "attended_minutes": 10, "moderation": "held"}, "join_lead_minutes"},
		{"zero attended", map[string]any{"join_lead_minutes": 15, "attended_minutes": 0, "moderation": "held"}, "attended_minutes"},
		{"unknown moderation", map[string]any{"join_lead_minutes": 15, "attended_minutes": 10, "moderation": "open"}, "moderation"},
		{"missing moderation", map[string]any{"join_lead_minutes": 15, "attended_minutes": 10}, "moderation"},
		{"missing lead", map[string]any{"attended_minutes": 10, "moderation": "held"}, "join_lead_minutes"},
	}
	for _, tt := range bad {
		p := f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: tt.body}).
			WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
		if p.Errors[tt.field] == "" {
			t.Errorf("%s: no message for %s in %+v", tt.name, tt.field, p.Errors)
		}
	}
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: map[string]any{"join_lead_minutes": "ten"}}).
		WantStatus(t, http.StatusBadRequest)
	f.org.Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &set)
	if set != want {
		t.Errorf("bad input changed the settings to %+v", set)
	}
}
