// Small progressive enhancements; every page works without JavaScript.

// Ties each field error under `root` to its input, so screen readers announce it there.
function tieErrors(root) {
  for (const error of root.querySelectorAll(".field-error[id$='-error']")) {
    const input = document.getElementById(error.id.slice(0, -"-error".length));
    if (!input) continue;
    input.setAttribute("aria-invalid", "true");
    const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes(error.id)) described.push(error.id);
    input.setAttribute("aria-describedby", described.join(" "));
  }
}

// A request htmx did not swap in (403, 409, 500, no network): nothing may
// fail silently, so the alert region at the top of the page says so.
function requestFailed(status) {
  const alert = document.getElementById("request-alert");
  if (!alert) return;
  alert.textContent = document.body.dataset.requestFailed.replace("{status}", status);
  alert.hidden = false;
}
document.addEventListener("htmx:responseError", (event) => requestFailed(event.detail.xhr.status));
document.addEventListener("htmx:sendError", () => requestFailed("—"));
document.addEventListener("htmx:beforeRequest", () => {
  const alert = document.getElementById("request-alert");
  if (alert) alert.hidden = true;
});

// After htmx swaps in a form answered with errors, tie them and move the
// focus to the first field in error. An outerHTML swap replaces the target,
// so the new element is found again by its id.
document.addEventListener("htmx:afterSwap", (event) => {
  tieErrors(document.body);
  const id = event.detail.target && event.detail.target.id;
  const swapped = id ? document.getElementById(id) : null;
  const invalid = swapped && swapped.querySelector("[aria-invalid='true']");
  if (invalid) invalid.focus();
});

// Files over an upload's limit are refused here, beside the field, before
// minutes of uploading on a slow line; the server checks again.
function checkFileSize(input) {
  const max = Number(input.dataset.maxMb);
  const file = input.files && input.files[0];
  const tooLarge = Boolean(max && file && file.size > max * 1024 * 1024);
  input.setCustomValidity(tooLarge ? document.body.dataset.fileTooLarge.replace("{max}", max) : "");
  let note = document.getElementById(`${input.id}-size-error`);
  if (tooLarge && !note) {
    note = document.createElement("p");
    note.className = "field-error";
    note.id = `${input.id}-size-error`;
    note.setAttribute("role", "alert");
    input.insertAdjacentElement("afterend", note);
  }
  if (note) {
    note.textContent = tooLarge ? input.validationMessage : "";
    note.hidden = !tooLarge;
  }
}
document.addEventListener("change", (event) => {
  if (event.target.matches && event.target.matches("input[type=file][data-max-mb]")) checkFileSize(event.target);
});

document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so keyboard and screen-reader users hear it first.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  tieErrors(document.body);

  // Offer only the units of the chosen OPD.
  const opd = document.getElementById("opd_id");
  const dependents = ["parent_id", "unit_id"].map((id) => document.getElementById(id)).filter(Boolean);
  if (opd && dependents.length) {
    const filter = () => {
      for (const select of dependents) {
        for (const option of select.options) {
          if (!option.dataset.opd) continue;
          option.hidden = opd.value !== "" && option.dataset.opd !== opd.value;
        }
        if (select.selectedOptions[0] && select.selectedOptions[0].hidden) select.value = "";
      }
    };
    opd.addEventListener("change", filter);
    filter();
  }

  // Keep the current page when switching language.
  for (const link of document.querySelectorAll("[data-lang-switch]")) {
    link.href += "?next=" + encodeURIComponent(location.pathname + location.search);
  }
});

// Destructive forms ask first.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// The performance tree: open or close every branch.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-tree-toggle]");
  if (toggle) {
    const open = toggle.dataset.treeToggle === "open";
    for (const details of document.querySelectorAll("#tree details")) details.open = open;
  }
});
