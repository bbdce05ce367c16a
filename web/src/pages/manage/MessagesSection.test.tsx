import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type { EventDetail } from "../../api/client";
import { fakeApi, problem } from "../../testing/fakeApi";
import { MessagesSection } from "./MessagesSection";

const event = { id: "e1", title: "Prevention in practice", timezone: "Europe/London", status: "published" } as EventDetail;
const base = "/api/v1/manage/events/e1/messages";
const confirmation = {
  id: "m1", kind: "confirmation", to: "joan@example.gov.uk", subject: "You are registered", status: "not_delivered",
  attempts: 1, last_error: "", registration_id: "r1", created_at: "2031-06-01T09:00:00Z", sent_at: null,
};
const reminder = {
  ...confirmation, id: "m2", kind: "reminder", subject: "", status: "failed", attempts: 3,
  last_error: "550 mailbox unavailable", created_at: "2031-06-04T09:00:00Z",
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("MessagesSection", () => {
  it("says once, in a banner, that no mail server is set, instead of on every row", async () => {
    const undelivered = { ...confirmation, last_error: "not delivered: no SMTP configured" };
    fakeApi({
      [`GET ${base}`]: () => ({ status: 200, body: { items: [undelivered, { ...undelivered, id: "m3" }], next_cursor: null, mail_server: false } }),
    });
    render(<MessagesSection event={event} />);
    const table = await screen.findByRole("table", { name: "Messages, newest first" });
    const banner = screen.getByRole("region", { name: "Important" });
    expect(banner.textContent).toContain("No mail server is set up, so no email leaves this site.");
    expect(within(table).getAllByText("Not delivered")).toHaveLength(2);
    expect(within(table).queryByText("No mail server is set up.")).toBeNull();
    expect(within(table).queryByText(/no SMTP configured/)).toBeNull();
  });
  it("shows no banner when a mail server is set", async () => {
    fakeApi({ [`GET ${base}`]: () => ({ status: 200, body: { items: [reminder], next_cursor: null, mail_server: true } }) });
    render(<MessagesSection event={event} />);
    const table = await screen.findByRole("table", { name: "Messages, newest first" });
    expect(screen.queryByRole("region", { name: "Important" })).toBeNull();
    expect(within(table).getByText("Last error: 550 mailbox unavailable")).toBeTruthy();
  });

  it("lists messages with their status in words, filters them and loads more with the cursor", async () => {
    const calls = fakeApi({
      [`GET ${base}`]: ({ query }) => query.get("cursor") === "c2"
        ? { status: 200, body: { items: [reminder], next_cursor: null } }
        : { status: 200, body: { items: [confirmation], next_cursor: "c2" } },
    });
    render(<MessagesSection event={event} />);
    const table = await screen.findByRole("table", { name: "Messages, newest first" });
    expect(within(table).getByText("Confirmation")).toBeTruthy();
    expect(within(table).getByText("Not delivered")).toBeTruthy();
    expect(within(table).getByText("No mail server is set up.")).toBeTruthy();
    expect(within(table).getByText("1 Jun 2031, 10:00 BST")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Load more messages" }));
    await within(table).findByText("Reminder");
    expect(within(table).getByText("Failed")).toBeTruthy();
    expect(within(table).getByText("Last error: 550 mailbox unavailable")).toBeTruthy();
    expect(within(table).getByText("Subject not written yet")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Load more messages" })).toBeNull();
    expect(screen.getByRole("status").textContent).toBe("Showing 2 messages.");

    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "failed" } });
    fireEvent.change(screen.getByLabelText("Kind"), { target: { value: "reminder" } });
    fireEvent.click(screen.getByRole("button", { name: "Filter messages" }));
    await waitFor(() => expect(calls.filter((c) => c.path === base)).toHaveLength(3));
    const last = calls.filter((c) => c.path === base).at(-1)!;
    expect([last.query.get("status"), last.query.get("kind"), last.query.get("cursor")]).toEqual(["failed", "reminder", null]);
  });

  it("previews a message: subject, plain text, and the HTML in a sandboxed, titled frame", async () => {
    fakeApi({
      [`GET ${base}`]: { status: 200, body: { items: [confirmation], next_cursor: null } },
      [`GET ${base}/m1`]: {
        status: 200,
        body: { ...confirmation, text: "Hello Joan,\nyou are registered.", html: "<p>Hello Joan</p>", provider_message_id: "", attachments: ["invite.ics"] },
      },
    });
    render(<MessagesSection event={event} />);
    fireEvent.click(await screen.findByRole("button", { name: "Preview the confirmation to joan@example.gov.uk" }));
    const heading = await screen.findByRole("heading", { name: "Preview: Confirmation to joan@example.gov.uk" });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getAllByText("You are registered")).toHaveLength(2);
    expect(screen.getByText(/you are registered\.$/).tagName).toBe("PRE");
    expect(screen.getByText("invite.ics")).toBeTruthy();
    const frame = screen.getByTitle("HTML part of the confirmation to joan@example.gov.uk");
    expect(frame.getAttribute("sandbox")).toBe("");
    // The HTML part comes from a route of its own, whose policy lets the email's inline styles apply.
    expect(frame.getAttribute("srcdoc")).toBeNull();
    expect(frame.getAttribute("src")).toBe(`${base}/m1/preview.html`);

    fireEvent.click(screen.getByRole("button", { name: "Close preview" }));
    expect(screen.queryByRole("heading", { name: /^Preview:/ })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: /^Preview the confirmation/ }));
  });

  it("shows the server's error when the outbox cannot be listed", async () => {
    fakeApi({ [`GET ${base}`]: problem(403, "Only organisers may read messages.") });
    render(<MessagesSection event={event} />);
    expect((await screen.findByRole("alert")).textContent).toContain("Only organisers may read messages.");
  });

  it("links a refused filter to its field", async () => {
    fakeApi({ [`GET ${base}`]: problem(422, "Check the filter.", { kind: "Choose a kind from the list." }) });
    render(<MessagesSection event={event} />);
    const link = await screen.findByRole("link", { name: "Kind: Choose a kind from the list." });
    expect(link.getAttribute("href")).toBe("#messages-kind");
  });
});
