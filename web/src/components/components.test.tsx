import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/preact";
import { FormField } from "./FormField";
import { ErrorSummary } from "./ErrorSummary";
import { EventCard } from "./EventCard";
import { SpeakerList } from "./SpeakerList";
import { PartnerList } from "./PartnerList";
import { initials } from "./Avatar";

afterEach(cleanup);

describe("FormField", () => {
  it("ties the hint and the error to the input for screen readers", () => {
    render(
      <FormField id="slug" label="Address" hint="Lower-case words" error="Use 3 to 100 characters.">
        {(d) => <input id="slug" aria-describedby={d} />}
      </FormField>,
    );
    const input = screen.getByLabelText("Address");
    expect(input.getAttribute("aria-describedby")).toBe("slug-hint slug-error");
    expect(document.getElementById("slug-error")?.textContent).toBe("Error: Use 3 to 100 characters.");
  });
});

describe("ErrorSummary", () => {
  it("is an alert linking each message to its field", () => {
    render(<ErrorSummary errors={{ title: "Enter a title." }} labels={{ title: "Title" }} />);
    const link = screen.getByRole("link", { name: "Title: Enter a title." });
    expect(link.getAttribute("href")).toBe("#title");
    expect(screen.getByRole("alert")).toBeTruthy();
  });
  it("renders nothing without errors", () => {
    const { container } = render(<ErrorSummary errors={{}} labels={{}} />);
    expect(container.innerHTML).toBe("");
  });
});

describe("EventCard", () => {
  const event = {
    slug: "early-intervention", title: "Early intervention", summary: "A panel.", starts_at: "2022-06-23T09:00:00Z",
    ends_at: "2022-06-23T10:15:00Z", duration_minutes: 75, timezone: "Europe/London", phase: "live" as const,
    cover_image_url: "", topics: ["prevention"],
    speakers: [{ name: "Andrew Kerr", job_title: "Chief Executive", organisation: "City of Edinburgh Council", role: "panellist" as const }],
  };
  it("shows live events as live, with the time in the event's zone, speakers and topic links", () => {
    render(<EventCard event={event} topicLink={(t) => `/?topic=${t}`} />);
    expect(screen.getByText("Live now")).toBeTruthy();
    expect(screen.getByText("Thursday 23 June 2022, 10:00–11:15 BST")).toBeTruthy();
    expect(screen.getByText("With Andrew Kerr")).toBeTruthy();
    expect(screen.getByRole("link", { name: "prevention" }).getAttribute("href")).toBe("/?topic=prevention");
  });
});

describe("SpeakerList", () => {
  it("names each speaker's role and work, and hides decorative photos from screen readers", () => {
    render(<SpeakerList speakers={[{ name: "Grace Pollard", job_title: "Senior Policy Researcher", organisation: "New Local", role: "panellist", bio: "", photo_url: "https://example.org/g.jpg" }]} />);
    expect(screen.getByRole("heading", { name: "Grace Pollard" })).toBeTruthy();
    expect(screen.getByText("Panellist · Senior Policy Researcher, New Local")).toBeTruthy();
    const photo = document.querySelector("img");
    expect(photo?.getAttribute("alt")).toBe("");
    expect([photo?.getAttribute("width"), photo?.getAttribute("height"), photo?.getAttribute("loading")]).toEqual(["96", "96", "lazy"]);
  });

  it("shows initials, hidden from screen readers, for a speaker without a photo", () => {
    render(<SpeakerList speakers={[{ name: "Andrew Kerr", job_title: "", organisation: "", role: "chair", bio: "", photo_url: "" }]} />);
    const avatar = screen.getByText("AK");
    expect(avatar.getAttribute("aria-hidden")).toBe("true");
    expect(document.querySelector("img")).toBeNull();
    expect(screen.getByRole("heading", { name: "Andrew Kerr" })).toBeTruthy();
  });
});

describe("initials", () => {
  it("takes the first and last words' first letters", () => {
    expect(initials("Andrew Kerr")).toBe("AK");
    expect(initials("  grace  van der Pollard ")).toBe("GP");
    expect(initials("Cher")).toBe("C");
    expect(initials("Émile Zola")).toBe("ÉZ");
    expect(initials("")).toBe("");
  });
});

describe("PartnerList", () => {
  const partner = { kind: "knowledge_partner" as const, website: "https://example.org", description: "", note: "" };
  it("lets a logo stand for the partner's name, in a box of fixed size", () => {
    render(<PartnerList partners={[{ ...partner, name: "Iron Mountain", logo_url: "https://example.org/im.png" }]} />);
    const logo = screen.getByRole("img", { name: "Iron Mountain" });
    expect([logo.getAttribute("width"), logo.getAttribute("height"), logo.getAttribute("loading")]).toEqual(["160", "80", "lazy"]);
    expect(screen.getByRole("link", { name: "Iron Mountain" }).getAttribute("href")).toBe("https://example.org");
  });

  it("writes the name out when there is no logo", () => {
    render(<PartnerList partners={[{ ...partner, name: "Localis", logo_url: "" }]} />);
    expect(screen.getByRole("heading", { name: "Localis" })).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
  });
});
