// The January ceremony, end to end: the Dinas Kesehatan operator completes
// the kepala dinas's Perjanjian Kinerja and submits it, the verifier
// approves it, the kepala dinas and then the bupati sign it with their
// passwords, and anyone checks it on the public verification page, by its
// QR address and by uploading the PDF. The first page of the PDF is
// rendered to a PNG (pdftoppm) beside the screenshots.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
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
let agreement;

async function signAs(username, password) {
  await page.context().clearCookies();
  await login(page, server.url, username, password);
  await page.goto(agreement);
  await page.getByLabel("Kata sandi Anda").fill(password);
  await page.getByRole("button", { name: "Tandatangani" }).click();
  await page.waitForLoadState("networkidle");
}

test("the operator completes the kepala dinas's PK and submits it", async () => {
  await login(page, server.url, "operator.dinkes", "dinkes-demo-2026");
  await page.getByRole("link", { name: "Perjanjian Kinerja" }).first().click();
  await page.getByLabel("Perangkat daerah").selectOption({ label: "Dinas Kesehatan" });
  await page.getByRole("button", { name: "Tampilkan" }).click();
  await shot("20-pk-list");
  const row = page.locator("#pk-slots tr", { hasText: "Kepala Dinas Kesehatan" }).first();
  await row.getByRole("link", { name: "Buka" }).click();
  await page.locator("#pk-status").waitFor();
  agreement = page.url();
  assert.equal(await page.locator("#pk-status").innerText(), "Draf");
  assert.ok((await page.locator("#pk-rows tbody tr").count()) > 0, "prefilled from the Renstra");

  // A row whose quarters overshoot its target is refused with the reason.
  await page.locator("#pk-add-row summary").click();
  const form = page.locator("#pk-add-row form");
  await form.locator("[name=goal]").fill("Meningkatnya derajat kesehatan masyarakat");
  await form.locator("[name=indicator]").fill("Persentase puskesmas terakreditasi paripurna");
  await form.locator("[name=unit]").fill("%");
  await form.locator("[name=value_kind]").selectOption("percent");
  await form.locator("[name=aggregation]").selectOption("last");
  await form.locator("[name=target]").fill("60");
  for (const [q, v] of [["q1", "40"], ["q2", "45"], ["q3", "55"], ["q4", "70"]]) await form.locator(`[name=${q}]`).fill(v);
  // It supports a row of the bupati's PK (the cascade).
  await form.locator("[name=parent_key]").selectOption({ index: 1 });
  await form.getByRole("button", { name: "Simpan" }).click();
  await page.locator(".error-summary").waitFor();
  await shot("21-pk-rencana-aksi-refused");
  await page.locator("#pk-add-row form [name=q4]").fill("60");
  await page.locator("#pk-add-row form").getByRole("button", { name: "Simpan" }).click();
  await page.getByRole("cell", { name: "Persentase puskesmas terakreditasi paripurna" }).waitFor();

  await page.getByRole("button", { name: "Ajukan untuk diperiksa" }).click();
  await page.waitForLoadState("networkidle");
  assert.equal(await page.locator("#pk-status").innerText(), "Diajukan");
});

test("the verifier approves it and both parties sign with their passwords", async () => {
  await page.context().clearCookies();
  await login(page, server.url, "verifikator", "verifikator-demo-2026");
  await page.goto(agreement);
  await page.getByRole("button", { name: "Setujui" }).click();
  await page.waitForLoadState("networkidle");
  assert.match(await page.locator("#pk-status").innerText(), /Disetujui/);

  // A wrong password does not sign.
  await page.context().clearCookies();
  await login(page, server.url, "kadis.dinkes", "pejabat-demo-2026");
  await page.goto(agreement);
  await page.getByLabel("Kata sandi Anda").fill("bukan-kata-sandi");
  await page.getByRole("button", { name: "Tandatangani" }).click();
  await page.locator("#sandi-error").waitFor();
  assert.match(await page.locator("#pk-status").innerText(), /Disetujui/);
  await shot("22-pk-sign-wrong-password");

  await signAs("kadis.dinkes", "pejabat-demo-2026");
  assert.equal(await page.locator("#pk-status").innerText(), "Ditandatangani pihak pertama");
  await signAs("bupati", "bupati-demo-2026");
  assert.equal(await page.locator("#pk-status").innerText(), "Berlaku");
  await shot("23-pk-in-force");

  // The pohon kinerja leads to the tree of PK rows, where the new row shows.
  await page.getByRole("link", { name: "Pohon kinerja", exact: true }).click();
  await page.locator("#tree-pk").click();
  const supported = page.locator("#pk-tree li", { hasText: "Persentase puskesmas terakreditasi paripurna" });
  await supported.scrollIntoViewIfNeeded();
  assert.match(await supported.getAttribute("class"), /depth-1/, "under the bupati's row");
  await page.screenshot({ path: join(screenshots, "23b-pk-tree-coverage.png") });
});

test("anyone verifies it by its QR address and by uploading the PDF", async () => {
  await page.goto(agreement);
  const pdf = Buffer.from(await (await page.request.get(`${agreement}/pdf`)).body());
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  const pdfPath = join(screenshots, "24-pk.pdf");
  writeFileSync(pdfPath, pdf);
  execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", pdfPath, join(screenshots, "24-pk-pdf-page-1")]);
  execFileSync("pdftoppm", ["-png", "-r", "70", "-f", "2", "-l", "2", "-singlefile", pdfPath, join(screenshots, "24-pk-pdf-page-2")]);
  const code = await page.locator("#pk-facts a code").innerText();

  // The public page needs no account.
  await page.context().clearCookies();
  await page.goto(`${server.url}/verifikasi/${code}`);
  const result = page.locator("#verify-result");
  await result.waitFor();
  assert.equal(await result.getAttribute("data-status"), "in_force");
  assert.equal(await result.getAttribute("data-intact"), "true");
  await page.getByText("SAH dan BERLAKU").waitFor();
  assert.match(await result.innerText(), /Bupati Muara Enim/);

  await page.locator("#file").setInputFiles({ name: "pk.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Periksa berkas" }).click();
  await page.locator("#upload-result").waitFor();
  assert.equal(await page.locator("#upload-result").getAttribute("data-result"), "genuine");
  await shot("25-verify-genuine");

  const altered = Buffer.from(pdf);
  altered[Math.floor(altered.length / 2)] ^= 0x20;
  await page.locator("#file").setInputFiles({ name: "pk.pdf", mimeType: "application/pdf", buffer: altered });
  await page.getByRole("button", { name: "Periksa berkas" }).click();
  await page.locator("#upload-result[data-result=altered]").waitFor();
  await shot("26-verify-altered");
});
