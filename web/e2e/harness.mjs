// The browser tests' shared harness: each test file starts its own server on
// a throwaway data folder (its own embedded PostgreSQL), drives Debian's
// Chromium through playwright-core, and checks every page with axe-core at
// 1280 and 375 px, saving a screenshot of each.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import axe from "axe-core";

export const root = path.resolve(import.meta.dirname, "../..");
export const shots = process.env.SCREENSHOT_DIR ?? path.join(root, "web/e2e/screenshots");
export const widths = [1280, 375];

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts bin/server on a fresh data folder and resolves once it printed its
 * first-run setup link. Returns { baseURL, setupLink, dataDir, stop }.
 */
export async function startServer(extraEnv = {}) {
  mkdirSync(shots, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), "plenary-e2e-"));
  chmodSync(dataDir, 0o755); // the postgres user must enter it when we are root
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const server = spawn(path.join(root, "bin/server"), ["serve"], {
    env: { ...process.env, DATA_DIR: dataDir, HTTP_ADDR: `127.0.0.1:${port}`, BASE_URL: baseURL, LOG_FORMAT: "json", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  server.stderr.on("data", (d) => { stderr += d; });
  const setupLink = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no setup link; server said:\n${stderr}`)), 60_000);
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/(http:\/\/\S+\/setup\?token=\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on("exit", (code) => reject(new Error(`server exited ${code}:\n${stderr}`)));
  });
  async function stop() {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.on("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { baseURL, setupLink, dataDir, stop, logs: () => stderr };
}

/**
 * Runs stripe-mock (Stripe's mock of its API, built from tools/go.mod) on
 * loopback ports the kernel chooses. Resolves to { url, stop } once it
 * names its HTTP address.
 */
export async function startStripeMock() {
  const bin = path.join(mkdtempSync(path.join(tmpdir(), "plenary-stripe-mock-")), "stripe-mock");
  const built = spawnSync("go", ["build", "-modfile=tools/go.mod", "-o", bin, "github.com/stripe/stripe-mock"],
    { cwd: root, env: { ...process.env, GOWORK: "off" }, encoding: "utf8" });
  assert.equal(built.status, 0, `build stripe-mock: ${built.stderr}`);
  const mock = spawn(bin, ["-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stripe-mock did not start:\n${out}`)), 300_000);
    const read = (d) => {
      out += d;
      const m = out.match(/Listening for HTTP at address: (127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(`http://${m[1]}`); }
    };
    mock.stdout.on("data", read);
    mock.stderr.on("data", read);
    mock.on("exit", (code) => reject(new Error(`stripe-mock exited ${code}:\n${out}`)));
  });
  async function stop() {
    if (mock.exitCode === null) {
      const exited = new Promise((resolve) => mock.on("exit", resolve));
      mock.kill("SIGTERM");
      await exited;
    }
    rmSync(path.dirname(bin), { recursive: true, force: true });
  }
  return { url, stop };
}

/** Launches Debian's Chromium, headless. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/** Runs axe-core on the page at both widths, checks that no two buttons
 *  touch, and takes a screenshot at each. */
export async function check(page, name) {
  await page.waitForLoadState("networkidle");
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    // Evaluated through the DevTools protocol, so the page keeps its CSP.
    if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }));
    const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`);
    assert.deepEqual(problems, [], `axe-core on ${name} at ${width}px`);
    assert.deepEqual(await touchingTargets(page), [], `buttons that touch on ${name} at ${width}px`);
    await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Space every visible button must keep from every other, in CSS px. */
const targetGap = 4;

/**
 * Pairs of visible buttons closer than targetGap to each other: touching
 * buttons read as one control and are easy to press by mistake (WCAG 2.2
 * target spacing; axe's target-size rule lets targets of 24 px touch).
 */
function touchingTargets(page) {
  return page.evaluate((gap) => {
    // Behind an open modal dialog the page is inert: only the dialog's buttons count.
    const scope = document.querySelector("dialog:modal") ?? document;
    const targets = [...scope.querySelectorAll("button, a.button, input[type=submit], input[type=button], [role=button]")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== "hidden";
      });
    const found = [];
    for (let i = 0; i < targets.length; i++) {
      for (let j = i + 1; j < targets.length; j++) {
        const [a, b] = [targets[i], targets[j]];
        if (a.contains(b) || b.contains(a)) continue;
        const [ra, rb] = [a.getBoundingClientRect(), b.getBoundingClientRect()];
        const apartX = Math.max(rb.left - ra.right, ra.left - rb.right);
        const apartY = Math.max(rb.top - ra.bottom, ra.top - rb.bottom);
        if (apartX < gap && apartY < gap) found.push(`"${a.textContent.trim()}" and "${b.textContent.trim()}"`);
      }
    }
    return found;
  }, targetGap);
}

/**
 * Creates the first admin through the setup API and signs the page's
 * context in. Returns an api object whose methods send JSON with the
 * session's CSRF token: api.get(path), api.post(path, body), api.put,
 * api.patch, api.delete, api.raw(method, path, data, headers); each
 * resolves to { status, body, headers }.
 */
export async function signInAdmin(page, setupLink, who = { name: "Ada Admin", email: "ada@example.org", password: "a long enough password" }) {
  const u = new URL(setupLink);
  const res = await page.request.post(`${u.origin}/api/v1/setup`, {
    data: { token: u.searchParams.get("token"), name: who.name, email: who.email, password: who.password },
  });
  assert.equal(res.status(), 201, `setup: ${await res.text()}`);
  const { csrf_token: csrf } = await res.json();
  return apiClient(page, u.origin, csrf);
}

/** The body of a successful API call; anything else fails the test. */
export async function ok(call, what) {
  const r = await call;
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A JSON client over page.request (sharing the page's cookies). */
export function apiClient(page, origin, csrf) {
  async function send(method, p, data, headers = {}) {
    const r = await page.request.fetch(`${origin}${p}`, {
      method, data, headers: { ...(csrf ? { "X-CSRF-Token": csrf } : {}), ...headers },
    });
    const text = await r.text();
    let body = text;
    try { body = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status(), body, headers: r.headers() };
  }
  return {
    get: (p) => send("GET", p),
    post: (p, d) => send("POST", p, d),
    put: (p, d) => send("PUT", p, d),
    patch: (p, d) => send("PATCH", p, d),
    delete: (p) => send("DELETE", p),
    /** Any request with headers of its own; data may be a Buffer or a string. */
    raw: (method, p, data, headers) => send(method, p, data, headers),
  };
}
