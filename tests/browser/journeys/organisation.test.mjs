// The first journey of a Bappeda admin: sign in, build a piece of the
// organisation (OPD, unit, position, official), and find every change in
// the audit log. Screenshots go to artifacts/screenshots/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, login, screenshots, startServer } from "./server.mjs";

let server, chrome, page;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  server = await startServer();
  chrome = await launchBrowser();
  page = await chrome.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "id-ID" });
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

const shot = (name) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

test("a wrong password is refused with a message in Bahasa Indonesia", async () => {
  await login(page, server.url, "admin.bappeda", "salah-sekali-123");
  await assert.doesNotReject(page.getByText("Nama pengguna atau kata sandi salah.").waitFor());
  await shot("01-login-failed");
});

test("the Bappeda admin builds an OPD, unit, position and official and sees them in the audit log", async () => {
  await login(page, server.url, "admin.bappeda", "bappeda-demo-2026");
  await page.getByRole("heading", { name: "Beranda" }).waitFor();
  assert.match(await page.locator(".tenant").innerText(), /Kabupaten Muara Enim/);
  await shot("02-dashboard");

  // OPD
  await page.getByRole("link", { name: "Perangkat daerah" }).first().click();
  await page.getByRole("link", { name: "Tambah perangkat daerah" }).click();
  await page.getByLabel("Nama", { exact: true }).fill("Dinas Uji Coba Browser");
  await page.getByLabel("Singkatan").fill("DUCB");
  await page.getByLabel("Jenis", { exact: true }).selectOption("dinas");
  await page.getByRole("button", { name: "Simpan" }).click();
  await page.getByRole("heading", { name: "Dinas Uji Coba Browser" }).waitFor();

  // Unit, from the OPD page so the OPD is preselected
  await page.getByRole("link", { name: "Tambah unit kerja" }).click();
  await page.getByLabel("Nama", { exact: true }).fill("Bidang Pengujian Otomatis");
  await page.getByLabel("Jenis", { exact: true }).selectOption("bidang");
  await page.getByRole("button", { name: "Simpan" }).click();
  await page.getByRole("cell", { name: "Bidang Pengujian Otomatis" }).waitFor();

  // A section under that unit shows nested beneath it
  await page.getByRole("link", { name: "Tambah unit kerja" }).click();
  await page.getByLabel("Unit induk").selectOption({ label: "Bidang Pengujian Otomatis" });
  await page.getByLabel("Nama", { exact: true }).fill("Seksi Pengujian Regresi");
  await page.getByLabel("Jenis", { exact: true }).selectOption("seksi");
  await page.getByRole("button", { name: "Simpan" }).click();
  const nested = page.locator("td.tree.depth-1", { hasText: "Seksi Pengujian Regresi" });
  await nested.waitFor();
  await shot("02b-opd-detail-tree");

  // Position in that unit
  await page.getByRole("link", { name: "Tambah jabatan" }).click();
  await page.getByLabel("Nama", { exact: true }).fill("Kepala Bidang Pengujian Otomatis");
  await page.getByLabel("Tingkat jabatan").selectOption("administrator");
  await page.getByLabel("Unit kerja").selectOption({ label: "Bidang Pengujian Otomatis" });
  await page.getByRole("button", { name: "Simpan" }).click();
  await page.getByRole("heading", { name: "Jabatan" }).waitFor();

  // Official: a bad NIP first, then a good one
  await page.goto(`${server.url}/pemda/16.03/pegawai/baru`);
  await page.getByLabel("NIP").fill("197508172001123001");
  await page.getByLabel("Nama (tanpa gelar)").fill("Rina Oktaviani");
  await page.getByLabel("Gelar belakang").fill("S.Kom., M.T.");
  await page.getByLabel("Pangkat/golongan").selectOption("IV/a");
  await page.getByRole("button", { name: "Simpan" }).click();
  const nipError = page.locator("#nip-error");
  await nipError.waitFor();
  assert.match(await nipError.innerText(), /digit 15 \(jenis kelamin\)/);
  assert.equal(await page.getByLabel("NIP").getAttribute("aria-invalid"), "true");
  assert.match(await page.getByLabel("NIP").getAttribute("aria-describedby"), /nip-error/);
  await shot("03-official-invalid-nip");
  await page.getByLabel("NIP").fill("197508172001122001");
  await page.getByRole("button", { name: "Simpan" }).click();
  await page.getByRole("heading", { name: "Rina Oktaviani, S.Kom., M.T." }).waitFor();

  // Assign her as Plt. to the new position
  await page.getByLabel("Jabatan", { exact: true }).selectOption({ label: "Kepala Bidang Pengujian Otomatis — DUCB" });
  await page.getByLabel("Jenis penugasan").selectOption("plt");
  await page.getByRole("button", { name: "Simpan" }).click();
  await page.getByRole("cell", { name: /Kepala Bidang Pengujian Otomatis/ }).waitFor();
  assert.match(await page.locator(".facts").innerText(), /Plt\. Kepala Bidang Pengujian Otomatis/);
  await shot("04-official-detail");

  // Audit log: every step is there, newest first
  await page.getByRole("link", { name: "Log audit" }).click();
  const rows = page.locator("table.audit > tbody > tr");
  const firstRows = (await rows.allInnerTexts()).slice(0, 6).join("\n");
  for (const entity of ["penugasan", "pegawai", "jabatan", "unit kerja", "perangkat daerah"]) {
    assert.match(firstRows, new RegExp(entity), `audit log shows the ${entity}`);
  }
  assert.match(firstRows, /admin\.bappeda/);
  await page.locator("table.audit details").first().click();
  await shot("05-audit-log");

  // Filtering by entity narrows the list with htmx
  await page.getByLabel("Data", { exact: true }).selectOption("official");
  await page.waitForURL(/entity=official/);
  const filtered = await rows.allInnerTexts();
  assert.ok(filtered.length > 0 && filtered.every((r) => r.includes("pegawai")), "only official entries remain");
});

test("search narrows the OPD list as you type", async () => {
  await page.goto(`${server.url}/pemda/16.03/opd`);
  await page.getByRole("searchbox").fill("kesehatan");
  await page.waitForURL(/q=kesehatan/);
  const names = await page.locator("#results tbody tr td:first-child").allInnerTexts();
  assert.deepEqual(names, ["Dinas Kesehatan"]);
});

test("the interface switches to English and fits a phone", async () => {
  await page.goto(`${server.url}/pemda/16.03/pegawai`);
  await page.getByRole("link", { name: "English" }).click();
  await page.getByRole("heading", { name: "Officials" }).waitFor();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot("06-officials-english-phone");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal page scroll on a phone (overflow ${overflow}px)`);
  await page.getByRole("link", { name: "Bahasa Indonesia" }).click();
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("an operator may not open the user management", async () => {
  const context = await chrome.browser.newContext({ locale: "id-ID" });
  const other = await context.newPage();
  await login(other, server.url, "operator.dinkes", "dinkes-demo-2026");
  const response = await other.goto(`${server.url}/pemda/16.03/pengguna`);
  assert.equal(response.status(), 403);
  assert.match(await other.locator("h1").innerText(), /tidak berhak/);
  await context.close();
});
