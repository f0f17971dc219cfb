// The error paths a person meets, in the browser: every kind of htmx form
// shows the server's errors beside the field and keeps what was typed (the
// entry card, the audit filter); a request the page cannot swap in says so
// at the top; numbers are read the Indonesian way and shown back so; a
// report with empty lines lists them before it is submitted; a file too
// large is refused before it is sent. Desktop (1366×768) and phone (390 px).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, login, screenshots, startServer, watch } from "./server.mjs";

let server, chrome, page, watcher, report, line;

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
  page = await chrome.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: "id-ID" });
  watcher = watch(page);
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

const shot = (name, target = page) => target.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

test("the entry card answers a refused save beside the field and keeps what was typed", async () => {
  await login(page, server.url, "operator.dinkes", "dinkes-demo-2026");
  await page.locator("#reminders a").first().click();
  await page.locator("#report-status").waitFor();
  report = page.url();
  line = await page.locator("article.entry[data-source=renstra]").first().getAttribute("id");
  const card = () => page.locator(`#${line}`);

  // 2.500 fits two readings: refused, both named, nothing guessed.
  await card().locator("[name=actual]").fill("2.500");
  await card().locator("[name=achieved]").fill("Cakupan naik di semua puskesmas");
  await card().getByRole("button", { name: "Simpan" }).click();
  const error = card().locator(`#actual-${line}-error`);
  await error.waitFor();
  assert.match(await error.innerText(), /2500.*2,5/);
  assert.equal(await card().locator("[name=actual]").inputValue(), "2.500");
  assert.equal(await card().locator("[name=achieved]").inputValue(), "Cakupan naik di semua puskesmas");
  assert.equal(await card().locator("[name=actual]").getAttribute("aria-invalid"), "true");
  // The message sits under its field and every label stays beside its own.
  const left = async (selector) => (await card().locator(selector).boundingBox()).x;
  assert.equal(await left(`#actual-${line}-error`), await left("[name=actual]"));
  assert.ok(await left("label[for^=achieved]") < (await left("[name=achieved]")), "the label is left of its text box");
  await shot("60-entry-ambiguous-number");

  // A narrative of 10 000 characters: refused beside its field, the text still there.
  const long = "Pelaksanaan kegiatan. ".repeat(455);
  await card().locator("[name=actual]").fill("40");
  await card().locator("[name=obstacles]").fill(long);
  await card().getByRole("button", { name: "Simpan" }).click();
  await card().locator(`#obstacles-${line}-error`).waitFor();
  assert.equal((await card().locator("[name=obstacles]").inputValue()).length, long.length);

  // Fixed: saved, the card refreshed with the revision and the new figure.
  await card().locator("[name=obstacles]").fill("Tenaga vaksinator terbatas");
  await card().locator("[name=actual]").fill("40,5");
  await card().getByRole("button", { name: "Simpan" }).click();
  await card().locator(".save-status .saved").waitFor();
  assert.match(await card().locator(".save-status").innerText(), /Tersimpan · revisi \d+/);
  assert.equal(await card().locator("dd.actual").innerText(), "40,50");
  assert.equal(await card().locator("[name=actual]").inputValue(), "40,5");
  await shot("61-entry-saved");

  // Clearing it needs the box ticked.
  await card().locator("[name=actual]").fill("");
  await card().getByRole("button", { name: "Simpan" }).click();
  await card().locator(`#actual-${line}-error`).waitFor();
  assert.match(await card().locator(`#actual-${line}-error`).innerText(), /Kosongkan realisasi/);
  assert.equal(await card().locator("dd.actual").innerText(), "40,50", "the saved value is still there");
});

test("a request the page cannot swap in is said at the top, not dropped", async () => {
  // On a page of its own: htmx logs the failure, which is the point here,
  // not a problem the watcher should report.
  const other = await chrome.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: "id-ID" });
  await login(other, server.url, "operator.dinkes", "dinkes-demo-2026");
  await other.goto(report);
  await other.route("**/realisasi/opd/*/isian", (route) => route.fulfill({ status: 500, body: "rusak" }));
  const card = other.locator(`#${line}`);
  await card.locator("[name=actual]").fill("41");
  await card.getByRole("button", { name: "Simpan" }).click();
  const alert = other.locator("#request-alert");
  await alert.waitFor({ state: "visible" });
  assert.match(await alert.innerText(), /Permintaan gagal \(500\)/);
  assert.equal(await card.locator("[name=actual]").inputValue(), "41", "what was typed stays");
  await shot("62-request-failed", other);
  await other.close();
});

test("a file over the limit is refused beside its field before it is sent", async () => {
  await page.goto(report);
  const dir = mkdtempSync(join(tmpdir(), "kinerja-"));
  const big = join(dir, "pindaian.pdf");
  writeFileSync(big, Buffer.alloc(11 * 1024 * 1024, 32));
  const input = page.locator(`#file-${line}`);
  await input.setInputFiles(big);
  await page.locator(`#file-${line}-size-error`).waitFor();
  assert.match(await page.locator(`#file-${line}-size-error`).innerText(), /10 MB/);
  rmSync(dir, { recursive: true, force: true });
});

test("submitting with empty lines lists them and asks first", async () => {
  await page.goto(report);
  const empty = page.locator("#empty-lines li");
  assert.ok((await empty.count()) > 0);
  await page.getByRole("button", { name: "Ajukan ke verifikator" }).click();
  await page.waitForLoadState("networkidle");
  await page.locator("#confirm_empty-error").waitFor();
  await shot("63-submit-asks-about-empty-lines");
  await page.locator("#confirm_empty").check();
  await page.getByRole("button", { name: "Ajukan ke verifikator" }).click();
  await page.waitForLoadState("networkidle");
  assert.equal(await page.locator("#report-status").innerText(), "Diajukan");
});

test("the verifier sees the empty lines; the audit filter answers beside its fields", async () => {
  await page.context().clearCookies();
  await login(page, server.url, "admin.bappeda", "bappeda-demo-2026");
  await page.goto(report);
  assert.match(await page.locator("#empty-lines").innerText(), /indikator belum diisi/);
  assert.ok((await page.locator(".empty-line").count()) > 0);
  await page.goto(`${server.url}/pemda/16.03/audit`);
  // The first filter answer comes back only after the person has gone on
  // typing and pressed Saring, as on a slow line: what they chose after it
  // was sent must neither be dropped nor overwritten by the late answer.
  let first = true;
  await page.route("**/audit?*", async (route) => {
    if (first) {
      first = false;
      await new Promise((done) => setTimeout(done, 1500));
    }
    // A request the page has given up on can no longer be continued.
    await route.continue().catch(() => {});
  });
  await page.locator("#from").fill("2026-06-30");
  await page.locator("#until").fill("2026-01-01");
  await page.getByRole("button", { name: "Saring" }).click();
  await page.locator("#until-error").waitFor({ timeout: 10_000 });
  await page.unroute("**/audit?*");
  assert.match(await page.locator(".error-summary").innerText(), /Sampai tanggal: tidak boleh sebelum tanggal mulai/);
  assert.equal(await page.locator("#from").inputValue(), "2026-06-30", "the filter keeps what was chosen");
  await shot("64-audit-filter-error");
});

test("on a 390 px phone the report, its errors and the capaian pages fit the screen", async () => {
  const phone = await chrome.browser.newPage({ viewport: { width: 390, height: 844 }, locale: "id-ID", isMobile: true });
  const phoneWatch = watch(phone);
  await login(phone, server.url, "operator.dinkes", "dinkes-demo-2026");
  // Wide tables scroll inside their box; the page itself never does.
  const capaian = report.replace("/realisasi/opd/", "/capaian/opd/");
  for (const [name, target] of [["65-report-phone", report], ["66-capaian-opd-phone", capaian], ["67-capaian-phone", `${server.url}/pemda/16.03/capaian`]]) {
    await phone.goto(target);
    await phone.waitForLoadState("networkidle");
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390 + 1, `${target}: no sideways scrolling (${width} px)`);
    await shot(name, phone);
  }
  assert.deepEqual(phoneWatch.problems(), []);
  await phone.close();
});

test("no page broke the content security policy or threw", () => {
  assert.deepEqual(watcher.problems(), []);
});
