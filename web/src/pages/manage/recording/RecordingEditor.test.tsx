import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/preact";
import type { EventDetail } from "../../../api/client";
import { currentUser } from "../../../lib/session";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { RecordingEditor } from "./RecordingEditor";
import type { Recording } from "./recording";

const url = "/api/v1/manage/events/e1/recording";
const event = { id: "e1", slug: "ended", title: "Ended", status: "published", starts_at: "2025-06-05T09:00:00Z", duration_minutes: 60, timezone: "Europe/London" } as unknown as EventDetail;
const published: Recording = {
  kind: "youtube", external_url: "https://youtu.be/dQw4w9WgXcQ", content_type: null, size_bytes: null, duration_seconds: 3600, has_poster: false,
  status: "published", published_at: "2025-06-06T09:00:00Z", published_without_captions: false, embed_origins: [], has_captions: true,
};
const user = (role: string) => ({ id: "u1", email: "a@example.org", name: "A", role }) as unknown as NonNullable<typeof currentUser.value>;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  currentUser.value = undefined;
});

describe("RecordingEditor", () => {
  it("with no recording, offers the upload and the YouTube or Vimeo form", async () => {
    currentUser.value = user("organiser");
    fakeApi({ [`GET ${url}`]: problem(404, "This event has no recording yet.") });
    render(<RecordingEditor event={event} segmentsHref="/manage/events/e1/segments" />);
    await screen.findByText(/This event has no recording yet\. Upload its video file/);
    expect(screen.getByLabelText("Video file")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Or use a YouTube or Vimeo video" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Publish the recording" })).toBeNull();
  });

  it("shows a published recording with links to its segments and its replay, and its embed codes", async () => {
    currentUser.value = user("organiser");
    fakeApi({
      [`GET ${url}`]: { status: 200, body: published },
      [`GET /api/v1/manage/events/e1/writeup`]: { status: 200, body: { embed_snippets: [
        { segment: "", title: "Ended", url: "https://x/embed/ended", html: '<iframe src="https://x/embed/ended"></iframe>' },
      ] } },
    });
    render(<RecordingEditor event={event} segmentsHref="/manage/events/e1/segments" />);
    await screen.findByRole("link", { name: "https://youtu.be/dQw4w9WgXcQ" });
    expect(screen.getByRole("link", { name: "Segments" }).getAttribute("href")).toBe("/manage/events/e1/segments");
    expect(screen.getByRole("link", { name: "See the replay on the event's page" }).getAttribute("href")).toBe("/events/ended");
    expect(screen.getByRole("button", { name: "Unpublish the recording" })).toBeTruthy();
    expect(((await screen.findByLabelText("The whole recording")) as HTMLTextAreaElement).value).toBe('<iframe src="https://x/embed/ended"></iframe>');
  });

  it("lets a moderator read it but change nothing", async () => {
    currentUser.value = user("moderator");
    fakeApi({ [`GET ${url}`]: { status: 200, body: { ...published, status: "draft" } } });
    render(<RecordingEditor event={event} />);
    await screen.findByText("Only organisers can change the recording.");
    expect(screen.getByText("Draft")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.queryByLabelText("Video file")).toBeNull();
  });
});
