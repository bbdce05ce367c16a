package mail

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"plenary/internal/links"
	"plenary/internal/notice"
)

// recipientView is what a message of kind k shows one recipient, with
// values chosen to need escaping wherever they go.
func recipientView(k notice.Kind, firstName, manageToken string) view {
	v := view{Kind: k, FirstName: firstName, ShowEvent: true, manageToken: manageToken,
		ManageURL: "https://events.example.org/r/" + manageToken,
		Event: eventView{Title: `Budgets <2027> & "you" + 'them'`, When: "Tuesday 3 March 2026, 10:00 to 11:00 GMT (Europe/London)",
			PageURL: "https://events.example.org/events/budgets?a=1&b=<2>", RecordingURL: "https://video.example.org/r?id=1&t=2",
			Speakers: []speakerView{{Name: "Ada <Lovelace>", Role: "Chair", Organisation: "R&D"}, {Name: "Sam O'Neil"}}},
		Broadcast: newBroadcastView(`Slides & "notes"`, "Here are the **slides**: <script>x()</script> [link](https://example.org/?a=1&b=2)")}
	if k.Unsubscribable() {
		v.unsubscribeToken = "dW5zdWI.c2lnbmVk-_x" + manageToken
		v.UnsubscribeURL = "https://events.example.org/unsubscribe/" + v.unsubscribeToken
	}
	switch k {
	case notice.KindReminder:
		v.StartsIn = startsIn(60)
	case notice.KindApproved:
		v.Waitlisted = strings.HasPrefix(manageToken, "w")
	case notice.KindCancelled:
		v.ByOrganiser = strings.HasPrefix(manageToken, "o")
	}
	if k == notice.KindFollowUpAttended || k == notice.KindFollowUpMissed {
		v.ReplayURL = v.ManageURL + links.ReplaySuffix
	}
	if carriesLiveLink(k, v.Waitlisted) {
		v.liveToken = "bGl2ZQ.c2lnbmVk-_x" + manageToken
		v.LiveURL = "https://events.example.org/live/" + v.liveToken
	}
	return v
}

var awkwardNames = []string{"Zoë", `<b>"O'Brien"</b> & +1`, "", "  Ann   Marie ", "nul\x00byte",
	markerPrefix + "1", "{{.FirstName}}"}

// A message made from a form is the very message render makes of its view,
// for every kind, whatever the names and flags, the first of a form or
// the hundredth.
func TestAFilledFormIsTheMessageRenderMakes(t *testing.T) {
	fs := newForms("e1")
	for _, k := range notice.AllKinds {
		for i, name := range awkwardNames {
			for _, token := range []string{"plain-Token_1", "w" + string(rune('a'+i)), "o9", "…"} {
				v := recipientView(k, name, token)
				subject, text, html, _, err := fs.personalise(&v)
				if err != nil {
					t.Fatalf("%s for %q: %v", k, name, err)
				}
				wantSubject, wantText, wantHTML, err := render(v)
				if err != nil {
					t.Fatal(err)
				}
				if subject != wantSubject || text != wantText || html != wantHTML {
					t.Fatalf("%s for %q, token %q: the form gave\n%q\n%q\n%q\nrender gave\n%q\n%q\n%q",
						k, name, token, subject, text, html, wantSubject, wantText, wantHTML)
				}
			}
		}
	}
	if len(fs.byKey) < len(notice.AllKinds) {
		t.Fatalf("%d forms for %d kinds: messages were rendered, not filled in", len(fs.byKey), len(notice.AllKinds))
	}
}

// One recipient's name and links never reach another's message through
// the form they share.
func TestAFormCarriesNothingOfOneRecipientToTheNext(t *testing.T) {
	fs := newForms("e1")
	first := recipientView(notice.KindFollowUpAttended, "Alexandra", "firstsToken")
	if _, _, _, _, err := fs.personalise(&first); err != nil {
		t.Fatal(err)
	}
	second := recipientView(notice.KindFollowUpAttended, "Bo", "secondsToken")
	subject, text, html, _, err := fs.personalise(&second)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{subject, text, html} {
		if strings.Contains(part, "Alexandra") || strings.Contains(part, "firstsToken") {
			t.Fatalf("the second message holds the first recipient's values:\n%s", part)
		}
	}
	if !strings.Contains(html, "Dear Bo,") || !strings.Contains(text, "/r/secondsToken") ||
		!strings.Contains(html, "/unsubscribe/dW5zdWI.c2lnbmVk-_xsecondsToken") {
		t.Fatalf("the second message lacks its own values:\n%s\n%s", text, html)
	}
	if len(fs.byKey) != 1 {
		t.Fatalf("%d forms for two messages of one kind", len(fs.byKey))
	}
}

// Every field of a view is in the form's key, filled in per recipient, or
// the event's (whose forms they are). A new field must be one of these, or
// two different messages would share a form.
func TestEveryViewFieldDecidesTheForm(t *testing.T) {
	decided := []string{
		"Kind", "StartsIn", "Waitlisted", "ByOrganiser", "ShowEvent", "Broadcast", "Comment", // formKey
		"FirstName", "ManageURL", "UnsubscribeURL", "manageToken", "unsubscribeToken", // filled in
		"LiveURL", "liveToken", // filled in
		"ReplayURL", // filled in: the manage link's
		"Event",     // the forms' own event
	}
	for f := range reflect.TypeFor[view]().Fields() {
		if !slices.Contains(decided, f.Name) {
			t.Errorf("view.%s is new: put it in formKey, or fill it in per recipient", f.Name)
		}
	}
}

// A follow-up's own replay link is each recipient's manage link with the
// replay's suffix, filled in for the next recipient of the same form.
func TestAReplayLinkIsFilledInPerRecipient(t *testing.T) {
	fs := newForms("e1")
	for _, k := range []notice.Kind{notice.KindFollowUpAttended, notice.KindFollowUpMissed} {
		first := recipientView(k, "Alexandra", "firstsToken")
		if _, _, _, _, err := fs.personalise(&first); err != nil {
			t.Fatal(err)
		}
		second := recipientView(k, "Bo", "secondsToken")
		_, text, html, lt, err := fs.personalise(&second)
		if err != nil || lt == nil {
			t.Fatalf("%s: not made from a form (%v)", k, err)
		}
		for _, part := range []string{text, html} {
			if strings.Contains(part, "firstsToken") || !strings.Contains(part, "/r/secondsToken/replay") {
				t.Fatalf("%s: the second message lacks its own replay link:\n%s", k, part)
			}
		}
	}
}

// The live-session link, in the third field of the messages that carry it,
// is each recipient's own, and a form made for one is filled for the next.
func TestALiveLinkIsFilledInPerRecipient(t *testing.T) {
	fs := newForms("e1")
	for _, k := range []notice.Kind{notice.KindConfirmation, notice.KindReminder} {
		first := recipientView(k, "Alexandra", "firstsToken")
		if _, _, _, _, err := fs.personalise(&first); err != nil {
			t.Fatal(err)
		}
		second := recipientView(k, "Bo", "secondsToken")
		_, text, html, lt, err := fs.personalise(&second)
		if err != nil {
			t.Fatal(err)
		}
		if lt == nil || lt.fill[fieldLiveToken] != second.liveToken {
			t.Fatalf("%s: not made from a form with the live token in its third field: %+v", k, lt)
		}
		for _, part := range []string{text, html} {
			if strings.Contains(part, "firstsToken") {
				t.Fatalf("%s: the second message holds the first recipient's link:\n%s", k, part)
			}
			if !strings.Contains(part, "/live/bGl2ZQ.c2lnbmVk-_xsecondsToken") {
				t.Fatalf("%s: the second message lacks its own live link:\n%s", k, part)
			}
		}
	}
	if len(fs.byKey) != 2 {
		t.Fatalf("%d forms for two kinds", len(fs.byKey))
	}
	for _, k := range notice.AllKinds {
		if carriesLiveLink(k, false) && k.Unsubscribable() {
			t.Errorf("%s carries both an unsubscribe and a live link: a form letter has room for one", k)
		}
	}
	if carriesLiveLink(notice.KindApproved, true) {
		t.Error("an approval onto the waiting list carries a live link")
	}
}
