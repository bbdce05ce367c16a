import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type { EventDetail } from "../../../api/client";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { charCount, lineRange, WriteupForm } from "./WriteupForm";

const event = { id: "e1", slug: "early-intervention", title: "Early intervention", status: "published" } as EventDetail;
const url = "/api/v1/manage/events/e1/writeup";
const recordingURL = "/api/v1/manage/events/e1/recording";
const saved = {
  author: "Richard Johnstone", published_on: "2022-07-25", body_md: "## Opening\n\nThe chair spoke.", html: "<h2>Opening</h2>\n<p>The chair spoke.</p>",
  problems: [], embed_snippets: [], updated_at: "2026-12-01T10:00:00Z",
};
const welcome = { id: "s1", slug: "welcome", title: "Welcome", description: "", start_ms: 0, end_ms: 300_000, speakers: [] };

type Routes = Parameters<typeof fakeApi>[0];

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function withWriteup(more: Routes = {}) {
  return fakeApi({
    [`GET ${url}`]: { status: 200, body: saved },
    [`GET ${recordingURL}`]: { status: 200, body: { status: "draft", duration_seconds: 4500 } },
    [`GET ${recordingURL}/segments`]: { status: 200, body: { items: [welcome], chapter_problems: [] } },
    ...more,
  });
}

describe("lineRange and charCount", () => {
  it("finds a line's offsets, and counts characters as the server does", () => {
    expect(lineRange("one\ntwo\nthree", 2)).toEqual([4, 7]);
    expect(lineRange("one\ntwo\nthree", 3)).toEqual([8, 13]);
    expect(lineRange("one", 5)).toEqual([3, 3]);
    expect(charCount("café 🎉")).toBe(6);
  });
});

describe("WriteupForm", () => {
  it("opens on the saved write-up, with the count, the segments to show and the preview from the server", async () => {
    withWriteup();
    render(<WriteupForm event={event} segmentsHref="/manage/events/e1/segments" />);
    expect(((await screen.findByLabelText("Author")) as HTMLInputElement).value).toBe("Richard Johnstone");
    expect((screen.getByLabelText("Published on") as HTMLInputElement).value).toBe("2022-07-25");
    const body = screen.getByLabelText("Body (Markdown)") as HTMLTextAreaElement;
    expect(body.value).toBe(saved.body_md);
    expect(body.getAttribute("aria-describedby")).toBe("body_md-hint body_md-count");
    expect(screen.getByText("28 of 50,000 characters.")).toBeTruthy();
    const help = screen.getByRole("group", { name: "Segments to show" });
    await within(help).findByText("{{segment welcome}}");
    expect(help.textContent).toContain("Welcome (0:00–5:00)");
    expect(help.textContent).toContain("The recording is a draft: segments show once it is published.");
    const preview = screen.getByRole("region", { name: "Preview" });
    expect(within(preview).getByRole("heading", { name: "Opening" })).toBeTruthy();
    expect(within(preview).getByRole("link", { name: "Open the event's page" }).getAttribute("href")).toBe("/events/early-intervention");

    fireEvent.input(body, { target: { value: "café 🎉" } });
    expect(screen.getByText("6 of 50,000 characters.")).toBeTruthy();
    expect(preview.textContent).toContain("Save to see your changes here.");
  });

  it("saves what the form shows, then lists the lines that show nothing, each a link to its line", async () => {
    const calls = withWriteup({
      [`PUT ${url}`]: ({ body }) => ({
        status: 200,
        body: { ...saved, ...(body as object), html: "<p>Intro</p>", problems: [{ line: 3, message: "The recording has no segment \"nope\", so this line shows nothing." }] },
      }),
    });
    render(<WriteupForm event={event} />);
    const body = (await screen.findByLabelText("Body (Markdown)")) as HTMLTextAreaElement;
    fireEvent.input(screen.getByLabelText("Published on"), { target: { value: "" } });
    fireEvent.input(body, { target: { value: "Intro\n\n{{segment nope}}\n" } });
    fireEvent.click(screen.getByRole("button", { name: "Save write-up" }));
    const problems = await screen.findByRole("region", { name: "Lines that show nothing to the public" });
    await waitFor(() => expect(document.activeElement).toBe(problems));
    expect(calls.find((c) => c.method === "PUT")!.body).toEqual({ author: "Richard Johnstone", published_on: null, body_md: "Intro\n\n{{segment nope}}\n" });
    expect(screen.getByText("Write-up saved. 1 line shows nothing to the public: see below.")).toBeTruthy();
    expect(problems.textContent).toContain("Line 3: The recording has no segment \"nope\", so this line shows nothing.");

    fireEvent.click(within(problems).getByRole("link", { name: "Line 3" }));
    expect(document.activeElement).toBe(body);
    expect([body.selectionStart, body.selectionEnd]).toEqual([7, 23]);
  });

  it("refuses a body past the limit before sending, and shows the server's errors beside their fields", async () => {
    const calls = withWriteup({
      [`PUT ${url}`]: problem(422, "The write-up is not valid.", { published_on: "Give the date as YYYY-MM-DD." }),
    });
    render(<WriteupForm event={event} />);
    const body = await screen.findByLabelText("Body (Markdown)");
    fireEvent.input(body, { target: { value: "x".repeat(50_001) } });
    expect(screen.getByText("1 character too many: 50,001 of 50,000.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save write-up" }));
    expect((await screen.findByRole("link", { name: "Body (Markdown): Keep the write-up to 50,000 characters." })).getAttribute("href")).toBe("#body_md");
    expect(calls.some((c) => c.method === "PUT")).toBe(false);

    fireEvent.input(body, { target: { value: "Short." } });
    fireEvent.click(screen.getByRole("button", { name: "Save write-up" }));
    await waitFor(() => expect(document.getElementById("published_on-error")?.textContent).toBe("Error: Give the date as YYYY-MM-DD."));
  });

  it("says when there is no recording to take segments from", async () => {
    withWriteup({ [`GET ${recordingURL}`]: problem(404, "This event has no recording yet.") });
    render(<WriteupForm event={event} recordingHref="/manage/events/e1/recording" />);
    const help = await screen.findByRole("group", { name: "Segments to show" });
    await within(help).findByText(/The event has no recording yet/);
    expect(within(help).getByRole("link", { name: "Recording" }).getAttribute("href")).toBe("/manage/events/e1/recording");
  });
});
