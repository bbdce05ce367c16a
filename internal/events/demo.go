package events

import (
	"context"
	"errors"
	"fmt"
	"time"

	"plenary/internal/errs"
)

// The demo data recreates the reference event, Global Government Forum's
// webinar of 23 June 2022 (shared/seed-article.txt), and adds one upcoming
// event whose speakers are placeholders. Everything said of a real person
// comes from the article; nothing else is attributed to anyone.

// DemoReferenceSlug is the reference event's slug.
const DemoReferenceSlug = "early-intervention"

// DemoQuestions are the audience questions the article lists, kept for the
// Q&A issue to load into the reference event's question queue.
var DemoQuestions = []string{
	"Did the rest of the panel share Kerr’s optimism?",
	"Is the UK public sector up for the challenge Kerr set out after the pressures of COVID?",
	"How can digitisation help free up capacity for early intervention?",
	"How can public sector organisations make sure community engagement is not just prioritising the loudest voices?",
	"What are the practical steps to getting organisations thinking about providing services in a more preventative way?",
}

type demoPerson struct{ name, jobTitle, organisation string }

type demoAgendaItem struct {
	title         string
	start, length int
	description   string
	speakers      []string // names
}

type demoEvent struct {
	slug, title, summary, description string
	organiserNote                     string // what organisers should know; never public
	startsAt                          time.Time
	duration                          int
	topics                            []string
	speakers                          []demoPerson
	roles                             []Role
	knowledgePartner                  bool
	agenda                            []demoAgendaItem
}

var (
	ggf = OrganisationInput{Name: "Global Government Forum", Website: "https://www.globalgovernmentforum.com",
		Description: "Global Government Forum hosts webinars and publishes analysis for public servants around the world."}
	ironMountain = OrganisationInput{Name: "Iron Mountain", Website: "https://www.ironmountain.com",
		Description: "Iron Mountain was the webinar's knowledge partner."}
)

func referenceEvent() demoEvent {
	london, _ := time.LoadLocation("Europe/London")
	return demoEvent{
		slug:  DemoReferenceSlug,
		title: "Early intervention: how the public sector can work together to unlock prevention",
		summary: "A Global Government Forum webinar on how UK public bodies can build on the partnerships of the pandemic " +
			"to join up services and intervene early.",
		description: `The recovery from the coronavirus pandemic gives the UK public sector an opportunity to rethink how services are delivered and to join up provision.

The panel touched on the history of UK local and central government initiatives such as **Total Place**, **Community Budgets**, the **Wigan Deal** and the **Troubled Families** programme, none of which was sustained, and asked what it would take to make prevention stick this time.

Held on 23 June 2022 with support from knowledge partner Iron Mountain.`,
		organiserNote: "The write-up this demo is built from gives no start time: 10:00 London time is assumed here, " +
			"and the agenda timings are approximate.",
		startsAt: time.Date(2022, 6, 23, 10, 0, 0, 0, london),
		duration: 75,
		topics:   []string{"prevention", "early intervention", "local government", "data"},
		speakers: []demoPerson{
			{"Andrew Kerr", "Chief Executive", "City of Edinburgh Council"},
			{"James Binks", "Assistant Chief Executive", "Manchester City Council"},
			{"Grace Pollard", "Senior Policy Researcher", "New Local"},
			{"Alice Blogg", "", "Iron Mountain"},
			{"Joe Fyans", "Head of Research", "Localis"},
		},
		roles:            []Role{RolePanellist, RolePanellist, RolePanellist, RolePanellist, RolePanellist},
		knowledgePartner: true,
		agenda: []demoAgendaItem{
			{"A once-in-a-generation opportunity to reset public services", 0, 15,
				"Using the partnerships built during the pandemic, rather than replacing the barriers that were there before.", []string{"Andrew Kerr"}},
			{"Early intervention in Manchester", 15, 12,
				"Public sector collaboration in Manchester, building on the One Manchester approach.", []string{"James Binks"}},
			{"Community power and early intervention", 27, 10,
				"The role of community power in helping early intervention projects.", []string{"Grace Pollard"}},
			{"Sharing data to plan early intervention", 37, 10,
				"The challenges of sharing data to collaborate, and making better use of data in the move from physical storage to digital.", []string{"Alice Blogg"}},
			{"Upstream prevention and levelling up", 47, 10,
				"How upstream prevention services have been lost in the debate about levelling up.", []string{"Joe Fyans"}},
			{"Audience questions", 57, 18, "The panel answers questions from the audience.",
				[]string{"Andrew Kerr", "James Binks", "Grace Pollard", "Alice Blogg", "Joe Fyans"}},
		},
	}
}

// upcomingEvent is four weeks after now, at 10:00 London time.
func upcomingEvent(now time.Time) demoEvent {
	london, _ := time.LoadLocation("Europe/London")
	day := now.In(london).AddDate(0, 0, 28)
	return demoEvent{
		slug:    "joining-up-prevention",
		title:   "Joining up prevention: what comes next for public services",
		summary: "A follow-up panel on turning early intervention into everyday practice across public bodies.",
		description: "A follow-up to *Early intervention: how the public sector can work together to unlock prevention*. " +
			"Speakers are to be announced.",
		startsAt: time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, london),
		duration: 60,
		topics:   []string{"prevention", "local government"},
		speakers: []demoPerson{{"Chair to be announced", "", ""}, {"Speaker to be announced", "", ""}},
		roles:    []Role{RoleChair, RolePanellist},
		agenda: []demoAgendaItem{
			{"Welcome", 0, 5, "", []string{"Chair to be announced"}},
			{"Panel discussion", 5, 35, "", []string{"Chair to be announced", "Speaker to be announced"}},
			{"Audience questions", 40, 20, "", []string{"Chair to be announced", "Speaker to be announced"}},
		},
	}
}

// SeedDemo creates the demo events unless they exist. Running it again
// changes nothing; a half-made event left by a failed run is made afresh.
func (s *Service) SeedDemo(ctx context.Context, now time.Time) (created []string, err error) {
	for _, d := range []demoEvent{referenceEvent(), upcomingEvent(now)} {
		existing, err := eventBySlug(ctx, s.db, d.slug)
		switch {
		case err == nil && existing.Status != StatusDraft:
			continue
		case err == nil:
			if err := s.Delete(ctx, existing.ID); err != nil {
				return created, err
			}
		case !errors.Is(err, errs.ErrNotFound):
			return created, err
		}
		if err := s.seedEvent(ctx, d); err != nil {
			return created, fmt.Errorf("events: seed %s: %w", d.slug, err)
		}
		created = append(created, d.slug)
	}
	return created, nil
}

func (s *Service) seedEvent(ctx context.Context, d demoEvent) error {
	start := d.startsAt
	e, err := s.Create(ctx, "", NewEvent{Slug: d.slug, Title: d.title, Summary: d.summary, Description: d.description,
		OrganiserNote: d.organiserNote, StartsAt: &start, DurationMinutes: d.duration, Timezone: "Europe/London", Topics: d.topics})
	if err != nil {
		return err
	}
	ids := map[string]string{}
	var speakers []SpeakerInput
	for i, p := range d.speakers {
		person, err := s.findOrCreatePerson(ctx, PersonInput{Name: p.name, JobTitle: p.jobTitle, Organisation: p.organisation})
		if err != nil {
			return err
		}
		ids[p.name] = person.ID
		speakers = append(speakers, SpeakerInput{PersonID: person.ID, Role: d.roles[i]})
	}
	if _, err := s.SetSpeakers(ctx, e.ID, speakers); err != nil {
		return err
	}
	partners := []PartnerInput{}
	host, err := s.findOrCreateOrganisation(ctx, ggf)
	if err != nil {
		return err
	}
	partners = append(partners, PartnerInput{OrganisationID: host.ID, Kind: KindHost})
	if d.knowledgePartner {
		im, err := s.findOrCreateOrganisation(ctx, ironMountain)
		if err != nil {
			return err
		}
		partners = append(partners, PartnerInput{OrganisationID: im.ID, Kind: KindKnowledgePartner,
			Note: "Knowledge partner of the webinar; Alice Blogg spoke on sharing data for early intervention."})
	}
	if _, err := s.SetPartners(ctx, e.ID, partners); err != nil {
		return err
	}
	for _, a := range d.agenda {
		var speakerIDs []string
		for _, name := range a.speakers {
			speakerIDs = append(speakerIDs, ids[name])
		}
		if _, err := s.AddAgendaItem(ctx, e.ID, AgendaInput{Title: a.title, StartOffsetMinutes: a.start,
			DurationMinutes: a.length, Description: a.description, SpeakerIDs: speakerIDs}); err != nil {
			return err
		}
	}
	_, err = s.Publish(ctx, e.ID)
	return err
}

func (s *Service) findOrCreatePerson(ctx context.Context, p PersonInput) (Person, error) {
	found, err := personByName(ctx, s.db, p.Name, p.Organisation)
	if errors.Is(err, errs.ErrNotFound) {
		return s.CreatePerson(ctx, p)
	}
	return found, err
}

func (s *Service) findOrCreateOrganisation(ctx context.Context, o OrganisationInput) (Organisation, error) {
	found, err := organisationByName(ctx, s.db, o.Name)
	if errors.Is(err, errs.ErrNotFound) {
		return s.CreateOrganisation(ctx, o)
	}
	return found, err
}
