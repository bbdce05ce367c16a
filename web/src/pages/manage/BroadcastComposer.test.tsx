import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type { EventDetail } from "../../api/client";
import { fakeApi, problem } from "../../testing/fakeApi";
import { BroadcastComposer } from "./BroadcastComposer";

const event = { id: "e1", title: "Prevention in practice", timezone: "Europe/London", status: "published" } as EventDetail;
const base = "/api/v1/manage/events/e1/broadcasts";
const preview = { recipients: 3, subject: "Slides are up", text: "The slides are on the event page.", html: "<p>The <strong>slides</strong> are up.</p>" };

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function write(subject: string, body: string) {
  fireEvent.input(screen.getByLabelText("Subject"), { target: { value: subject } });
  fireEvent.input(screen.getByLabelText("Message"), { target: { value: body } });
}

describe("BroadcastComposer", () => {
  it("asks for a sector only when the segment is one, with the registration form's names", async () => {
    const calls = fakeApi({
      [`GET ${base}`]: { status: 200, body: { items: [] } },
      [`POST ${base}/preview`]: { status: 200, body: preview },
    });
    render(<BroadcastComposer event={event} />);
    await screen.findByText("Nothing sent yet.");
    expect(screen.queryByLabelText("Sector")).toBeNull();
    fireEvent.change(screen.getByLabelText("Send to"), { target: { value: "sector" } });
    const sector = screen.getByLabelText("Sector") as HTMLSelectElement;
    expect([...sector.options].map((o) => o.text)).toContain("Police and justice");
    fireEvent.change(sector, { target: { value: "police_and_justice" } });
    write("Slides are up", "The **slides** are up.");
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    await screen.findByText("It would reach 3 recipients.");
    expect(calls.find((c) => c.path === `${base}/preview`)?.body).toEqual({
      segment: "sector", sector: "police_and_justice", subject: "Slides are up", body: "The **slides** are up.",
    });
  });

  it("previews the count and the rendered message, and sends a test to the organiser", async () => {
    fakeApi({
      [`GET ${base}`]: { status: 200, body: { items: [] } },
      [`POST ${base}/preview`]: { status: 200, body: preview },
      [`POST ${base}/test`]: {
        status: 202,
        body: { id: "m9", kind: "broadcast_test", to: "ada@example.org", subject: "Slides are up", status: "queued", attempts: 0, last_error: "", registration_id: null, created_at: "2031-06-01T09:00:00Z", sent_at: null },
      },
    });
    render(<BroadcastComposer event={event} />);
    write("Slides are up", "The **slides** are up.");
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Preview ready: it would reach 3 recipients."));
    const frame = screen.getByTitle("HTML part of the message you are writing");
    expect(frame.getAttribute("sandbox")).toBe("");
    // The HTML part comes from a route of its own, whose policy lets the email's inline styles apply.
    expect(frame.getAttribute("srcdoc")).toBeNull();
    const src = new URL(frame.getAttribute("src")!, "http://localhost");
    expect(src.pathname).toBe(`${base}/preview.html`);
    expect(Object.fromEntries(src.searchParams)).toEqual({ segment: "everyone", subject: "Slides are up", body: "The **slides** are up." });
    expect(screen.getByText(preview.text)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Send to 3 recipients" })).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Send test to me" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Test sent to ada@example.org"));
  });

  it("sends only after the organiser confirms, then lists the broadcast", async () => {
    let sent = false;
    const broadcast = { id: "b1", segment: "everyone", sector: "", subject: "Slides are up", recipients: 3, created_at: "2031-06-06T09:00:00Z" };
    const calls = fakeApi({
      [`GET ${base}`]: () => ({ status: 200, body: { items: sent ? [broadcast] : [] } }),
      [`POST ${base}/preview`]: { status: 200, body: preview },
      [`POST ${base}`]: () => { sent = true; return { status: 201, body: broadcast }; },
    });
    render(<BroadcastComposer event={event} />);
    write("Slides are up", "The **slides** are up.");
    fireEvent.click(screen.getByRole("button", { name: "Send to recipients" }));
    const confirm = await screen.findByRole("dialog", { name: "Send to 3 recipients?" });
    expect(confirm.getAttribute("aria-describedby")).toBeTruthy();
    expect(document.getElementById(confirm.getAttribute("aria-describedby")!)?.textContent)
      .toBe("“Slides are up” will be emailed now to everyone registered: 3 recipients. You cannot take it back.");
    await waitFor(() => expect(document.activeElement).toBe(within(confirm).getByRole("button", { name: "Keep the draft" })));
    expect(calls.some((c) => c.method === "POST" && c.path === base)).toBe(false);

    fireEvent.click(within(confirm).getByRole("button", { name: "Keep the draft" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(calls.some((c) => c.method === "POST" && c.path === base)).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Send to 3 recipients" }));
    fireEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Yes, send to 3 recipients" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toContain("is on its way to 3 recipients"));
    expect(calls.filter((c) => c.method === "POST" && c.path === base)).toHaveLength(1);
    const table = await screen.findByRole("table", { name: "Messages sent before" });
    expect(within(table).getByText("Everyone registered")).toBeTruthy();
    expect((screen.getByLabelText("Subject") as HTMLInputElement).value).toBe("");
  });

  it("shows the server's errors beside their fields", async () => {
    fakeApi({
      [`GET ${base}`]: { status: 200, body: { items: [] } },
      [`POST ${base}/preview`]: problem(422, "Check the message.", { subject: "Enter a subject.", body: "Write the message." }),
    });
    render(<BroadcastComposer event={event} />);
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getByRole("link", { name: "Subject: Enter a subject." }).getAttribute("href")).toBe("#broadcast_subject");
    expect(document.getElementById("broadcast_body-error")?.textContent).toBe("Error: Write the message.");
    expect(screen.getByLabelText("Message").getAttribute("aria-describedby")).toContain("broadcast_body-error");
  });
});
