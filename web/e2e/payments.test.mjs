// The event area's Payments section, in Debian's Chromium: a free ticket
// type and one for certain sectors added by form; a priced type refused
// (the test server has no STRIPE_SECRET_KEY) with the 409's explanation
// and what was typed kept; a type edited; every edit form opened on saved
// data and saved unchanged without changing anything; a removal kept,
// then made; a promo code limited to a type added, round-tripped and
// removed; the site's seller details refused with the field's reason,
// saved, and saved unchanged after a reload; and a moderator, who reads
// the types and the seller, told that only organisers manage promo codes
// (and the API never asked for them).
// axe-core checks every state at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, check, launchBrowser, ok, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page, api, event;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
  event = await ok(api.post("/api/v1/manage/events", {
    slug: "paid-event", title: "Paid event", summary: "", description: "", starts_at: "2031-06-05T09:00:00Z",
    duration_minutes: 60, timezone: "Europe/London", capacity: 100, topics: [],
  }), "event");
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const base = () => `/api/v1/manage/events/${event.id}`;
const typesNow = async () => (await ok(api.get(`${base()}/ticket-types`), "types")).items;
const codesNow = async () => (await ok(api.get(`${base()}/promo-codes`), "codes")).items;
const section = (heading) => page.locator("section", { has: page.getByRole("heading", { name: heading, exact: true, level: 2 }) });
const types = () => section("Ticket types");
const codes = () => section("Promo codes");
const row = (list, text) => list.locator(".list-editor__item", { hasText: text });
/** What changes on every save, left out when comparing. */
const saved = (items) => items.map(({ updated_at: _, ...rest }) => rest);

const focused = () => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName} ${el.id || el.textContent.trim()}` : "";
});
async function focusComesTo(expected, message) {
  for (const until = Date.now() + 5000; Date.now() < until; await page.waitForTimeout(50)) {
    if ((await focused()) === expected) return;
  }
  assert.equal(await focused(), expected, message);
}

async function openPayments(p = page) {
  await p.goto(`${server.baseURL}/manage/events/${event.id}/payments`);
  await p.getByRole("heading", { name: "Ticket types", exact: true, level: 2 }).waitFor();
}

test("ticket types are added, refused with a reason, edited, kept when saved unchanged, and removed after the question", async () => {
  await openPayments();
  await types().getByText("No ticket types yet: registration is free.").waitFor();
  await page.getByText("needs card payments, which the site’s administrator sets up by configuring Stripe", { exact: false }).waitFor();
  await check(page, "payments-empty");

  // A free type for anyone.
  const add = page.getByRole("form", { name: "Add a ticket type" });
  await add.getByLabel("Name", { exact: true }).fill("Standard");
  await add.getByRole("button", { name: "Add ticket type" }).click();
  await row(types(), "Standard").getByText("Free").waitFor();
  await row(types(), "Standard").getByText("As many as the event has places").waitFor();

  // A type for two sectors, 40 of them, on sale until a time on the event's clock.
  await add.getByLabel("Name", { exact: true }).fill("Public sector");
  await add.getByLabel("People in certain sectors").check();
  await add.getByLabel("Central government").check();
  await add.getByLabel("Local government").check();
  await add.getByLabel("How many (optional)").fill("40");
  await add.getByLabel("Sales close (optional)").fill("2031-06-04T17:00");
  await add.getByRole("button", { name: "Add ticket type" }).click();
  const sector = row(types(), "Public sector");
  await sector.getByText("Only people in Central government, Local government").waitFor();
  await sector.getByText("40 tickets").waitFor();
  await sector.getByText("Until 4 Jun 2031, 17:00 BST").waitFor();
  let list = await typesNow();
  assert.deepEqual(list.map((t) => [t.name, t.price, t.eligibility, t.sectors, t.quantity, t.sales_close_at]), [
    ["Standard", 0, "anyone", [], null, null],
    ["Public sector", 0, "sectors", ["central_government", "local_government"], 40, "2031-06-04T16:00:00Z"],
  ]);
  await check(page, "payments-types");

  // A bad price is caught before sending; a priced type is refused by the server without Stripe, and nothing typed is lost.
  await add.getByLabel("Name", { exact: true }).fill("Supporter");
  await add.getByLabel("Description (optional)").fill("Pays for someone else's place.");
  await add.getByLabel("Price").fill("25.005");
  await add.getByRole("button", { name: "Add ticket type" }).click();
  await add.getByRole("alert").getByText("Price: Give at most 2 digits after the point in GBP.").waitFor();
  await add.getByLabel("Price").fill("25.00");
  await add.getByRole("button", { name: "Add ticket type" }).click();
  await add.getByRole("alert").getByText("Card payments need Stripe", { exact: false }).waitFor();
  await add.getByRole("alert").getByText("Ask whoever runs the server to configure Stripe", { exact: false }).waitFor();
  assert.equal(await add.getByLabel("Name", { exact: true }).inputValue(), "Supporter");
  assert.equal(await add.getByLabel("Description (optional)").inputValue(), "Pays for someone else's place.");
  assert.equal(await add.getByLabel("Price").inputValue(), "25.00");
  assert.equal((await typesNow()).length, 2, "nothing was added");
  await check(page, "payments-no-stripe");

  // Edit in place: focus goes to the first field, and back to Edit when saved.
  await openPayments();
  await row(types(), "Standard").getByRole("button", { name: "Edit Standard" }).click();
  const edit = page.getByRole("form", { name: "Edit “Standard”" });
  await focusComesTo("INPUT type-" + list[0].id + "-name", "focus on the first field");
  await edit.getByLabel("Description (optional)").fill("For everyone else.");
  await edit.getByLabel("How many (optional)").fill("30");
  await edit.getByLabel("Sales open (optional)").fill("2031-01-10T09:30");
  await check(page, "payments-edit");
  await edit.getByRole("button", { name: "Save ticket type" }).click();
  await focusComesTo("BUTTON Edit Standard", "focus back on Edit");
  await row(types(), "Standard").getByText("30 tickets").waitFor();
  await row(types(), "Standard").getByText("From 10 Jan 2031, 09:30 GMT").waitFor();
  list = await typesNow();
  assert.equal(list[0].description, "For everyone else.");
  assert.equal(list[0].sales_open_at, "2031-01-10T09:30:00Z");

  // Every form opened on saved data and saved unchanged changes nothing.
  for (const t of list) {
    await row(types(), t.name).getByRole("button", { name: `Edit ${t.name}` }).click();
    await page.getByRole("form", { name: `Edit “${t.name}”` }).getByRole("button", { name: "Save ticket type" }).click();
    await focusComesTo(`BUTTON Edit ${t.name}`, `${t.name} saved`);
  }
  assert.deepEqual(saved(await typesNow()), saved(list), "saved unchanged: nothing changed");

  // Removing asks first; keeping keeps it.
  const dialog = page.getByRole("dialog", { name: "Remove the ticket type “Standard”?" });
  await row(types(), "Standard").getByRole("button", { name: "Remove Standard" }).click();
  await dialog.getByText("It is deleted for good", { exact: false }).waitFor();
  await focusComesTo("BUTTON Keep the ticket type", "focus starts on the safe choice");
  await check(page, "payments-remove");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached" });
  assert.equal((await typesNow()).length, 2, "kept");
  await row(types(), "Standard").getByRole("button", { name: "Remove Standard" }).click();
  await dialog.getByRole("button", { name: "Yes, remove it" }).click();
  await types().getByText("Standard removed.").waitFor();
  assert.deepEqual((await typesNow()).map((t) => t.name), ["Public sector"]);
  await check(page, "payments-removed");
});

test("a promo code limited to a type is added, saved unchanged, keeps its type, and is removed", async () => {
  await openPayments();
  const add = page.getByRole("form", { name: "Add a promo code" });
  await add.getByLabel("Code").fill("EARLY25");
  await add.getByLabel("Percentage off").fill("25");
  await add.getByLabel("Most uses (optional)").fill("10");
  await add.getByLabel("Public sector").check();
  await add.getByRole("button", { name: "Add promo code" }).click();
  const early = row(codes(), "EARLY25");
  await early.getByText("25% off").waitFor();
  await early.getByText("0 of 10").waitFor();
  await early.getByText("Public sector").waitFor();

  // An amount off, for every type, with no limit.
  await add.getByLabel("Code").fill("FIVER");
  await add.getByLabel("An amount in GBP").check();
  await add.getByLabel("Amount off").fill("5");
  await add.getByLabel("Expires (optional)").fill("2031-05-01T12:00");
  await add.getByRole("button", { name: "Add promo code" }).click();
  const fiver = row(codes(), "FIVER");
  await fiver.getByText("£5.00 off").waitFor();
  await fiver.getByText("0 used").waitFor();
  await fiver.getByText("Every ticket type").waitFor();
  await fiver.getByText("1 May 2031, 12:00 BST").waitFor();
  const list = await codesNow();
  assert.deepEqual(list.map((p) => [p.code, p.percent_off, p.amount_off, p.max_uses, p.expires_at, p.ticket_type_ids.length]), [
    ["EARLY25", 25, null, 10, null, 1], ["FIVER", null, 500, null, "2031-05-01T11:00:00Z", 0],
  ]);
  await check(page, "payments-codes");

  for (const p of list) {
    await row(codes(), p.code).getByRole("button", { name: `Edit ${p.code}` }).click();
    await page.getByRole("form", { name: `Edit the code ${p.code}` }).getByRole("button", { name: "Save promo code" }).click();
    await focusComesTo(`BUTTON Edit ${p.code}`, `${p.code} saved`);
  }
  assert.deepEqual(saved(await codesNow()), saved(list), "saved unchanged: nothing changed");

  // The type the code is limited to cannot go: the section says why and what to do.
  await row(section("Ticket types"), "Public sector").getByRole("button", { name: "Remove Public sector" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Yes, remove it" }).click();
  await types().getByRole("alert").getByText("Promo codes are limited to this ticket type (EARLY25): change them first.").waitFor();
  assert.equal((await typesNow()).length, 1);
  await check(page, "payments-type-in-use");

  const dialog = page.getByRole("dialog", { name: "Remove the promo code EARLY25?" });
  await early.getByRole("button", { name: "Remove EARLY25" }).click();
  await dialog.getByRole("button", { name: "Keep the promo code" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.equal((await codesNow()).length, 2, "kept");
  await early.getByRole("button", { name: "Remove EARLY25" }).click();
  await dialog.getByRole("button", { name: "Yes, remove it" }).click();
  await codes().getByText("EARLY25 removed.").waitFor();
  assert.deepEqual((await codesNow()).map((p) => p.code), ["FIVER"]);
});

test("the seller details are filled, refused with the field's reason, saved, and saved unchanged after a reload", async () => {
  await openPayments();
  const form = page.getByRole("form", { name: "Seller details (on every receipt and invoice)" });
  await form.getByLabel("Legal name").fill("Plenary Events Ltd");
  await form.getByLabel("Postal address").fill("1 High Street\n  Leeds\n\nLS1 1AA");
  await form.getByLabel("VAT number (optional)").fill("gb 123 456 789");
  await form.getByLabel("VAT rate (%)").fill("12.5");
  await form.getByLabel("Email address for billing (optional)").fill("not an address");
  await form.getByLabel("Payment terms (days)").fill("14");
  await form.getByRole("button", { name: "Save seller details" }).click();

  // The server's 422 names the field: in the summary, linked to it, and beside it.
  const summary = section("Seller details (on every receipt and invoice)").getByRole("alert");
  await summary.getByRole("link", { name: /^Email address for billing \(optional\): Give an email address/ }).waitFor();
  assert.match(await form.getByLabel("Email address for billing (optional)").getAttribute("aria-describedby"), /seller_email-error/);
  await check(page, "seller-details-refused");
  await form.getByLabel("Email address for billing (optional)").fill("accounts@example.org");
  await form.getByRole("button", { name: "Save seller details" }).click();
  await page.getByText("The seller details are saved.", { exact: false }).waitFor();
  const first = await ok(api.get("/api/v1/manage/seller"), "seller");
  const { updated_at: _, ...kept } = first;
  assert.deepEqual(kept, {
    legal_name: "Plenary Events Ltd", address: "1 High Street\nLeeds\nLS1 1AA", vat_number: "GB123456789", vat_rate_bp: 1250,
    email: "accounts@example.org", payment_terms_days: 14,
  });

  // Opened afresh on the saved details and saved unchanged, nothing changes.
  await page.reload();
  await form.getByLabel("Legal name").waitFor();
  assert.equal(await form.getByLabel("VAT rate (%)").inputValue(), "12.5");
  assert.equal(await form.getByLabel("VAT number (optional)").inputValue(), "GB123456789");
  assert.equal(await form.getByLabel("Postal address").inputValue(), "1 High Street\nLeeds\nLS1 1AA");
  await check(page, "seller-details");
  await form.getByRole("button", { name: "Save seller details" }).click();
  await page.getByText("The seller details are saved.", { exact: false }).waitFor();
  const again = await ok(api.get("/api/v1/manage/seller"), "seller again");
  assert.deepEqual(saved([again]), saved([first]), "saved unchanged: nothing changed");

  // No payment has settled, so nothing is issued yet.
  await section("Receipts, invoices and credit notes").getByText("None issued yet", { exact: false }).waitFor();
});

test("a moderator reads the ticket types and is told only organisers manage promo codes", async () => {
  await ok(api.post("/api/v1/users", { email: "mo@example.org", name: "Mo Derator", role: "moderator", password: "a long enough password" }), "moderator");
  const context = await browser.newContext();
  const mod = await context.newPage();
  const login = await mod.request.post(`${server.baseURL}/api/v1/auth/login`, { data: { email: "mo@example.org", password: "a long enough password" } });
  assert.equal(login.status(), 200);
  const asked = [];
  mod.on("request", (r) => { if (r.url().includes("/promo-codes")) asked.push(r.url()); });
  await openPayments(mod);
  await row(mod.locator("section", { has: mod.getByRole("heading", { name: "Ticket types", level: 2 }) }), "Public sector").getByText("40 tickets").waitFor();
  await mod.getByText("Only organisers manage promo codes", { exact: false }).waitFor();
  await mod.getByText("Only organisers change the seller details", { exact: false }).waitFor();
  await mod.getByText("Plenary Events Ltd").waitFor();
  assert.equal(await mod.getByRole("button", { name: "Save seller details" }).count(), 0, "a moderator reads the seller");
  assert.equal(await mod.getByRole("button", { name: /^Edit/ }).count(), 0, "a moderator cannot edit");
  assert.equal(await mod.getByRole("form", { name: "Add a ticket type" }).count(), 0);
  assert.deepEqual(asked, [], "the promo codes were not asked for");
  assert.equal((await apiClient(mod, server.baseURL).get(`${base()}/promo-codes`)).status, 403, "the API would refuse");
  await check(mod, "payments-moderator");
  await context.close();
});

test("a registrant chooses a free ticket on the event's page, and one for another sector is refused with the reason", async () => {
  await ok(api.post(`${base()}/ticket-types`, { name: "Open to all", description: "", price: 0, currency: "GBP", eligibility: "anyone",
    sectors: [], email_domains: [], quantity: null, sales_open_at: null, sales_close_at: null }), "open type");
  await ok(api.post(`${base()}/ticket-types`, { name: "Central government only", description: "", price: 0, currency: "GBP", eligibility: "sectors",
    sectors: ["central_government"], email_domains: [], quantity: null, sales_open_at: null, sales_close_at: null }), "sector type");
  await ok(api.post(`${base()}/publish`), "publish");
  const visitor = await browser.newContext();
  const pub = await visitor.newPage();
  try {
    await pub.goto(`${server.baseURL}/events/paid-event`);
    await pub.getByRole("button", { name: "Register for this event" }).click();
    const ticket = pub.getByRole("group", { name: "Ticket" });
    await ticket.getByText("For people in Central government.").waitFor();
    const registration = pub.locator("form", { has: pub.getByRole("button", { name: "Register", exact: true }) });
    await registration.getByLabel("First name").fill("Joan");
    await registration.getByLabel("Last name").fill("Clarke");
    await registration.getByLabel("Email address").fill("joan@example.gov.uk");
    await registration.getByLabel("Sector", { exact: true }).selectOption("local_government");
    await ticket.getByLabel("Central government only (Free)").check();
    await registration.getByRole("button", { name: "Register", exact: true }).click();
    await pub.getByRole("heading", { name: "There is a problem" }).waitFor();
    await pub.getByRole("link", { name: /^Ticket: / }).waitFor();
    await check(pub, "registration-ticket-refused");
    await ticket.getByLabel("Open to all (Free)").check();
    await registration.getByRole("button", { name: "Register", exact: true }).click();
    await pub.getByRole("heading", { name: "Check your email" }).waitFor();
    const regs = await ok(api.get(`${base()}/registrations`), "registrations");
    assert.deepEqual(regs.items.map((r) => [r.email, r.status]), [["joan@example.gov.uk", "confirmed"]]);
  } finally {
    await visitor.close();
  }
});
