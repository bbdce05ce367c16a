// The replay section of an ended event's page, on the demo's reference
// event as `server seed --demo` leaves it: the article as its write-up,
// attributed, its segment shortcodes showing nothing while there is no
// recording, and the audience questions answered. axe-core checks it at
// 1280 and 375 px. (A recording's player, segments and transcript are not
// covered yet: the browser test of issue 16's Done-when 2 is still to come.)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { check, launchBrowser, root, startServer } from "./harness.mjs";

let server, browser, page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  const child = spawn(path.join(root, "bin/server"), ["seed", "--demo"], {
    env: { ...process.env, DATA_DIR: server.dataDir, BASE_URL: server.baseURL, LOG_FORMAT: "json" }, stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  assert.equal(await new Promise((resolve) => child.on("exit", resolve)), 0, `seed --demo failed:\n${output}`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("an ended event's page shows its write-up and the questions answered", async () => {
  await page.goto(`${server.baseURL}/events/early-intervention`);
  const replay = page.locator("section.replay");
  await replay.getByRole("heading", { name: "Write-up" }).waitFor();
  await replay.getByText("By Richard Johnstone, 2022-07-25").waitFor();
  await replay.getByText("City of Edinburgh Council", { exact: false }).first().waitFor();
  assert.ok(!(await replay.innerText()).includes("{{"), "no shortcode shows");
  await replay.getByRole("heading", { name: "Questions answered" }).waitFor();
  assert.equal(await replay.locator(".replay__questions dt").count(), 5);
  await check(page, "replay-writeup");
});
