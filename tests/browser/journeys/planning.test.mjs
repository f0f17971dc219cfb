// Planning: Bappeda extends the RPJMD with a tujuan and a sasaran, the
// Dinas Kesehatan operator links a Renstra sasaran to it, and the small
// cascade shows in the performance tree. Then the Excel round trip through
// the browser: a bad file is refused with a located report, the exported
// workbook imports back after a preview.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { launchBrowser, login, screenshots, startServer } from "./server.mjs";

let server, chrome, page;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  server = await startServer();
  chrome = await launchBrowser();
  page = await chrome.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "id-ID", acceptDownloads: true });
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

const shot = (name) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

async function addElement(kind, parent, code, name) {
  const form = page.locator("form", { has: page.getByRole("button", { name: "Simpan" }) }).last();
  await form.getByLabel("Jenis", { exact: true }).selectOption(kind);
  if (parent) await form.getByLabel("Induk").selectOption({ value: parent });
  await form.getByLabel("Kode", { exact: false }).fill(code);
  await form.getByLabel("Uraian").fill(name);
  await form.getByRole("button", { name: "Simpan" }).click();
  await page.getByRole("heading", { name: `${code} · ${name}` }).waitFor();
}

test("Bappeda adds a tujuan and sasaran with an indicator to the RPJMD", async () => {
  await login(page, server.url, "admin.bappeda", "bappeda-demo-2026");
  await page.getByRole("link", { name: "Perencanaan" }).first().click();
  await page.getByRole("link", { name: "RPJMD Kabupaten Muara Enim 2025–2029" }).click();
  await page.getByRole("cell", { name: /Prevalensi stunting/ }).first().waitFor();
  await shot("10-rpjmd");

  await addElement("tujuan", "M1", "T9.1", "Meningkatkan kesehatan lingkungan permukiman");
  await page.getByRole("link", { name: /RPJMD 2025–2029/ }).click();
  await addElement("sasaran", "T9.1", "S9.1.1", "Meningkatnya akses sanitasi layak");

  // A wrong target is refused beside its field; then the indicator is saved.
  await page.getByText("Tambah indikator").click();
  await page.getByLabel("Indikator", { exact: true }).fill("Persentase rumah tangga dengan akses sanitasi layak");
  await page.getByLabel("Satuan").fill("%");
  await page.getByLabel("Jenis nilai").selectOption("percent");
  await page.getByLabel("Kondisi awal").fill("78,5");
  await page.getByLabel("Target 2025").fill("80");
  await page.getByLabel("Target 2026").fill("82,5 - 90");
  await page.getByRole("button", { name: "Simpan" }).first().click();
  await page.locator(".field-error", { hasText: "rentang" }).first().waitFor();
  await shot("11-indicator-error");
  await page.getByLabel("Target 2026").fill("82,5");
  for (const [year, value] of [["2027", "85"], ["2028", "87,5"], ["2029", "90"]]) {
    await page.getByLabel(`Target ${year}`).fill(value);
  }
  await page.getByRole("button", { name: "Simpan" }).first().click();
  await page.getByRole("link", { name: "Persentase rumah tangga dengan akses sanitasi layak" }).waitFor();
  assert.equal(await page.getByRole("cell", { name: "82,5" }).count(), 1);
  await shot("12-sasaran-with-indicator");
});

test("Bappeda chooses the capaian rulebook of a year", async () => {
  await page.getByRole("link", { name: "Perencanaan" }).first().click();
  await page.getByRole("link", { name: "Aturan capaian" }).click();
  await page.locator("#rulebook-capaian-standar-v1").waitFor();
  await page.getByLabel("Tahun", { exact: true }).fill("2027");
  await page.getByLabel("Aturan capaian", { exact: true }).selectOption("capaian-tr-batas100-v1");
  await page.getByRole("button", { name: "Simpan" }).click();
  const row = page.locator("#rulebook-years tr", { hasText: "2027" });
  await row.getByText("T/R untuk indikator negatif").waitFor();
  assert.equal(await row.locator(".badge").count(), 0, "2027 has a chosen rulebook, not the default");
  await shot("12b-rulebooks");
});

test("the Dinas Kesehatan operator links a Renstra sasaran, and the cascade shows in the tree", async () => {
  await page.getByRole("button", { name: "Keluar" }).click();
  await login(page, server.url, "operator.dinkes", "dinkes-demo-2026");
  await page.getByRole("link", { name: "Perencanaan" }).first().click();
  await page.getByRole("link", { name: "Renstra Dinas Kesehatan 2025–2029" }).click();
  await addElement("sasaran", "TD1", "SD9", "Meningkatnya rumah tangga ber-PHBS");
  await page.getByLabel(/S9.1.1/).check();
  await page.getByLabel(/S1.1.1 ·/).check();
  await page.getByRole("button", { name: "Simpan" }).last().click();
  await page.getByText("S1.1.1, S9.1.1").waitFor();

  // The operator may not touch another OPD's Renstra.
  await page.getByRole("link", { name: "Perencanaan" }).first().click();
  await page.getByRole("link", { name: "Renstra Dinas Pendidikan 2025–2029" }).click();
  assert.equal(await page.getByRole("heading", { name: "Tambah elemen" }).count(), 0);

  await page.getByRole("link", { name: "Pohon kinerja" }).first().click();
  await page.getByRole("searchbox").fill("sanitasi");
  await page.locator("#tree .node.kind-tujuan", { hasText: "T9.1" }).waitFor();
  const branch = page.locator("#tree .node.kind-tujuan", { hasText: "T9.1" });
  await assert.doesNotReject(branch.locator(".node", { hasText: "S9.1.1" }).first().waitFor());
  const supporting = branch.locator(".node", { hasText: "Meningkatnya rumah tangga ber-PHBS" }).first();
  await supporting.waitFor();
  assert.match(await supporting.innerText(), /Dinas Kesehatan/);
  assert.match(await supporting.innerText(), /juga mendukung S1\.1\.1/i);
  await shot("13-tree-search");

  await page.getByRole("searchbox").fill("");
  await page.locator("#tree .node.kind-program").first().waitFor();
  await page.getByRole("button", { name: "Tutup semua" }).click();
  await shot("14-tree-collapsed");
  const svg = await page.request.get(`${server.url}/pemda/16.03/pohon-kinerja.svg`);
  assert.equal(svg.status(), 200);
  assert.match(await svg.text(), /S9\.1\.1/);
  const pdf = await page.request.get(`${server.url}/pemda/16.03/pohon-kinerja.pdf?q=sanitasi`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()["content-type"], "application/pdf");
  assert.equal((await pdf.body()).subarray(0, 5).toString(), "%PDF-");
});

test("the consistency report and the Renja show the demo plan", async () => {
  await page.getByRole("link", { name: "Perencanaan" }).first().click();
  await page.getByRole("link", { name: "Laporan konsistensi" }).click();
  // The new RPJMD tujuan has no indicator of its own and SD9 none either.
  await page.getByRole("heading", { name: /Sasaran tanpa indikator/ }).waitFor();
  await shot("15-consistency");
  await page.getByRole("link", { name: "Perencanaan" }).first().click();
  await page.getByRole("link", { name: "Renja / DPA" }).click();
  await page.getByLabel("Perangkat daerah").selectOption({ label: "Dinas Kesehatan" });
  await page.getByRole("button", { name: "Tampilkan" }).click();
  await page.getByRole("cell", { name: "1.02.02.2.02.0001" }).waitFor();
  await shot("16-renja");

  // The Renja's workbook goes out and comes back through the import panel.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Unduh Excel" }).click()]);
  const renja = join(tmpdir(), `kinerja-renja-${process.pid}.xlsx`);
  await download.saveAs(renja);
  await page.locator("#renja-import summary").click();
  await page.getByLabel("Berkas Excel (.xlsx)").setInputFiles(renja);
  await page.getByRole("button", { name: "Periksa berkas" }).click();
  await page.locator("#preview").waitFor();
  rmSync(renja, { force: true });
  assert.match(await page.locator("#preview").innerText(), /Pagu yang akan dikosongkan\s+0/);
  await shot("16b-renja-import-preview");
  await page.getByRole("button", { name: "Terapkan impor" }).click();
  await page.getByRole("cell", { name: "1.02.02.2.02.0001" }).waitFor();
});

test("a bad workbook is refused with a located report; the exported one imports back", async () => {
  await page.getByRole("link", { name: "Perencanaan" }).first().click();
  await page.getByRole("link", { name: "Renstra Dinas Kesehatan 2025–2029" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Unduh Excel" }).click()]);
  const exported = join(tmpdir(), `kinerja-renstra-${process.pid}.xlsx`);
  await download.saveAs(exported);
  assert.ok(readFileSync(exported).length > 1000);

  await page.getByRole("link", { name: "Impor Excel" }).click();
  const bad = join(tmpdir(), `kinerja-bad-${process.pid}.xlsx`);
  writeFileSync(bad, "kode,uraian\n1,bukan excel\n");
  await page.getByLabel("Berkas Excel (.xlsx)").setInputFiles(bad);
  await page.getByRole("button", { name: "Periksa berkas" }).click();
  await page.locator("#validation-report").waitFor();
  rmSync(bad, { force: true });
  assert.match(await page.locator("#validation-report").innerText(), /bukan buku kerja Excel/);
  await shot("17-import-rejected");

  await page.getByLabel("Berkas Excel (.xlsx)").setInputFiles(exported);
  await page.getByRole("button", { name: "Periksa berkas" }).click();
  await page.locator("#preview").waitFor();
  rmSync(exported, { force: true });
  await shot("18-import-preview");
  await page.getByRole("button", { name: "Terapkan impor" }).click();
  await page.getByRole("cell", { name: "SD9", exact: true }).waitFor();
  await page.getByRole("cell", { name: "1.02.02.2.02.0001" }).waitFor();
});
