import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { CommentQueue } from "./CommentQueue";
import { actionsFor, canReply, deleteConsequence, type ModComment } from "./ModCommentCard";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const base = "/api/v1/manage/events/e1/comments";
const mod = (over: Partial<ModComment>): ModComment => ({
  id: "c1", parent_id: null, name: "Cora", body: "Shared data https://example.org", created_at: "2026-06-23T10:00:00Z",
  organiser_reply: false, deleted: false, links_allowed: false, email: "cora@example.org", email_confirmed: false, status: "pending", ...over,
});

describe("a comment's actions", () => {
  it("follow its status, and an erased comment has none", () => {
    expect(actionsFor(mod({ status: "pending" }))).toEqual(["approve", "reject", "delete"]);
    expect(actionsFor(mod({ status: "approved", links_allowed: true }))).toEqual(["reject", "delete"]);
    expect(actionsFor(mod({ status: "approved", body: "No links here." }))).toEqual(["reject", "delete"]);
    // Published by itself with a link: a moderator may approve it so that its links show.
    expect(actionsFor(mod({ status: "approved" }))).toEqual(["approve", "reject", "delete"]);
    expect(actionsFor(mod({ status: "rejected" }))).toEqual(["approve", "delete"]);
    expect(actionsFor(mod({ status: "approved", deleted: true }))).toEqual([]);
    expect(canReply(mod({ status: "approved" }))).toBe(true);
    expect(canReply(mod({ status: "approved", parent_id: "c0" }))).toBe(false);
    expect(canReply(mod({ status: "pending" }))).toBe(false);
  });
  it("say before a delete what it erases and what stays", () => {
    expect(deleteConsequence(mod({}))).toMatch(/^This erases Cora’s name, email address and comment for good\. .*with the replies under it\./);
    expect(deleteConsequence(mod({ name: "Ada Admin", organiser_reply: true, parent_id: "c0" })))
      .toBe("This erases Ada Admin’s reply for good. Its place under the comment it answers stays, as “Comment deleted”. This cannot be undone.");
  });
});

describe("CommentQueue", () => {
  /** A server whose lists follow the actions posted. */
  function server(start: ModComment[]) {
    let items = start;
    return fakeApi({
      [`GET ${base}`]: ({ query }) => ({ status: 200, body: { items: items.filter((c) => c.status === query.get("status")), next_cursor: null } }),
      [`POST ${base}/c1/approve`]: () => { items = items.map((c) => (c.id === "c1" ? { ...c, status: "approved" } : c)); return { status: 200, body: items[0] }; },
      [`POST ${base}/c1/delete`]: () => { items = items.map((c) => (c.id === "c1" ? { ...c, deleted: true, name: "", email: "", body: "" } : c)); return { status: 200, body: items[0] }; },
      [`POST ${base}/c1/reply`]: ({ body }) => (((body as { body: string }).body === "")
        ? problem(422, "Some fields are not valid; see errors.", { body: "Write a comment of up to 2,000 characters." })
        : (items = [...items, mod({ id: "r1", parent_id: "c1", name: "Ada Admin", email: "", organiser_reply: true, status: "approved", body: (body as { body: string }).body })],
          { status: 201, body: items.at(-1) })),
    });
  }

  it("lists the waiting comments first with their emails, and approves one", async () => {
    const calls = server([mod({})]);
    render(<CommentQueue eventID="e1" zone="Europe/London" mayReply />);
    const waiting = await screen.findByRole("region", { name: "Waiting for a moderator (1)" });
    expect(within(waiting).getByText("cora@example.org")).toBeTruthy();
    expect(within(waiting).getByText("Address not confirmed")).toBeTruthy();
    expect(within(waiting).queryByRole("link")).toBeNull(); // links stay text for moderators
    fireEvent.click(within(waiting).getByRole("button", { name: "Approve the comment by Cora" }));
    const said = await screen.findByText("The comment by Cora is approved and on the event page.");
    await vi.waitFor(() => expect(document.activeElement).toBe(said));
    expect(calls.some((c) => c.method === "POST" && c.path === `${base}/c1/approve`)).toBe(true);
    expect(screen.getByRole("region", { name: "Published (1)" })).toBeTruthy();
    expect(screen.getByText("No comments are waiting.")).toBeTruthy();
  });

  it("asks before deleting, and keeps the comment when told no", async () => {
    const calls = server([mod({ status: "approved" })]);
    render(<CommentQueue eventID="e1" zone="Europe/London" mayReply />);
    fireEvent.click(await screen.findByRole("button", { name: "Delete the comment by Cora" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete this comment?" });
    expect(dialog.textContent).toContain("erases Cora’s name, email address and comment for good");
    fireEvent.click(within(dialog).getByRole("button", { name: "No, keep it" }));
    expect(calls.some((c) => c.path.endsWith("/delete"))).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "Delete the comment by Cora" }));
    fireEvent.click(await screen.findByRole("button", { name: "Yes, delete it" }));
    await screen.findByText(/is deleted\. Its place in the thread stays/);
    expect(screen.getByRole("heading", { name: "Comment deleted" })).toBeTruthy();
    expect(screen.queryByText("cora@example.org")).toBeNull();
  });

  it("replies as the organiser, with the server's error next to the field", async () => {
    server([mod({ status: "approved" })]);
    render(<CommentQueue eventID="e1" zone="Europe/London" mayReply />);
    fireEvent.click(await screen.findByRole("button", { name: "Reply to Cora" }));
    const field = screen.getByLabelText("Your reply");
    expect(document.activeElement).toBe(field);
    fireEvent.click(screen.getByRole("button", { name: "Publish reply" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Write a comment of up to 2,000 characters.");
    fireEvent.input(field, { target: { value: "Thank you, Cora." } });
    fireEvent.click(screen.getByRole("button", { name: "Publish reply" }));
    await screen.findByText("Your reply to Cora is published on the event page.");
    const reply = screen.getByRole("article", { name: "Ada Admin Organiser reply" });
    expect(reply.textContent).toContain("Reply to Cora");
  });

  it("lets a moderator allow the links of a comment that published by itself", async () => {
    const calls = server([mod({ status: "approved" })]);
    render(<CommentQueue eventID="e1" zone="Europe/London" mayReply />);
    fireEvent.click(await screen.findByRole("button", { name: "Allow its links in the comment by Cora" }));
    await screen.findByText("The web addresses in the comment by Cora are links on the event page now.");
    expect(calls.some((c) => c.method === "POST" && c.path === `${base}/c1/approve`)).toBe(true);
  });

  it("offers a moderator no reply", async () => {
    server([mod({ status: "approved" })]);
    render(<CommentQueue eventID="e1" zone="Europe/London" mayReply={false} />);
    await screen.findByRole("button", { name: "Reject the comment by Cora" });
    expect(screen.queryByRole("button", { name: "Reply to Cora" })).toBeNull();
  });
});
