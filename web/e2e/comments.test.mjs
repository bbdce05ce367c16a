// The two links in a commenter's email: confirm the address, delete the
// comment. Each page asks before it acts (mail scanners open links), says
// what it did, and a broken link says so; axe-core checks each state at
// 1280 and 375 px. The comment itself is posted through the API (the
// form is comment-thread's), and the links are read from the event's
// outbox as the organiser sees it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { check, launchBrowser, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page, visitor, api, event;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
  visitor = await (await browser.newContext()).newPage(); // the commenter: not signed in
  const starts = new Date(Date.now() - 7 * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const created = await api.post("/api/v1/manage/events", { slug: "comment-links", title: "Comment links", starts_at: starts, duration_minutes: 60, timezone: "Europe/London" });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  event = created.body;
  assert.equal((await api.post(`/api/v1/manage/events/${event.id}/publish`)).status, 200);
  assert.equal((await api.put(`/api/v1/manage/events/${event.id}/comments/settings`, { moderation: "none" })).status, 200);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The confirm and delete links of the message the commenter was sent. */
async function linksFor(address) {
  const list = await api.get(`/api/v1/manage/events/${event.id}/messages?kind=comment_received`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const summary = list.body.items.find((m) => m.to === address);
  assert.ok(summary, `a message to ${address}`);
  const message = await api.get(`/api/v1/manage/events/${event.id}/messages/${summary.id}`);
  const link = (kind) => message.body.text.match(new RegExp(`https?://\\S+/comments/${kind}/[A-Za-z0-9_-]+`))?.[0];
  return { confirm: link("confirm"), remove: link("delete") };
}

test("a commenter confirms their address, then deletes their comment, from the links emailed", async () => {
  const posted = await visitor.request.post(`${server.baseURL}/api/v1/events/comment-links/comments`, {
    data: { name: "Cora Commenter", email: "cora@example.org", body: "Prevention needs shared data." },
  });
  assert.equal(posted.status(), 202);
  const { confirm, remove } = await linksFor("cora@example.org");
  assert.ok(confirm && remove, "both links in the message");

  await visitor.goto(confirm.replace(/^https?:\/\/[^/]+/, server.baseURL));
  await visitor.getByRole("heading", { name: "Confirm your email address", level: 1 }).waitFor();
  await check(visitor, "comment-confirm");
  await visitor.getByRole("button", { name: "Confirm my address" }).click();
  await visitor.getByText("Your address is confirmed.").waitFor();
  assert.equal(await visitor.evaluate(() => document.activeElement?.getAttribute("role")), "status", "focus goes to what was done");
  await check(visitor, "comment-confirmed");

  await visitor.goto(remove.replace(/^https?:\/\/[^/]+/, server.baseURL));
  await visitor.getByRole("heading", { name: "Delete your comment", level: 1 }).waitFor();
  await check(visitor, "comment-delete");
  let thread = await api.get("/api/v1/events/comment-links/comments");
  assert.equal(thread.body.items[0].body, "Prevention needs shared data.", "opening the link deleted nothing");
  // By keyboard: Enter on the focused button.
  await visitor.getByRole("button", { name: "Delete my comment" }).focus();
  await visitor.keyboard.press("Enter");
  await visitor.getByText("Your comment is deleted.").waitFor();
  thread = await api.get("/api/v1/events/comment-links/comments");
  assert.equal(thread.body.items[0].deleted, true);
  assert.ok(!JSON.stringify(thread.body).includes("Cora"), "the name is gone with the comment");
});

test("a broken comment link says it is not valid, and changes nothing", async () => {
  for (const kind of ["confirm", "delete"]) {
    await visitor.goto(`${server.baseURL}/comments/${kind}/not-a-real-token`);
    await visitor.getByRole("button", { name: kind === "confirm" ? "Confirm my address" : "Delete my comment" }).click();
    await visitor.getByRole("heading", { name: "This link is not valid", level: 1 }).waitFor();
  }
  await check(visitor, "comment-link-not-valid");
});
