import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/preact";
import { StreamPlayer, embedURL, meetingApp } from "./StreamPlayer";

afterEach(() => { cleanup(); vi.restoreAllMocks(); });

describe("embedURL", () => {
  it("turns the YouTube links organisers paste into the privacy-enhanced embed", () => {
    const want = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";
    for (const url of ["https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "https://youtu.be/dQw4w9WgXcQ",
      "https://www.youtube.com/live/dQw4w9WgXcQ?si=x", "https://youtube.com/embed/dQw4w9WgXcQ", "https://m.youtube.com/watch?v=dQw4w9WgXcQ"]) {
      expect(embedURL("youtube", url), url).toBe(want);
    }
  });
  it("turns Vimeo videos and events into their players", () => {
    expect(embedURL("vimeo", "https://vimeo.com/76979871")).toBe("https://player.vimeo.com/video/76979871");
    expect(embedURL("vimeo", "https://vimeo.com/event/12345")).toBe("https://vimeo.com/event/12345/embed");
    expect(embedURL("vimeo", "https://player.vimeo.com/video/76979871?h=abc")).toBe("https://player.vimeo.com/video/76979871?h=abc");
  });
  it("refuses what is not one of them", () => {
    expect(embedURL("youtube", "https://evil.example/watch?v=dQw4w9WgXcQ")).toBeNull();
    expect(embedURL("youtube", "http://www.youtube.com/watch?v=dQw4w9WgXcQ")).toBeNull();
    expect(embedURL("youtube", "javascript:alert(1)")).toBeNull();
    expect(embedURL("vimeo", "https://vimeo.com/channels/staffpicks")).toBeNull();
  });
});

describe("meetingApp", () => {
  it("names Zoom and Teams, and otherwise the host", () => {
    expect(meetingApp("https://us02web.zoom.us/j/123")).toBe("Zoom");
    expect(meetingApp("https://teams.microsoft.com/l/meetup-join/x")).toBe("Microsoft Teams");
    expect(meetingApp("https://www.meet.example/x")).toBe("meet.example");
  });
});

describe("StreamPlayer", () => {
  it("embeds YouTube in a titled iframe", () => {
    render(<StreamPlayer stream={{ kind: "youtube", url: "https://youtu.be/dQw4w9WgXcQ" }} title="Early intervention" />);
    const frame = screen.getByTitle("Early intervention: live stream");
    expect(frame.tagName).toBe("IFRAME");
    expect(frame.getAttribute("src")).toBe("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
  });

  it("shows an external meeting as a Join now link that opens a new tab", () => {
    render(<StreamPlayer stream={{ kind: "external", url: "https://us02web.zoom.us/j/123" }} title="Early intervention" />);
    const link = screen.getByRole("link", { name: /^Join now\s*in Zoom \(opens a new tab\)$/ });
    expect(link.getAttribute("href")).toBe("https://us02web.zoom.us/j/123");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("plays HLS natively where the browser can, without loading hls.js", () => {
    vi.spyOn(HTMLMediaElement.prototype, "canPlayType").mockImplementation((t) => (t === "application/vnd.apple.mpegurl" ? "maybe" : ""));
    render(<StreamPlayer stream={{ kind: "hls", url: "https://cdn.example/live.m3u8" }} title="Early intervention" />);
    const video = screen.getByLabelText("Early intervention: live stream") as HTMLVideoElement;
    expect(video.src).toBe("https://cdn.example/live.m3u8");
  });

  it("falls back to a link when neither the browser nor hls.js can play HLS", async () => {
    // jsdom has no MediaSource, so hls.js (loaded on demand) says it is unsupported.
    render(<StreamPlayer stream={{ kind: "hls", url: "https://cdn.example/live.m3u8" }} title="Early intervention" />);
    await waitFor(() => expect(screen.getByRole("link", { name: "Open the stream (opens a new tab)" })).toBeTruthy());
  });

  it("links to a stream it cannot embed rather than framing an unknown page", () => {
    render(<StreamPlayer stream={{ kind: "youtube", url: "https://evil.example/x" }} title="Early intervention" />);
    expect(document.querySelector("iframe")).toBeNull();
    expect(screen.getByRole("link", { name: "Open the stream (opens a new tab)" })).toBeTruthy();
  });
});
