// The first-run setup link: it shows the form while it works, and once it
// has been used (or for a link the server never gave out) the page says so
// plainly and points to sign-in, before anyone fills anything in.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { check, launchBrowser, signInAdmin, startServer } from "./harness.mjs";

let server, browser, page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a used setup link says so and points to sign-in instead of showing the form", async () => {
  await page.goto(server.setupLink);
  await page.getByRole("heading", { name: "Create the first admin" }).waitFor();
  assert.equal(await page.getByLabel("Your name").count(), 1);

  await signInAdmin(page, server.setupLink);
  await page.goto(server.setupLink);
  await page.getByRole("heading", { name: "This setup link does not work" }).waitFor();
  await page.getByText("This setup link has already been used: the site has its first admin. Sign in instead.").waitFor();
  assert.equal(await page.getByLabel("Your name").count(), 0, "no form to fill in for nothing");
  assert.equal(await page.getByRole("button", { name: "Create admin" }).count(), 0);
  await check(page, "setup-link-used");
  await page.getByRole("link", { name: "Sign in" }).first().click();
  await page.waitForURL(/\/login$/);

  await page.goto(`${server.baseURL}/setup?token=not-one-the-server-gave`);
  await page.getByText("This is not a setup link the server gave out.", { exact: false }).waitFor();
  assert.equal(await page.getByLabel("Your name").count(), 0);
});
