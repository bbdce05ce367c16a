package registrations_test

import (
	"net/http"
	"testing"

	"plenary/internal/apitest"
)

// Capacity 1: A is confirmed and B waits; both cancel, which frees the
// seat. C, the next to register, takes it at once, and D, after C, waits:
// no newcomer is waitlisted beside a free seat, nor seated ahead of one
// who waits. (Before the fix a search that had found the event full made
// the process take it as full for a second, so C waited and D got the seat.)
func TestAFreedSeatGoesToTheNextToRegister(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, 1, nil)
	public := env.Client()
	if got := f.register(t, public, person("a@example.org")).Status; got != "confirmed" {
		t.Fatalf("A: %s, want confirmed", got)
	}
	if got := f.register(t, public, person("b@example.org")).Status; got != "waitlisted" {
		t.Fatalf("B: %s, want waitlisted", got)
	}
	for _, email := range []string{"a@example.org", "b@example.org"} {
		f.org.Post(t, f.base()+"/"+f.find(t, email).ID+"/cancel", nil).WantStatus(t, http.StatusOK)
	}
	if got := f.register(t, public, person("c@example.org")).Status; got != "confirmed" {
		t.Errorf("C, after the seat was freed: %s, want confirmed", got)
	}
	if got := f.register(t, public, person("d@example.org")).Status; got != "waitlisted" {
		t.Errorf("D, after C: %s, want waitlisted", got)
	}
	for email, want := range map[string]string{"c@example.org": "confirmed", "d@example.org": "waitlisted"} {
		if got := string(f.find(t, email).Status); got != want {
			t.Errorf("%s is %s, want %s", email, got, want)
		}
	}
}
