import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type { EventDetail } from "../../../api/client";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { CaptionsForm } from "./CaptionsForm";
import { PublishActions, removeConsequence } from "./RecordingActions";
import { RecordingDetailsForm } from "./RecordingDetailsForm";
import { inputOf, type Recording } from "./recording";

const url = "/api/v1/manage/events/e1/recording";
const rec: Recording = {
  kind: "upload", external_url: null, content_type: "video/webm", size_bytes: 95_267, duration_seconds: 36, has_poster: false,
  status: "draft", published_at: null, published_without_captions: false, embed_origins: ["https://example.gov.uk"], has_captions: false,
};
const event = { id: "e1", slug: "ended", status: "published", starts_at: "2025-06-05T09:00:00Z", duration_minutes: 60, timezone: "Europe/London" } as unknown as EventDetail;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("RecordingDetailsForm", () => {
  it("opened on saved data and saved unchanged, sends back what GET gave", async () => {
    const calls = fakeApi({ [`PUT ${url}`]: ({ body }) => ({ status: 200, body: { ...rec, ...(body as object) } }) });
    const onSaved = vi.fn();
    render(<RecordingDetailsForm eventID="e1" recording={rec} onSaved={onSaved} />);
    expect((screen.getByLabelText("The uploaded file") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText("Length") as HTMLInputElement).value).toBe("0:36");
    expect((screen.getByLabelText("Sites that may embed the recording") as HTMLTextAreaElement).value).toBe("https://example.gov.uk");
    fireEvent.click(screen.getByRole("button", { name: "Save recording details" }));
    await screen.findByText("Recording details saved.");
    expect(calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([inputOf(rec)]);
    expect(onSaved).toHaveBeenCalledWith(rec);
  });

  it("tells a length it cannot read before sending, and the server's errors by their fields, keeping what was typed", async () => {
    const calls = fakeApi({ [`PUT ${url}`]: problem(422, "Check the recording.", { embed_origins: "“ftp://x” is not an https origin." }) });
    render(<RecordingDetailsForm eventID="e1" recording={{ ...rec, duration_seconds: null }} onSaved={() => {}} />);
    const length = screen.getByLabelText("Length") as HTMLInputElement;
    fireEvent.input(length, { target: { value: "five minutes" } });
    fireEvent.click(screen.getByRole("button", { name: "Save recording details" }));
    await screen.findAllByText(/Enter the length as hours, minutes and seconds/);
    expect(calls.filter((c) => c.method === "PUT")).toEqual([]);

    fireEvent.input(length, { target: { value: "1:05:30" } });
    const origins = screen.getByLabelText("Sites that may embed the recording") as HTMLTextAreaElement;
    fireEvent.input(origins, { target: { value: "ftp://x" } });
    fireEvent.click(screen.getByRole("button", { name: "Save recording details" }));
    await screen.findAllByText(/is not an https origin/);
    expect(calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([{ kind: "upload", external_url: null, duration_seconds: 3930, embed_origins: ["ftp://x"] }]);
    expect(origins.value).toBe("ftp://x");
    expect(length.value).toBe("1:05:30");
  });
});

describe("RecordingDetailsForm in place of an uploaded file", () => {
  it("asks before a YouTube video deletes the file; keeping it sends nothing", async () => {
    const calls = fakeApi({ [`PUT ${url}`]: ({ body }) => ({ status: 200, body: { ...rec, ...(body as object), content_type: null, size_bytes: null } }) });
    const onSaved = vi.fn();
    render(<RecordingDetailsForm eventID="e1" recording={{ ...rec, status: "published" }} onSaved={onSaved} />);
    fireEvent.click(screen.getByLabelText("A YouTube video"));
    fireEvent.input(screen.getByLabelText("Video address"), { target: { value: "https://www.youtube.com/watch?v=abcdefghijk" } });
    fireEvent.click(screen.getByRole("button", { name: "Save recording details" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete the uploaded file?" });
    expect(dialog.textContent).toContain("The uploaded file (95.3 KB) is deleted and cannot be brought back");
    expect(dialog.textContent).toContain("The recording goes back to a draft");
    fireEvent.click(within(dialog).getByRole("button", { name: "Keep the uploaded file" }));
    expect(calls.filter((c) => c.method === "PUT")).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: "Save recording details" }));
    fireEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Yes, use the YouTube video" }));
    await screen.findByText("Recording details saved.");
    expect(calls.filter((c) => c.method === "PUT").map((c) => (c.body as { kind: string }).kind)).toEqual(["youtube"]);
    expect(onSaved).toHaveBeenCalledOnce();
  });
});

describe("CaptionsForm", () => {
  it("lists the server's faults by line, in the file's order, beside the field", async () => {
    const calls = fakeApi({ [`PUT ${url}/captions`]: problem(422, "The captions have faults.", {
      "line 12": "The cue ends before it starts.", "line 3": "Write the timing as 00:01:02.500 --> 00:01:05.000.",
    }) });
    const onSaved = vi.fn();
    render(<CaptionsForm eventID="e1" hasCaptions={false} onSaved={onSaved} />);
    const input = screen.getByLabelText("Captions file (WebVTT)") as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(["WEBVTT\n\nbad"], "bad.vtt", { type: "text/vtt" })] } });
    fireEvent.click(screen.getByRole("button", { name: "Upload captions" }));
    const alert = await screen.findByRole("alert");
    await waitFor(() => expect(within(alert).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Line 3: Write the timing as 00:01:02.500 --> 00:01:05.000.", "Line 12: The cue ends before it starts.",
    ]));
    expect(alert.textContent).toContain("“bad.vtt” was not saved");
    const put = calls.find((c) => c.method === "PUT");
    expect(put?.body).toBeInstanceOf(Blob);
    expect((put?.body as Blob).type).toBe("text/vtt");
    expect(onSaved).not.toHaveBeenCalled();
  });

  it("says how many cues were saved", async () => {
    fakeApi({ [`PUT ${url}/captions`]: { status: 200, body: { cues: 6, transcript_lines: 6, uploaded_at: "2025-06-05T10:00:00Z" } } });
    const onSaved = vi.fn();
    render(<CaptionsForm eventID="e1" hasCaptions={false} onSaved={onSaved} />);
    fireEvent.change(screen.getByLabelText("Captions file (WebVTT)"), { target: { files: [new File(["WEBVTT\n"], "sample.vtt")] } });
    fireEvent.click(screen.getByRole("button", { name: "Upload captions" }));
    await screen.findByText("Captions saved from “sample.vtt”: 6 cues.");
    expect(onSaved).toHaveBeenCalled();
  });
});

const followUpRoutes = {
  [`GET /api/v1/manage/events/e1/mail-settings`]: { status: 200, body: { reminder_minutes: [], follow_up: true, follow_up_wait_hours: 72 } },
  [`GET /api/v1/manage/events/e1/registration-counts`]: { status: 200, body: { confirmed: 3, waitlisted: 0, pending_approval: 0 } },
  [`GET /api/v1/manage/events/e1/messages`]: { status: 200, body: { items: [], next_cursor: null, mail_server: false } },
};

describe("PublishActions", () => {
  it("asks first without captions, citing WCAG 1.2.2 and who is emailed; keeping it publishes nothing", async () => {
    const calls = fakeApi({ ...followUpRoutes, [`POST ${url}/publish`]: { status: 200, body: { ...rec, status: "published" } } });
    const onChange = vi.fn();
    const run = async (work: () => Promise<void>) => work();
    render(<PublishActions event={event} recording={rec} busy={false} run={run} onChange={onChange} />);
    fireEvent.click(screen.getByRole("button", { name: "Publish the recording" }));
    const dialog = await screen.findByRole("dialog", { name: "Publish the recording without captions?" });
    await within(dialog).findByText("Registrants who attended or missed the event will be emailed the replay link.");
    expect(dialog.textContent).toContain("WCAG 2.2 success criterion 1.2.2");
    fireEvent.click(within(dialog).getByRole("button", { name: "Keep it a draft" }));
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: "Publish the recording" }));
    const again = await screen.findByRole("dialog");
    await within(again).findByText(/will be emailed the replay link/);
    fireEvent.click(within(again).getByRole("button", { name: "Publish without captions" }));
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([{ without_captions: true }]);
  });

  it("with captions, publishes with no flag; an upload without its length waits for it", async () => {
    const calls = fakeApi({ ...followUpRoutes, [`POST ${url}/publish`]: { status: 200, body: { ...rec, status: "published" } } });
    const run = async (work: () => Promise<void>) => work();
    const { rerender } = render(<PublishActions event={event} recording={{ ...rec, duration_seconds: null }} busy={false} run={run} onChange={() => {}} />);
    expect((screen.getByRole("button", { name: "Publish the recording" }) as HTMLButtonElement).disabled).toBe(true);
    rerender(<PublishActions event={event} recording={{ ...rec, has_captions: true }} busy={false} run={run} onChange={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Publish the recording" }));
    const dialog = await screen.findByRole("dialog", { name: "Publish the recording?" });
    await within(dialog).findByText(/will be emailed the replay link/);
    expect(dialog.textContent).not.toContain("WCAG");
    fireEvent.click(within(dialog).getByRole("button", { name: "Yes, publish it" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")?.body).toBeUndefined();
  });
});

describe("removeConsequence", () => {
  it("names what is erased, counted now", async () => {
    fakeApi({ [`GET ${url}/segments`]: { status: 200, body: { items: [{}, {}, {}], chapter_problems: [] } } });
    expect(await removeConsequence("e1", { ...rec, has_captions: true }))
      .toBe("This erases the uploaded file, its 3 segments and its captions and transcript. The event's page stops showing the replay, and embeds and segment links stop working. This cannot be undone.");
    fakeApi({ [`GET ${url}/segments`]: { status: 200, body: { items: [], chapter_problems: [] } } });
    expect(await removeConsequence("e1", { ...rec, kind: "youtube" }))
      .toBe("This erases the link to the YouTube video (the video itself stays there). The event's page stops showing the replay, and embeds and segment links stop working. This cannot be undone.");
  });
});
