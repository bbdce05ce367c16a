import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type { EventDetail } from "../../../api/client";
import { fakeApi, problem, type Call } from "../../../testing/fakeApi";
import { SegmentsEditor } from "./SegmentsEditor";
import type { Segment } from "./segments";

const hopper = { person_id: "p1", name: "Grace Hopper" };
const clarke = { person_id: "p2", name: "Joan Clarke" };
const event = {
  id: "e1", slug: "early-intervention", title: "Early intervention", status: "published",
  speakers: [hopper, clarke], agenda: [{ id: "a1" }, { id: "a2" }, { id: "a3" }],
} as unknown as EventDetail;
const recordingURL = "/api/v1/manage/events/e1/recording";
const base = `${recordingURL}/segments`;
const recording = { kind: "youtube", external_url: "https://youtu.be/x", duration_seconds: 4500, status: "draft" };
const welcome: Segment = { id: "s1", slug: "welcome", title: "Welcome", description: "The chair opens.", start_ms: 0, end_ms: 300_000, speakers: ["p1"] };
const panel: Segment = { id: "s2", slug: "panel", title: "Panel", description: "", start_ms: 300_000, end_ms: 4_500_000, speakers: [] };
const twoProblems = ["Chapters need at least three segments; there are 2."];

type Routes = Parameters<typeof fakeApi>[0];

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const sent = (calls: Call[], method: string, path: string) => calls.filter((c) => c.method === method && c.path === path).map((c) => c.body);

function withSegments(items: Segment[], problems: string[], more: Routes = {}) {
  return fakeApi({
    [`GET ${recordingURL}`]: { status: 200, body: recording },
    [`GET ${base}`]: { status: 200, body: { items, chapter_problems: problems } },
    ...more,
  });
}

describe("SegmentsEditor", () => {
  it("says so when there is no recording, with a link to where it is added", async () => {
    fakeApi({ [`GET ${recordingURL}`]: problem(404, "This event has no recording yet.") });
    render(<SegmentsEditor event={event} recordingHref="/manage/events/e1/recording" />);
    await screen.findByText(/This event has no recording yet, so it has no segments/);
    expect(screen.getByRole("link", { name: "Recording" }).getAttribute("href")).toBe("/manage/events/e1/recording");
  });

  it("lists the segments in play order with their times, speakers, share links, chapter problems and timeline", async () => {
    withSegments([welcome, panel], twoProblems);
    render(<SegmentsEditor event={event} />);
    const list = await screen.findByRole("group", { name: "Segments" });
    const rows = within(list).getAllByRole("listitem");
    expect(rows.map((r) => r.querySelector(".segment-row__title")?.textContent)).toEqual(["1. Welcome", "2. Panel"]);
    expect(rows[0].querySelector(".segment-row__meta")?.textContent).toBe("0:00–5:00 · Grace Hopper");
    expect(within(rows[0]).getByRole("link").getAttribute("href")).toBe("http://localhost:3000/events/early-intervention/replay/welcome");
    expect(screen.getByText("The recording lasts 1:15:00. It is a draft: the segments' addresses play them once it is published.")).toBeTruthy();
    const problems = screen.getByRole("region", { name: "The chapters track will not work in players until these are put right" });
    expect(within(problems).getByText(twoProblems[0])).toBeTruthy();
    expect(document.querySelector("figcaption")?.textContent).toBe("The segments over the recording's 1:15:00, numbered as in the list below.");
    expect([...document.querySelectorAll<HTMLElement>(".segment-timeline__block")].map((b) => b.style.width)).toEqual(["6.666666666666667%", "93.33333333333333%"]);
  });

  it("edits a segment by its row, sending only what changed, and announces the chapter problems that follow", async () => {
    const calls = withSegments([welcome, panel], twoProblems, {
      [`PATCH ${base}/s1`]: ({ body }) => ({ status: 200, body: { segment: { ...welcome, ...(body as object) }, chapter_problems: [...twoProblems, "“Welcome” lasts 5.0 s; each chapter must last at least 10 seconds."] } }),
    });
    render(<SegmentsEditor event={event} />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit Welcome" }));
    const form = screen.getByRole("form", { name: "Edit “Welcome”" });
    expect((within(form).getByLabelText("Slug") as HTMLInputElement).value).toBe("welcome");
    fireEvent.input(within(form).getByLabelText("Title"), { target: { value: "Welcome and introductions" } });
    expect((within(form).getByLabelText("Slug") as HTMLInputElement).value).toBe("welcome");
    fireEvent.click(within(within(form).getByRole("group", { name: "Move the end" })).getByRole("button", { name: "−10 s" }));
    expect((within(form).getByLabelText("End") as HTMLInputElement).value).toBe("4:50");
    fireEvent.input(within(form).getByLabelText("End"), { target: { value: "0:05" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save segment" }));
    await waitFor(() => expect(sent(calls, "PATCH", `${base}/s1`)).toEqual([{ title: "Welcome and introductions", end_ms: 5_000 }]));
    await screen.findByText("“Welcome” lasts 5.0 s; each chapter must last at least 10 seconds.");
    await waitFor(() => expect(screen.getAllByRole("status").some((s) => s.textContent === "The chapters track has 2 problems.")).toBe(true));
    expect(screen.getByText("0:00–0:05 · Grace Hopper")).toBeTruthy();
  });

  it("saves an unchanged segment as an empty change", async () => {
    const calls = withSegments([welcome, panel], twoProblems, {
      [`PATCH ${base}/s1`]: { status: 200, body: { segment: welcome, chapter_problems: twoProblems } },
    });
    render(<SegmentsEditor event={event} />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit Welcome" }));
    fireEvent.click(screen.getByRole("button", { name: "Save segment" }));
    await waitFor(() => expect(sent(calls, "PATCH", `${base}/s1`)).toEqual([{}]));
  });

  it("checks the times before sending, and shows the server's errors beside their fields", async () => {
    const calls = withSegments([], [], {
      [`POST ${base}`]: problem(422, "The segment is not valid.", { end_ms: "The end must be within 24 hours.", speakers: "Choose speakers from the event's speakers." }),
    });
    render(<SegmentsEditor event={event} />);
    const form = (await screen.findByRole("heading", { name: "Add a segment" })).closest("form")!;
    expect((within(form).getByLabelText("Start") as HTMLInputElement).value).toBe("0:00");
    expect((within(form).getByLabelText("End") as HTMLInputElement).value).toBe("1:15:00");
    fireEvent.input(within(form).getByLabelText("End"), { target: { value: "1:20" } });
    fireEvent.input(within(form).getByLabelText("Start"), { target: { value: "1 min" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add segment" }));
    const summary = await within(form).findByRole("alert");
    expect([...summary.querySelectorAll("a")].map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["Title: Enter a title.", "#segment_title"],
      ["Start: Enter the start as minutes and seconds (5:30) or hours, minutes and seconds (1:05:30).", "#segment_start_ms"],
    ]);
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    fireEvent.input(within(form).getByLabelText("Title"), { target: { value: "Opening remarks" } });
    expect((within(form).getByLabelText("Slug") as HTMLInputElement).value).toBe("opening-remarks");
    fireEvent.input(within(form).getByLabelText("Start"), { target: { value: "0:00" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add segment" }));
    await waitFor(() => expect(document.getElementById("segment_end_ms-error")?.textContent).toBe("Error: The end must be within 24 hours."));
    expect(document.getElementById("segment_speakers-error")?.textContent).toBe("Error: Choose speakers from the event's speakers.");
    expect(sent(calls, "POST", base)).toEqual([{ title: "Opening remarks", slug: "opening-remarks", description: "", start_ms: 0, end_ms: 80_000, speakers: [] }]);
  });

  it("tells a slug another segment has beside the slug field", async () => {
    withSegments([welcome], [], {
      [`POST ${base}`]: problem(409, "Another segment of this recording already uses this slug; choose another."),
    });
    render(<SegmentsEditor event={event} />);
    const form = (await screen.findByRole("heading", { name: "Add a segment" })).closest("form")!;
    fireEvent.input(within(form).getByLabelText("Title"), { target: { value: "Welcome" } });
    expect((within(form).getByLabelText("Slug") as HTMLInputElement).value).toBe("welcome-2");
    fireEvent.input(within(form).getByLabelText("Slug"), { target: { value: "welcome" } });
    fireEvent.input(within(form).getByLabelText("Title"), { target: { value: "Welcome back" } });
    expect((within(form).getByLabelText("Slug") as HTMLInputElement).value).toBe("welcome");
    fireEvent.click(within(form).getByRole("button", { name: "Add segment" }));
    await waitFor(() => expect(document.getElementById("segment_slug-error")?.textContent)
      .toBe("Error: Another segment of this recording already uses this slug; choose another."));
  });

  it("asks before replacing segments with the agenda's, then sends replace=true", async () => {
    const calls = withSegments([welcome, panel], twoProblems, {
      [`POST ${base}/from-agenda`]: { status: 201, body: { items: [welcome, panel], chapter_problems: twoProblems } },
    });
    render(<SegmentsEditor event={event} />);
    fireEvent.click(await screen.findByRole("button", { name: "Make segments from the agenda" }));
    const dialog = await screen.findByRole("dialog", { name: "Replace the 2 segments with the agenda's?" });
    expect(dialog.textContent).toContain("one segment is made for each of the agenda's 3 items");
    fireEvent.click(within(dialog).getByRole("button", { name: "Keep the segments" }));
    expect(calls.some((c) => c.path.endsWith("/from-agenda"))).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Make segments from the agenda" }));
    const again = await screen.findByRole("dialog");
    await waitFor(() => expect((within(again).getByRole("button", { name: "Yes, replace them" }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(within(again).getByRole("button", { name: "Yes, replace them" }));
    await screen.findByText("Made 2 segments from the agenda. 1 agenda item starts after the recording ends and was left out.");
    const post = calls.find((c) => c.path.endsWith("/from-agenda"))!;
    expect(post.query.get("replace")).toBe("true");
  });

  it("makes segments from the agenda at once when there are none", async () => {
    const calls = withSegments([], [], {
      [`POST ${base}/from-agenda`]: { status: 201, body: { items: [welcome, panel], chapter_problems: twoProblems } },
    });
    render(<SegmentsEditor event={event} />);
    fireEvent.click(await screen.findByRole("button", { name: "Make segments from the agenda" }));
    await screen.findByText("Made 2 segments from the agenda. 1 agenda item starts after the recording ends and was left out.");
    expect(calls.find((c) => c.path.endsWith("/from-agenda"))!.query.get("replace")).toBeNull();
    expect(within(screen.getByRole("group", { name: "Segments" })).getAllByRole("listitem")).toHaveLength(2);
    // A new segment now starts where they end.
    const form = screen.getByRole("heading", { name: "Add a segment" }).closest("form")!;
    expect((within(form).getByLabelText("Start") as HTMLInputElement).value).toBe("1:15:00");
    expect((within(form).getByLabelText("End") as HTMLInputElement).value).toBe("");
  });

  it("asks before removing a segment and says what breaks", async () => {
    const calls = withSegments([welcome, panel], twoProblems, {
      [`DELETE ${base}/s1`]: { status: 200, body: { items: [panel], chapter_problems: ["Chapters need at least three segments; there are 1."] } },
    });
    render(<SegmentsEditor event={event} />);
    fireEvent.click(await screen.findByRole("button", { name: "Remove Welcome" }));
    const dialog = await screen.findByRole("dialog", { name: "Remove the segment “Welcome”?" });
    await waitFor(() => expect(dialog.textContent).toContain("http://localhost:3000/events/early-intervention/replay/welcome, stops working, and a write-up line {{segment welcome}} shows nothing."));
    fireEvent.click(within(dialog).getByRole("button", { name: "Yes, remove it" }));
    await waitFor(() => expect(sent(calls, "DELETE", `${base}/s1`)).toHaveLength(1));
    await screen.findByText("Welcome removed.");
    expect(screen.queryByRole("button", { name: "Edit Welcome" })).toBeNull();
  });

  it("copies a segment's share link", async () => {
    withSegments([welcome], []);
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    render(<SegmentsEditor event={event} />);
    fireEvent.click(await screen.findByRole("button", { name: "Copy link to “Welcome”" }));
    await screen.findByText("Link copied.");
    expect(writeText).toHaveBeenCalledWith("http://localhost:3000/events/early-intervention/replay/welcome");
    delete (navigator as { clipboard?: unknown }).clipboard;
  });
});
