import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import type { UploadOptions } from "tus-js-client";
import { fakeApi } from "../../../testing/fakeApi";
import { csrfToken } from "../../../lib/session";
import { storageKeyOf } from "./uploadStore";

/** The tus uploads the component made, driven by the test. */
type Made = { file: File; options: UploadOptions; start: () => void; abort: (terminate?: boolean) => Promise<void>; resumed: unknown };
const made: Made[] = [];
vi.mock("tus-js-client", () => ({
  Upload: class {
    url = "/api/v1/manage/events/e1/recording/uploads/u1";
    record: Made;
    constructor(file: File, options: UploadOptions) {
      this.record = { file, options, start: vi.fn<() => void>(), abort: vi.fn(async (_terminate?: boolean) => {}), resumed: null };
      made.push(this.record);
    }
    findPreviousUploads = async () => [];
    resumeFromPreviousUpload(p: unknown) { this.record.resumed = p; }
    start() { this.record.start(); }
    abort(terminate?: boolean) { return this.record.abort(terminate); }
    static terminate = vi.fn(async () => {});
  },
}));

const { RecordingUpload, replaceConsequence } = await import("./RecordingUpload");
import type { Recording } from "./recording";

const published: Recording = {
  kind: "upload", external_url: null, content_type: "video/mp4", size_bytes: 5000, duration_seconds: 60, has_poster: false,
  status: "published", published_at: "2025-06-06T09:00:00Z", published_without_captions: false, embed_origins: [], has_captions: true,
};

const video = () => new File([new Uint8Array(1000)], "talk.webm", { type: "video/webm", lastModified: 1 });

beforeEach(() => { csrfToken.value = "csrf-1"; });
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  made.length = 0;
  localStorage.clear();
});

async function startUpload(onUploaded = () => {}) {
  fakeApi({});
  render(<RecordingUpload eventID="e1" current={null} onUploaded={onUploaded} />);
  fireEvent.change(screen.getByLabelText("Video file"), { target: { files: [video()] } });
  fireEvent.click(screen.getByRole("button", { name: "Upload" }));
  await waitFor(() => expect(made[0]?.start).toHaveBeenCalled());
  return made[0];
}

describe("RecordingUpload", () => {
  it("asks for a file before uploading", async () => {
    fakeApi({});
    render(<RecordingUpload eventID="e1" current={null} onUploaded={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Upload" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Error: Choose a video file to upload.");
    expect(made).toEqual([]);
  });

  it("sends the CSRF token and the file name, shows the progress, pauses, resumes and finishes", async () => {
    const onUploaded = vi.fn();
    const up = await startUpload(onUploaded);
    expect(up.options.endpoint).toBe("/api/v1/manage/events/e1/recording/uploads");
    expect(up.options.headers).toEqual({ "X-CSRF-Token": "csrf-1" });
    expect(up.options.metadata).toEqual({ filename: "talk.webm", filetype: "video/webm" });
    expect(await up.options.fingerprint!(up.file, up.options)).toBe("e1/talk.webm/1000/1");
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Pause"));

    up.options.onProgress!(420, 1000);
    const bar = await screen.findByLabelText("Uploading “talk.webm”");
    await waitFor(() => expect(bar.getAttribute("value")).toBe("42"));
    expect(screen.getByText("42% (420 bytes of 1 KB)")).toBeTruthy();
    expect(screen.getByText("Uploaded 40%.")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Pause" }));
    expect(up.abort).toHaveBeenCalledWith(false);
    await screen.findByText("42% (420 bytes of 1 KB) — paused");
    fireEvent.click(screen.getByRole("button", { name: "Resume" }));
    expect(up.start).toHaveBeenCalledTimes(2);

    up.options.onProgress!(1000, 1000);
    await screen.findByLabelText("Checking and storing “talk.webm”");
    up.options.onSuccess!({ lastResponse: {} as never });
    await screen.findByText("“talk.webm” is uploaded and is now the recording, as a draft.");
    expect(onUploaded).toHaveBeenCalled();
    expect(screen.getByText("Uploaded 100%.")).toBeTruthy();
  });

  it("shows the server's refusal by the field and forgets the upload", async () => {
    const up = await startUpload();
    localStorage.setItem(storageKeyOf("e1/talk.webm/1000/1"), JSON.stringify({ uploadUrl: "/x", size: 1000 }));
    const body = JSON.stringify({ type: "about:blank", title: "Payload Too Large", status: 413, detail: "The file is larger than this server takes." });
    up.options.onError!(Object.assign(new Error("tus"), { originalRequest: {}, originalResponse: { getStatus: () => 413, getBody: () => body } }) as never);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("Error: The file is larger than this server takes. “talk.webm” is 1 KB.");
    expect(localStorage.length).toBe(0);
    expect(screen.getByRole("button", { name: "Upload" })).toBeTruthy();
  });

  it("offers to resume after a lost connection, and cancelling tells the server to discard the upload", async () => {
    const up = await startUpload();
    up.options.onProgress!(300, 1000);
    up.options.onError!(Object.assign(new Error("tus"), { originalRequest: {}, originalResponse: null }) as never);
    await screen.findByText("The connection to the server was lost. Resume to carry on from where the server got to.");
    expect(screen.getByRole("button", { name: "Resume" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel upload" }));
    fireEvent.click(await screen.findByRole("button", { name: "Keep uploading" }));
    expect(up.abort).not.toHaveBeenCalledWith(true);
    fireEvent.click(screen.getByRole("button", { name: "Cancel upload" }));
    fireEvent.click(await screen.findByRole("button", { name: "Yes, cancel it" }));
    await screen.findByText("Upload cancelled: the server has discarded the part it had.");
    expect(up.abort).toHaveBeenCalledWith(true);
    await waitFor(() => expect(document.activeElement?.id).toBe("recording-file"));
  });
});

describe("replacing a recording", () => {
  it("says what the upload replaces and what becomes of the publication", () => {
    expect(replaceConsequence(published, "new.webm")).toBe("Once “new.webm” is in, it replaces the current file, which is deleted. " +
      "The recording goes back to a draft: the public stops seeing it until you publish it again. Its segments and captions stay.");
    expect(replaceConsequence({ ...published, kind: "vimeo", status: "draft" }, "new.webm"))
      .toBe("Once “new.webm” is in, it replaces the Vimeo video. The recording stays a draft. Its segments and captions stay.");
  });

  it("asks first, and uploads nothing unless confirmed", async () => {
    fakeApi({});
    render(<RecordingUpload eventID="e1" current={published} onUploaded={() => {}} />);
    fireEvent.change(screen.getByLabelText("Video file"), { target: { files: [video()] } });
    fireEvent.click(screen.getByRole("button", { name: "Upload" }));
    const dialog = await screen.findByRole("dialog", { name: "Replace the recording?" });
    expect(dialog.textContent).toContain("Once “talk.webm” is in, it replaces the current file, which is deleted.");
    fireEvent.click(screen.getByRole("button", { name: "Keep the current recording" }));
    expect(made).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "Upload" }));
    fireEvent.click(await screen.findByRole("button", { name: "Yes, upload and replace it" }));
    await waitFor(() => expect(made[0]?.start).toHaveBeenCalled());
  });
});
