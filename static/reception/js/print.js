// Print buttons on the run sheet and the scenario (no inline script: strict CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
