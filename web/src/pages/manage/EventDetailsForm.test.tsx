import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import type { EventDetail } from "../../api/client";
import { fakeApi } from "../../testing/fakeApi";
import { EventDetailsForm } from "./EventDetailsForm";

const event: EventDetail = {
  id: "e1", slug: "prevention-in-practice", title: "Prevention in practice", summary: "", description: "", organiser_note: "",
  starts_at: "2031-06-05T09:00:00Z", duration_minutes: 60, timezone: "Europe/London", status: "published", capacity: null,
  registration_opens_at: null, registration_closes_at: null, stream_url: "", cover_image_url: "", recording_url: "",
  topics: [], sequence: 0, created_by: null, created_at: "2031-01-01T00:00:00Z", updated_at: "2031-01-01T00:00:00Z",
  published_at: "2031-01-01T00:00:00Z", cancellation_message: "", speakers: [], partners: [], agenda: [],
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("EventDetailsForm", () => {
  it("saves the recording URL, which a new event does not ask for", async () => {
    const calls = fakeApi({ "PATCH /api/v1/manage/events/e1": ({ body }) => ({ status: 200, body: { ...event, ...(body as object) } }) });
    const onSaved = vi.fn();
    render(<EventDetailsForm event={event} onSaved={onSaved} />);
    const field = screen.getByLabelText("Recording URL");
    expect(document.getElementById(field.getAttribute("aria-describedby")!)?.textContent)
      .toBe("Follow-up emails link to it; they wait for it after the event.");
    fireEvent.input(field, { target: { value: "https://example.org/recording" } });
    fireEvent.click(screen.getByRole("button", { name: "Save details" }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect((calls.find((c) => c.method === "PATCH")!.body as { recording_url: string }).recording_url).toBe("https://example.org/recording");

    cleanup();
    render(<EventDetailsForm onSaved={onSaved} />);
    expect(screen.queryByLabelText("Recording URL")).toBeNull();
  });

  it("shows the saved time zone and start, and saves them back as they were", async () => {
    const calls = fakeApi({ "PATCH /api/v1/manage/events/e1": ({ body }) => ({ status: 200, body: { ...event, ...(body as object) } }) });
    const onSaved = vi.fn();
    render(<EventDetailsForm event={{ ...event, timezone: "America/New_York", starts_at: "2031-06-05T14:00:00Z" }} onSaved={onSaved} />);
    expect((screen.getByLabelText("Time zone") as HTMLSelectElement).value).toBe("America/New_York");
    expect((screen.getByLabelText("Starts") as HTMLInputElement).value).toBe("2031-06-05T10:00");
    fireEvent.click(screen.getByRole("button", { name: "Save details" }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const sent = calls.find((c) => c.method === "PATCH")!.body as { timezone: string; starts_at: string };
    expect([sent.timezone, sent.starts_at]).toEqual(["America/New_York", "2031-06-05T14:00:00Z"]);
  });
});

describe("the suggested address", () => {
  it("follows a new event's title until the organiser types one", () => {
    render(<EventDetailsForm onSaved={vi.fn()} />);
    const title = screen.getByLabelText("Title") as HTMLInputElement;
    const slug = screen.getByLabelText("Address (slug)") as HTMLInputElement;
    fireEvent.input(title, { target: { value: "Café & data: what's next?" } });
    expect(slug.value).toBe("cafe-and-data-what-s-next");
    fireEvent.input(slug, { target: { value: "data-next" } });
    fireEvent.input(title, { target: { value: "Something else" } });
    expect(slug.value).toBe("data-next");
    fireEvent.input(slug, { target: { value: "" } });
    fireEvent.input(title, { target: { value: "Something else" } });
    expect(slug.value).toBe("something-else");
  });

  it("never changes a saved event's address", () => {
    render(<EventDetailsForm event={event} onSaved={vi.fn()} />);
    fireEvent.input(screen.getByLabelText("Title"), { target: { value: "A new title" } });
    expect((screen.getByLabelText("Address (slug)") as HTMLInputElement).value).toBe("prevention-in-practice");
  });
});
