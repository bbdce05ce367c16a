// The replay section of an ended event's page, on the demo's reference
// event as `server seed --demo` leaves it: the article as its write-up,
// attributed, and the audience questions answered. With ffmpeg installed
// the seed made a sample recording, so the page plays it with captions and
// the write-up's segments become players; without ffmpeg (as in CI) the
// page says the recording is not available and the shortcodes show
// nothing. axe-core checks it at 1280 and 375 px. The player itself is
// tested in replay-player.test.mjs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { check, launchBrowser, root, startServer } from "./harness.mjs";

let server, browser, page, seedOutput = "";

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
  seedOutput = output;
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
  if (seedOutput.includes("added a sample recording")) {
    await replay.locator("video track[kind=captions]").waitFor({ state: "attached" });
    assert.ok(await replay.locator("figure.segment-embed").count() > 0, "the write-up's segments are players");
  } else {
    assert.match(seedOutput, /needs ffmpeg, which is not installed/);
    await replay.getByText("The recording of this event is not available.").waitFor();
    assert.equal(await replay.locator("video, figure.segment-embed").count(), 0);
  }
  await replay.getByRole("heading", { name: "Questions answered" }).waitFor();
  assert.equal(await replay.locator(".replay__questions dt").count(), 5);
  await check(page, "replay-writeup");
});
