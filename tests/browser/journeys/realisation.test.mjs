// The quarterly job: the Dinas Kesehatan operator follows the reminder on
// the home page, enters the open quarter's actual with a narrative and an
// evidence PDF and submits; the verifier returns it with a note; the
// operator fixes the value and submits again; the verifier approves; the
// OPD's capaian dashboard and the indicator page show the new figure.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, login, screenshots, startServer, watch } from "./server.mjs";

let server, chrome, page, watcher, report, indicatorName, target, line;

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
  page = await chrome.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "id-ID" });
  watcher = watch(page);
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

const shot = (name) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

async function as(username, password) {
  await page.context().clearCookies();
  await login(page, server.url, username, password);
}

// The id of the first Renstra line of the report that has a quarter target.
async function firstTargeted() {
  for (const card of await page.locator("article.entry[data-source=renstra]").all()) {
    if ((await card.locator("dl.facts dd").first().innerText()).trim() !== "—") return card.getAttribute("id");
  }
  throw new Error("no line with a target");
}

// Submits; lines left empty are listed first and the submission confirmed.
async function submit() {
  if (await page.locator("#confirm_empty").count()) {
    assert.ok(await page.locator("#empty-lines li").count() > 0, "the empty lines are listed");
    await page.locator("#confirm_empty").check();
  }
  await page.getByRole("button", { name: "Ajukan ke verifikator" }).click();
  await page.waitForLoadState("networkidle");
}

async function enter(card, actual) {
  await card.locator("[name=actual]").fill(actual);
  await card.locator("[name=achieved]").fill("Sweeping imunisasi di 22 puskesmas");
  await card.locator("[name=obstacles]").fill("Distribusi vaksin terlambat dua minggu");
  await card.locator("[name=follow_up]").fill("Jadwal distribusi disepakati dengan Dinkes Provinsi");
  await card.getByRole("button", { name: "Simpan" }).click();
  await card.locator(".save-status .saved").waitFor();
}

test("the operator enters the open quarter with evidence and submits", async () => {
  await as("operator.dinkes", "dinkes-demo-2026");
  const reminder = page.locator("#reminders a").first();
  assert.match(await reminder.innerText(), /belum dilaporkan/);
  await shot("40-home-reminder");
  await reminder.click();
  await page.locator("#report-status").waitFor();
  report = page.url();
  line = await firstTargeted();
  const card = page.locator(`#${line}`);
  indicatorName = (await card.locator("h3 .line-name").innerText()).trim();
  target = (await card.locator("dl.facts dd").first().innerText()).trim();
  // A first value below the target; the verifier will send it back.
  await enter(card, "1");
  // A real PDF (evidence is parsed, not judged by its first bytes): the pemda's tree.
  const dir = mkdtempSync(join(tmpdir(), "kinerja-"));
  const pdf = join(dir, "daftar-hadir.pdf");
  writeFileSync(pdf, await (await page.request.get(`${server.url}/pemda/16.03/pohon-kinerja.pdf`)).body());
  await card.locator("input[type=file]").setInputFiles(pdf);
  await card.getByRole("button", { name: "Unggah", exact: true }).click();
  await page.waitForLoadState("networkidle");
  assert.ok(await page.getByRole("link", { name: "daftar-hadir.pdf" }).first().isVisible());
  rmSync(dir, { recursive: true, force: true });
  await shot("41-realisation-entered");
  await submit();
  assert.equal(await page.locator("#report-status").innerText(), "Diajukan");
});

test("the verifier returns it with a note", async () => {
  await as("verifikator", "verifikator-demo-2026");
  assert.match(await page.locator("#reminders").innerText(), /menunggu verifikasi/);
  await page.goto(report);
  await page.getByLabel("Catatan pengembalian").fill("Realisasi 1 tidak sesuai daftar hadir; mohon diperiksa.");
  await page.getByRole("button", { name: "Kembalikan" }).click();
  await page.waitForLoadState("networkidle");
  assert.equal(await page.locator("#report-status").innerText(), "Dikembalikan");
  await shot("42-realisation-returned");
});

test("the operator fixes the value and submits again; the verifier approves", async () => {
  await as("operator.dinkes", "dinkes-demo-2026");
  await page.goto(report);
  assert.match(await page.locator("#review-note").innerText(), /tidak sesuai daftar hadir/);
  // Typed as a person would: without thousands separators.
  await enter(page.locator(`#${line}`), target.replace(/\./g, ""));
  await submit();
  await as("verifikator", "verifikator-demo-2026");
  await page.goto(report);
  await page.getByRole("button", { name: "Setujui" }).click();
  await page.waitForLoadState("networkidle");
  assert.equal(await page.locator("#report-status").innerText(), "Disetujui");
  // Approved values are shown, no longer editable.
  assert.equal(await page.locator("form.entry-form").count(), 0);
  await shot("43-realisation-approved");
});

test("the dashboards show the new capaian", async () => {
  const quarter = new URL(report).searchParams.get("tw");
  await page.goto(report.replace("/realisasi/opd/", "/capaian/opd/"));
  await page.locator("html[data-charts-ready]").waitFor({ state: "attached" });
  const row = page.locator("#indicators tr", { hasText: indicatorName }).first();
  // The actual equals the target, so the quarter's capaian is 100 %.
  assert.match(await row.innerText(), /\t100,00%\t/);
  await shot("44-capaian-opd");
  await row.getByRole("link").click();
  await page.locator("#chart-history").waitFor();
  assert.match(await page.locator("#chart-history table").innerText(), new RegExp(`TW ${["I", "II", "III", "IV"][quarter - 1]}`));
  assert.ok(await page.getByRole("link", { name: "daftar-hadir.pdf" }).first().isVisible());
  await shot("45-capaian-indicator");
  await page.goto(`${server.url}/pemda/16.03/capaian?tw=${quarter}`);
  await page.locator("html[data-charts-ready]").waitFor({ state: "attached" });
  assert.ok((await page.locator(".chart svg").count()) >= 3, "ECharts drew the charts");
  await shot("46-capaian-pemda");
  await page.goto(`${server.url}/pemda/16.03/pohon-kinerja?tw=${quarter}`);
  assert.ok((await page.locator(".capaian-badge").count()) > 5, "the tree is coloured by capaian");
  await shot("47-pohon-capaian");
});

test("the charts and pages keep to the content security policy", () => {
  assert.deepEqual(watcher.problems(), []);
});
