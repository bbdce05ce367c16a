// Buying a paid ticket, in Debian's Chromium, against stripe-mock: the
// registration form sends the buyer to the Checkout address stripe-mock
// made (a stand-in page answers for checkout.stripe.com, which this machine
// cannot reach); the return page waits, saying so, until the signed
// checkout.session.completed event reaches the webhook; then it says the
// payment is received and offers the receipt, whose PDF is downloaded and
// read here (its content streams inflated, its text drawn out). The buyer's
// page shows the payment; the organiser's Payments section lists it with
// its totals. axe-core checks every state at 1280 and 375 px.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { check, launchBrowser, ok, signInAdmin, startServer, startStripeMock } from "./harness.mjs";

const webhookSecret = "whsec_plenary_e2e";
let stripe, server, browser, page, api, event;

before(async () => {
  stripe = await startStripeMock();
  server = await startServer({ STRIPE_SECRET_KEY: "sk_test_plenarye2e", STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_BASE: stripe.url });
  browser = await launchBrowser();
  page = await browser.newPage();
  api = await signInAdmin(page, server.setupLink);
  await ok(api.put("/api/v1/manage/seller", { legal_name: "Forum Events Ltd", address: "1 Victoria Street\nLondon SW1H 0ET",
    vat_number: "GB123456789", vat_rate_bp: 2000, email: "accounts@example.org", payment_terms_days: 30 }), "seller");
  event = await ok(api.post("/api/v1/manage/events", {
    slug: "masterclass", title: "Prevention masterclass", summary: "", description: "", starts_at: "2031-06-05T09:00:00Z",
    duration_minutes: 90, timezone: "Europe/London", capacity: 50, topics: [],
  }), "event");
  await ok(api.post(`/api/v1/manage/events/${event.id}/ticket-types`, { name: "Suppliers", description: "For companies selling to government",
    price: 4500, currency: "GBP", eligibility: "anyone", sectors: [], email_domains: [], quantity: null, sales_open_at: null, sales_close_at: null }), "type");
  await ok(api.post(`/api/v1/manage/events/${event.id}/publish`), "publish");
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await stripe?.stop();
});

/** A Stripe webhook event, signed as Stripe signs one (v1: HMAC-SHA256 of "t.payload"). */
function signed(body) {
  const payload = JSON.stringify(body);
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", webhookSecret).update(`${t}.${payload}`).digest("hex");
  return { payload, signature: `t=${t},v1=${v1}` };
}

/** The manage-link token in the latest message to an address. */
async function manageToken(email) {
  const list = await ok(api.get(`/api/v1/manage/events/${event.id}/messages?limit=200`), "messages");
  const message = list.items.find((m) => m.to === email);
  assert.ok(message, `no message to ${email}`);
  const detail = await ok(api.get(`/api/v1/manage/events/${event.id}/messages/${message.id}`), "message");
  return detail.text.match(/\/r\/([A-Za-z0-9_-]{20,})/)[1];
}

/** The text a PDF draws: its Flate streams inflated, the strings of its Tj operators. */
function pdfText(bytes) {
  const raw = bytes.toString("latin1");
  const texts = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf("endstream", start);
    let content;
    try { content = inflateSync(bytes.subarray(start, end)).toString("latin1"); } catch { continue; }
    for (const s of content.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) texts.push(s[1].replace(/\\(.)/g, "$1"));
  }
  return texts.join(" ");
}

test("a buyer pays for a ticket through Checkout, waits on the return page, is confirmed by the webhook and downloads the receipt", async () => {
  const visitor = await browser.newContext({ acceptDownloads: true });
  const pub = await visitor.newPage();
  // checkout.stripe.com is out of reach here: a stand-in page answers for it.
  await pub.route("https://checkout.stripe.com/**", (route) => route.fulfill({ status: 200, contentType: "text/html",
    body: "<!doctype html><html lang=en><title>Checkout (stand-in)</title><main><h1>Checkout</h1></main></html>" }));
  try {
    await pub.goto(`${server.baseURL}/events/masterclass`);
    await pub.getByRole("button", { name: "Register for this event" }).click();
    const registration = pub.locator("form", { has: pub.getByRole("button", { name: "Register", exact: true }) });
    await registration.getByLabel("First name").fill("Zoë");
    await registration.getByLabel("Last name").fill("Brontë");
    await registration.getByLabel("Email address").fill("zoe@example.com");
    await registration.getByLabel("Sector", { exact: true }).selectOption("private_sector");
    await registration.getByLabel(/^Suppliers/).check();
    await check(pub, "checkout-form");
    await registration.getByRole("button", { name: "Register", exact: true }).click();
    await pub.waitForURL(/^https:\/\/checkout\.stripe\.com\//);
    const [row] = (await ok(api.get(`/api/v1/manage/events/${event.id}/payments`), "payments")).items;
    assert.equal(row.status, "due");
    assert.match(row.checkout_session_id, /^cs_test_/);

    // Stripe sends the buyer back before it has told the server.
    const token = await manageToken("zoe@example.com");
    await pub.goto(`${server.baseURL}/r/${token}/payment?session_id=${row.checkout_session_id}`);
    await pub.getByText("We are confirming your payment…").waitFor();
    await check(pub, "checkout-return-waiting");
    assert.equal((await ok(api.get(`/api/v1/manage/events/${event.id}/payments`), "payments")).items[0].status, "due");

    const { payload, signature } = signed({ id: "evt_e2e_completed", object: "event", api_version: "2023-10-16",
      type: "checkout.session.completed", created: Math.floor(Date.now() / 1000),
      data: { object: { id: row.checkout_session_id, object: "checkout.session", status: "complete", payment_status: "paid", payment_intent: "pi_e2e" } } });
    const bad = await fetch(`${server.baseURL}/api/v1/payments/stripe/webhook`, { method: "POST", body: payload,
      headers: { "Content-Type": "application/json", "Stripe-Signature": signature.replace(/v1=./, "v1=0") } });
    assert.equal(bad.status, 400, "a forged signature");
    const hook = await fetch(`${server.baseURL}/api/v1/payments/stripe/webhook`, { method: "POST", body: payload,
      headers: { "Content-Type": "application/json", "Stripe-Signature": signature } });
    assert.equal(hook.status, 200, await hook.text());

    await pub.getByText("Payment received — you are registered").waitFor();
    await check(pub, "checkout-return-paid");
    const [download] = await Promise.all([pub.waitForEvent("download"),
      pub.getByRole("button", { name: /^Download the receipt R-000001/ }).click()]);
    assert.equal(download.suggestedFilename(), "R-000001.pdf");
    const pdf = readFileSync(await download.path());
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
    const text = pdfText(pdf);
    for (const want of ["R-000001", "Forum Events Ltd", "GB123456789", "Prevention masterclass: Suppliers", "37.50", "7.50", "45.00"]) {
      assert.ok(text.includes(want), `the receipt lacks "${want}": ${text}`);
    }

    await pub.goto(`${server.baseURL}/r/${token}`);
    await pub.getByRole("heading", { name: "Payment" }).waitFor();
    await check(pub, "checkout-attendee-paid");

    await page.goto(`${server.baseURL}/manage/events/${event.id}/payments`);
    await page.getByRole("region", { name: "Payments" }).getByRole("cell", { name: "zoe@example.com" }).waitFor();
    await check(page, "checkout-organiser-payments");
    const regs = await ok(api.get(`/api/v1/manage/events/${event.id}/registrations`), "registrations");
    assert.deepEqual(regs.items.map((r) => [r.email, r.status]), [["zoe@example.com", "confirmed"]]);
  } finally {
    await visitor.close();
  }
});

/** The manage-link token in any message to an address, newest first (the invoice's message may carry none). */
async function anyManageToken(email) {
  const list = await ok(api.get(`/api/v1/manage/events/${event.id}/messages?limit=200`), "messages");
  for (const m of list.items.filter((x) => x.to === email)) {
    const detail = await ok(api.get(`/api/v1/manage/events/${event.id}/messages/${m.id}`), "message");
    const found = detail.text.match(/\/r\/([A-Za-z0-9_-]{20,})/);
    if (found) return found[1];
  }
  assert.fail(`no message with a manage link to ${email}`);
}

test("an organiser takes invoices, a buyer registers to pay by invoice and is held, the organiser marks the invoice paid", async () => {
  await page.goto(`${server.baseURL}/manage/events/${event.id}/payments`);
  const policy = page.getByRole("form", { name: "Payment policy" });
  await policy.getByLabel("Yes, and hold their place until the invoice is paid").check();
  await policy.getByRole("button", { name: "Save payment policy" }).click();
  await policy.getByText("The payment policy is saved.").waitFor();
  assert.equal((await ok(api.get(`/api/v1/manage/events/${event.id}/payment-settings`), "settings")).invoices, "hold");

  const visitor = await browser.newContext({ acceptDownloads: true });
  const pub = await visitor.newPage();
  try {
    await pub.goto(`${server.baseURL}/events/masterclass`);
    await pub.getByRole("button", { name: "Register for this event" }).click();
    const registration = pub.locator("form", { has: pub.getByRole("button", { name: "Register", exact: true }) });
    await registration.getByLabel(/^Suppliers/).check();
    await registration.getByLabel("By invoice (for organisations)").check();
    await registration.getByLabel("Organisation to invoice").fill("Department for Education");
    await registration.getByLabel("Billing address").fill("Sanctuary Buildings\n20 Great Smith Street\nLondon SW1P 3BT");
    await registration.getByLabel("Purchase order number (optional)").fill("PO-778");
    await registration.getByLabel("First name").fill("Grace");
    await registration.getByLabel("Last name").fill("Hopper");
    await registration.getByLabel("Email address").fill("grace@example.com");
    await registration.getByLabel("Sector", { exact: true }).selectOption("central_government");
    await check(pub, "invoice-form");
    await registration.getByRole("button", { name: "Register", exact: true }).click();
    const done = pub.getByRole("status").filter({ has: pub.getByRole("heading", { name: "Check your email" }) });
    await done.waitFor();
    assert.match(await done.textContent(), /invoice/i);
    assert.equal(new URL(pub.url()).host, new URL(server.baseURL).host, "no trip to Checkout for an invoice");

    const token = await anyManageToken("grace@example.com");
    await pub.goto(`${server.baseURL}/r/${token}`);
    const part = pub.getByRole("region", { name: "Payment" });
    await part.getByText("An invoice of £45.00 for Suppliers has been issued.", { exact: false }).waitFor();
    await part.getByText(/^Your place is held until /).waitFor();
    await part.getByRole("button", { name: /^Download the invoice INV-/ }).waitFor();
    assert.equal(await pub.getByRole("button", { name: "Pay now" }).count(), 0);
    await check(pub, "invoice-attendee-invoiced");

    await page.goto(`${server.baseURL}/manage/events/${event.id}/payments`);
    const documents = page.getByRole("table", { name: /^Receipts, invoices and credit notes/ });
    const row = documents.getByRole("row").filter({ hasText: "Department for Education" });
    await row.waitFor();
    assert.match(await row.textContent(), /unpaid/);
    await page.getByText("No invoice is overdue", { exact: false }).waitFor();
    await check(page, "invoice-organiser-documents");
    await row.getByRole("button", { name: /^Mark paid INV-/ }).click();
    const dialog = page.getByRole("dialog", { name: /^Mark INV-\d+ paid\?$/ });
    await dialog.getByRole("button", { name: /paid £45\.00$/ }).click();
    await page.getByText(/^INV-\d+ is marked paid\.$/).waitFor();
    await documents.getByRole("button", { name: /^Mark paid/ }).waitFor({ state: "detached" });
    assert.match(await row.textContent(), /paid/);
    assert.doesNotMatch(await row.textContent(), /unpaid/);

    await pub.reload();
    await part.getByText("You paid £45.00 for Suppliers", { exact: false }).waitFor();
    const regs = await ok(api.get(`/api/v1/manage/events/${event.id}/registrations`), "registrations");
    assert.equal(regs.items.find((r) => r.email === "grace@example.com")?.status, "confirmed");
  } finally {
    await visitor.close();
  }
});
