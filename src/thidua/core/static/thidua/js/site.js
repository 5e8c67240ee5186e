// Small behaviours that need no library. No inline script anywhere: the CSP forbids it.
document.addEventListener("DOMContentLoaded", () => {
  // Auto-submit selects marked data-autosubmit (year pickers) when htmx is not handling them.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => {
      if (!select.hasAttribute("hx-get")) select.form.submit();
    });
  });
});
