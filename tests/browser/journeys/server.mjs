// Starts a throwaway Kinerja server on a fresh SQLite database and a free port.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const root = resolve(import.meta.dirname, "../../..");
export const screenshots = process.env.KINERJA_SCREENSHOTS ?? join(root, "artifacts", "screenshots");

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), "kinerja-browser-"));
  const port = await freePort();
  const bin = process.env.KINERJA_BIN ?? join(root, "target", "debug", "kinerja");
  const child = spawn(bin, ["--database-url", `sqlite://${join(dir, "kinerja.db")}`, "serve", "--listen", `127.0.0.1:${port}`], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, KINERJA_LOG: "warn", KINERJA_SIGNING_KEY_FILE: join(dir, "signing.key") },
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => output,
    stop() {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Playwright gives each launch a fresh, empty profile of its own.
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return { browser, close: () => browser.close() };
}

export async function login(page, url, username, password) {
  await page.goto(`${url}/masuk`);
  await page.getByLabel("Nama pengguna").fill(username);
  await page.getByLabel("Kata sandi").fill(password);
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.waitForLoadState("networkidle");
}

// Collects what the browser refused or failed on (a blocked inline style or
// script breaks the content security policy, an uncaught error breaks a
// page); `problems()` lists them, so a journey can require there be none.
export function watch(page) {
  const seen = [];
  // Chromium's own message does not say what was refused; this does.
  page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP ${e.violatedDirective} at ${e.sourceFile}:${e.lineNumber}: ${e.target?.outerHTML?.slice(0, 120)}`),
    ),
  );
  // htmx logs a request that a newer one replaced (hx-sync "replace") as an
  // error; that is the form working as meant. A request that truly failed is
  // still seen, as htmx:sendError or htmx:responseError.
  const expected = /status of 4\d\d|Failed to load resource|^htmx:(sendAbort|afterRequest)\b/;
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && !expected.test(text)) seen.push(`${page.url()}: ${text}`);
  });
  page.on("pageerror", (error) => seen.push(`${page.url()}: ${error}`));
  return { problems: () => seen.slice() };
}
