// Small behaviours that need no library. No inline script anywhere: the CSP forbids it.

// Wide tables scroll inside their own box (every table, wherever its template put it): the box is
// focusable so a keyboard can scroll it, named after the table's caption, and says it scrolls
// when it does (phones).
function fitTables(root) {
  root.querySelectorAll("main table").forEach((table) => {
    let box = table.parentElement;
    if (!box.classList.contains("table-wrap")) {
      box = document.createElement("div");
      box.className = "table-wrap";
      table.replaceWith(box);
      box.appendChild(table);
    }
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("is-scrollable", scrolls);
    if (!scrolls) {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      const hint = box.previousElementSibling;
      if (hint && hint.classList.contains("scroll-hint")) hint.remove();
    } else {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      const caption = table.querySelector("caption");
      box.setAttribute("aria-label", (caption ? caption.textContent.trim() + " – " : "") + "bảng cuộn ngang");
      if (!box.previousElementSibling || !box.previousElementSibling.classList.contains("scroll-hint")) {
        const hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "Vuốt ngang để xem hết bảng →";
        box.before(hint);
      }
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  // Auto-submit selects marked data-autosubmit (year pickers) when htmx is not handling them.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => {
      if (!select.hasAttribute("hx-get")) select.form.submit();
    });
  });
  // A form or button marked data-confirm asks before a destructive or state-changing action.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    const button = event.submitter;
    const message = (button && button.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
  fitTables(document);
  document.body.addEventListener("htmx:afterSettle", (event) => fitTables(event.target));
  // a phone turned sideways (or a narrowed window) changes which tables scroll
  let pending = false;
  window.addEventListener("resize", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      fitTables(document);
    });
  });
});
