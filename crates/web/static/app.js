// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so keyboard and screen-reader users hear it first.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();

  // Tie each field error to its input, so screen readers announce it there.
  for (const error of document.querySelectorAll(".field-error[id$='-error']")) {
    const input = document.getElementById(error.id.slice(0, -"-error".length));
    if (!input) continue;
    input.setAttribute("aria-invalid", "true");
    const described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", described ? `${described} ${error.id}` : error.id);
  }

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
