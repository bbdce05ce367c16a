import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { fakeApi, problem } from "../../testing/fakeApi";
import { CommentsSection } from "./CommentsSection";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const url = "/api/v1/events/ev/comments";
const comment = (over: Record<string, unknown>) => ({
  id: "c1", parent_id: null, name: "Cora", body: "Shared data helps.", created_at: "2026-06-23T10:00:00Z",
  organiser_reply: false, deleted: false, links_allowed: true, replies: [], ...over,
});
const threads = {
  items: [
    comment({
      id: "c1", deleted: true, name: "", body: "",
      replies: [{ ...comment({ id: "r1", parent_id: "c1", name: "Ada Admin", body: "Thanks, see https://example.org", organiser_reply: true }) }],
    }),
    comment({ id: "c2", name: "Dan", body: "Read https://spam.example now", links_allowed: false }),
  ],
  next_cursor: null,
  moderation: "all",
};

/** Fills the form as a person would. */
function fill(name: string, email: string, body: string) {
  fireEvent.input(screen.getByLabelText("Your name"), { target: { value: name } });
  fireEvent.input(screen.getByLabelText("Your email address"), { target: { value: email } });
  fireEvent.input(screen.getByLabelText("Your comment"), { target: { value: body } });
}

describe("CommentsSection", () => {
  it("shows the thread: deleted places kept, organiser replies marked, links only once approved", async () => {
    fakeApi({ [`GET ${url}`]: { status: 200, body: threads } });
    render(<CommentsSection slug="ev" />);
    const deleted = await screen.findByRole("article", { name: "Comment deleted" });
    expect(deleted.textContent).toBe("Comment deleted");
    const reply = screen.getByRole("article", { name: "Reply by the organiser, Ada Admin" });
    expect(within(reply).getByText("Organiser")).toBeTruthy();
    expect(within(reply).getByRole("link", { name: "https://example.org" }).getAttribute("rel")).toContain("nofollow");
    const dan = screen.getByRole("article", { name: "Comment by Dan" });
    expect(within(dan).queryByRole("link")).toBeNull();
    expect(dan.textContent).toContain("Read https://spam.example now");
    // No reply to a deleted comment; one to a standing one.
    expect(screen.getAllByRole("button", { name: /^Reply to/ }).map((b) => b.textContent)).toEqual(["Reply to Dan"]);
    expect(screen.getByText(/A moderator reads every comment before it appears here/)).toBeTruthy();
  });

  it("hides the honeypot from people and assistive technology, and sends it", async () => {
    const calls = fakeApi({
      [`GET ${url}`]: { status: 200, body: { ...threads, items: [] } },
      [`POST ${url}`]: { status: 202, body: { moderation: "all" } },
    });
    const { container } = render(<CommentsSection slug="ev" />);
    await screen.findByRole("heading", { name: "Add a comment" });
    const trap = container.querySelector<HTMLInputElement>("input[name=website]")!;
    expect(trap.tabIndex).toBe(-1);
    expect(trap.getAttribute("autocomplete")).toBe("off");
    expect(trap.closest("[aria-hidden=true]")).toBeTruthy();
    fill("Cora", "cora@example.org", "  Prevention pays.  ");
    fireEvent.click(screen.getByRole("button", { name: "Post comment" }));
    const banner = await screen.findByRole("alert");
    expect(banner.textContent).toContain("Your comment is waiting for a moderator");
    expect(banner.textContent).toContain("a link to delete your comment");
    expect(calls.at(-1)).toMatchObject({ method: "POST", body: { name: "Cora", email: "cora@example.org", body: "  Prevention pays.  ", website: "", parent_id: null } });
    // Held: the thread is not read again, and the comment field is empty for the next one.
    expect(calls.filter((c) => c.method === "GET" && c.path === url)).toHaveLength(1);
    expect((screen.getByLabelText("Your comment") as HTMLTextAreaElement).value).toBe("");
  });

  it("reads the thread again when a comment may be published at once, and replies to a comment", async () => {
    let posted = false;
    const calls = fakeApi({
      [`GET ${url}`]: () => ({ status: 200, body: { ...threads, moderation: "none", items: posted ? [...threads.items, comment({ id: "c3", name: "Eve" })] : threads.items } }),
      [`POST ${url}`]: () => { posted = true; return { status: 202, body: { moderation: "none" } }; },
    });
    render(<CommentsSection slug="ev" />);
    fireEvent.click(await screen.findByRole("button", { name: "Reply to Dan" }));
    expect(screen.getByRole("heading", { name: "Reply to Dan" })).toBeTruthy();
    expect(document.activeElement?.textContent).toContain("You are replying to the comment by Dan");
    fill("Eve", "eve@example.org", "Agreed.");
    fireEvent.click(screen.getByRole("button", { name: "Post reply" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Your comment is published");
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({ parent_id: "c2" });
    await screen.findByRole("article", { name: "Comment by Eve" });
    expect(screen.getByRole("heading", { name: "Add a comment" })).toBeTruthy();
  });

  it("shows the server's field errors and a rate limit in the error summary", async () => {
    let n = 0;
    fakeApi({
      [`GET ${url}`]: { status: 200, body: threads },
      [`POST ${url}`]: () => (++n === 1
        ? problem(422, "Some fields are not valid; see errors.", { email: "Give an email address such as name@example.org; it is never published.", body: "Write a comment of up to 2,000 characters." })
        : problem(429, "Too many attempts; try again in 120 seconds.")),
    });
    render(<CommentsSection slug="ev" />);
    await screen.findByRole("heading", { name: "Add a comment" });
    fill("Cora", "cora", "x".repeat(2001));
    expect(screen.getByText("You have 1 character too many")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Post comment" }));
    let summary = await screen.findByRole("alert");
    expect(within(summary).getAllByRole("link").map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["Your email address: Give an email address such as name@example.org; it is never published.", "#comment-email"],
      ["Your comment: Write a comment of up to 2,000 characters.", "#comment-body"],
    ]);
    expect(document.getElementById("comment-email")?.getAttribute("aria-describedby")).toContain("comment-email-error");
    fill("Cora", "cora@example.org", "Fine.");
    fireEvent.click(screen.getByRole("button", { name: "Post comment" }));
    summary = await screen.findByText(/You have sent several comments in a short time/);
    expect(summary.textContent).toContain("Wait about 2 minutes");
    expect((screen.getByLabelText("Your comment") as HTMLTextAreaElement).value).toBe("Fine.");
  });

  it("renders nothing for an event the API has no comments for", async () => {
    const calls = fakeApi({});
    const { container } = render(<CommentsSection slug="ev" />);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(container.textContent).toBe("");
  });
});
