package registrations_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// Registrations owes messages but does not send them: it names them with
// the notice package and hands them to whatever Notifier it is given. An
// import of mail, direct or through another package, would tie the two
// domains together both ways again (mail reads registrants).
func TestRegistrationsDoesNotImportMail(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list imports: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "plenary/internal/registrations").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "plenary/internal/registrations") {
		t.Fatalf("go list -deps did not list the package itself; is its output what this test thinks? %q", deps)
	}
	if slices.Contains(deps, "plenary/internal/mail") {
		t.Error("plenary/internal/registrations depends on plenary/internal/mail; name messages with plenary/internal/notice")
	}
}
