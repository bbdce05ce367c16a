// The organiser's Attendance section in Debian's Chromium: the summary and
// table, a Zoom report imported from a file (a rejoin summed, a stranger
// unmatched), a bad report refused with its line in the error summary,
// and unmarking asked first. axe-core checks each state at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { check, launchBrowser, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page, api, event;

const zoomReport = [
  "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
  "812 3456 7890,Attendance test,11/30/2026 09:55:02 AM,11/30/2026 11:02:40 AM,host@example.org,68,3",
  "",
  "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
  "Ann Able,ANN@example.org,11/30/2026 09:58:12 AM,11/30/2026 10:06:12 AM,8,No",
  "Ben Bold,ben@example.org,11/30/2026 10:00:00 AM,11/30/2026 10:03:00 AM,3,No",
  "Ann Able,ann@example.org,11/30/2026 10:20:00 AM,11/30/2026 10:25:00 AM,5,No",
  "Cy Stranger,cy@elsewhere.org,11/30/2026 10:00:00 AM,11/30/2026 10:30:00 AM,30,Yes",
  "",
].join("\n");

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
  const starts = new Date(Date.now() + 7 * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const created = await api.post("/api/v1/manage/events", {
    slug: "attendance-test", title: "Attendance test", starts_at: starts, duration_minutes: 60, timezone: "Europe/London" });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  event = created.body;
  assert.equal((await api.post(`/api/v1/manage/events/${event.id}/publish`)).status, 200);
  for (const [first, last] of [["Ann", "Able"], ["Ben", "Bold"], ["Cat", "Calm"]]) {
    const r = await api.post("/api/v1/events/attendance-test/registrations", {
      first_name: first, last_name: last, email: `${first.toLowerCase()}@example.org`, sector: "local_government", organisation: "City Council" });
    assert.equal(r.status, 202, JSON.stringify(r.body));
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const section = () => page.locator("section", { has: page.getByRole("heading", { name: "Attendance", exact: true }) });
const table = () => section().getByRole("table", { name: "Attendance of confirmed registrants, in the order they registered" });
const row = (name) => table().getByRole("row").filter({ hasText: name });
const summary = () => section().locator("dl > div").evaluateAll((divs) => divs.map((d) => [d.querySelector("dt").textContent, d.querySelector("dd").textContent]));

test("an imported Zoom report fills the table, and a bad one is refused by line", async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}/attendance`);
  await row("Ann Able").waitFor();
  assert.deepEqual(await summary(), [["Confirmed registrants", "3"], ["Attended", "0"], ["On the live page now", "0"]]);
  await check(page, "attendance");

  const importForm = page.locator("section", { has: page.getByRole("heading", { name: "Import a Zoom or Teams report" }) });
  await importForm.getByLabel("Report file (CSV)").setInputFiles({ name: "report.csv", mimeType: "text/csv", buffer: Buffer.from(zoomReport) });
  await importForm.getByLabel("Zoom participant report").check();
  await importForm.getByRole("button", { name: "Import report" }).click();
  const banner = page.getByRole("alert").filter({ hasText: "Report imported" });
  await banner.waitFor();
  assert.match(await banner.textContent(), /The report named 2 registrants; 1 registrant newly marked as attended\./);
  assert.match(await banner.textContent(), /Line 8: Cy Stranger \(cy@elsewhere\.org\)/);
  await row("Ann Able").getByText("attended", { exact: true }).waitFor();
  assert.equal(await row("Ann Able").getByRole("cell").nth(2).textContent(), "13");
  assert.match(await row("Ann Able").getByRole("cell").nth(3).textContent(), /Zoom report/);
  assert.match(await row("Ben Bold").textContent(), /not attended/);
  assert.deepEqual(await summary(), [["Confirmed registrants", "3"], ["Attended", "1"], ["On the live page now", "0"]]);
  await check(page, "attendance-imported");

  const bad = zoomReport.replace("10:03:00 AM,3,No", "10:03:00 AM,three,No");
  await importForm.getByLabel("Report file (CSV)").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  await importForm.getByRole("button", { name: "Import report" }).click();
  const errors = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await errors.waitFor();
  assert.match(await errors.textContent(), /Nothing was imported/);
  const link = errors.getByRole("link", { name: /^Line 6: The duration "three"/ });
  assert.equal(await link.getAttribute("href"), "#report-line-6");
  await check(page, "attendance-import-errors");
  const rows = (await api.get(`/api/v1/manage/events/${event.id}/live/attendance`)).body;
  assert.equal(rows.summary.attended, 1, "the refused report recorded nothing");
});

test("marking by hand: at once to attended, asked first to not attended", async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}/attendance`);
  await row("Cat Calm").getByRole("button", { name: "Mark as attended Cat Calm" }).click();
  await section().getByRole("status").filter({ hasText: "Cat Calm is marked as attended." }).waitFor();
  assert.match(await row("Cat Calm").textContent(), /Marked by hand/);

  await row("Cat Calm").getByRole("button", { name: "Mark as not attended Cat Calm" }).click();
  const dialog = page.getByRole("dialog", { name: "Mark Cat Calm as not attended?" });
  await dialog.waitFor();
  await check(page, "attendance-unmark");
  await dialog.getByRole("button", { name: "Yes, mark as not attended" }).click();
  await section().getByRole("status").filter({ hasText: "Cat Calm is marked as not attended." }).waitFor();
  const cat = (await api.get(`/api/v1/manage/events/${event.id}/live/attendance`)).body.items.find((r) => r.name === "Cat Calm");
  assert.deepEqual([cat.attended, cat.source], [false, "hand"]);
});
