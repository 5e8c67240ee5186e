// A small rich-text editor of our own for the article body (no CDN, no copied third-party file).
// Why ours and not django-prose-editor: its editor is loaded through an import map, an inline
// <script> that our CSP (script-src 'self', no inline) refuses; this file needs nothing but the
// browser. The textarea stays the source of truth and works without JavaScript; whatever the
// browser puts in (paste from Word included) is sanitised by the server with nh3's allow-list.
(function () {
  "use strict";
  var BUTTONS = [
    ["bold", "Đậm", "B"], ["italic", "Nghiêng", "I"], ["underline", "Gạch chân", "U"],
    ["formatBlock:h2", "Tiêu đề mục", "H2"], ["formatBlock:h3", "Tiêu đề nhỏ", "H3"],
    ["formatBlock:p", "Đoạn văn", "¶"], ["insertUnorderedList", "Danh sách chấm", "•"],
    ["insertOrderedList", "Danh sách số", "1."], ["formatBlock:blockquote", "Trích dẫn", "❝"],
    ["createLink", "Chèn liên kết", "🔗"], ["unlink", "Bỏ liên kết", "⛓"], ["removeFormat", "Xóa định dạng", "⌫"]
  ];
  document.querySelectorAll("textarea[data-richtext]").forEach(function (source) {
    var wrap = document.createElement("div");
    wrap.className = "richtext";
    var bar = document.createElement("div");
    bar.className = "richtext-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Định dạng nội dung");
    var area = document.createElement("div");
    area.className = "richtext-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = document.querySelector("label[for='" + source.id + "']");
    if (label) { label.id = label.id || source.id + "-label"; area.setAttribute("aria-labelledby", label.id); }
    area.innerHTML = source.value;
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "richtext-button";
      button.title = spec[1];
      button.setAttribute("aria-label", spec[1]);
      button.textContent = spec[2];
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        var parts = spec[0].split(":");
        var value = parts[1] || null;
        if (parts[0] === "createLink") {
          value = window.prompt("Địa chỉ liên kết (https://…)", "https://");
          if (!value) return;
        }
        document.execCommand(parts[0], false, value);
        area.focus();
        sync();
      });
      bar.appendChild(button);
    });
    function sync() { source.value = area.innerHTML; }
    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    source.form.addEventListener("submit", sync);
    source.hidden = true;
    source.setAttribute("aria-hidden", "true");
    if (label) label.htmlFor = "";
    source.parentNode.insertBefore(wrap, source);
    wrap.appendChild(bar);
    wrap.appendChild(area);

    // Pictures already uploaded for this article can be placed in the body where the caret was
    // last (or at the end): <figure><img src="/tin-bai/anh/ID/" alt="caption"><figcaption>…
    // The server keeps only images served by /tin-bai/anh/<id>/ (services.text allow-list).
    var lastRange = null;
    function remember() {
      var selection = window.getSelection();
      if (selection.rangeCount && area.contains(selection.getRangeAt(0).commonAncestorContainer)) {
        lastRange = selection.getRangeAt(0).cloneRange();
      }
    }
    area.addEventListener("keyup", remember);
    area.addEventListener("mouseup", remember);
    area.addEventListener("blur", remember);
    document.querySelectorAll("[data-insert-image]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var figure = document.createElement("figure");
        var img = document.createElement("img");
        img.src = button.getAttribute("data-insert-image");
        img.alt = button.getAttribute("data-caption") || "";
        var caption = document.createElement("figcaption");
        caption.textContent = img.alt;
        figure.appendChild(img);
        figure.appendChild(caption);
        if (lastRange) {
          lastRange.collapse(false);
          var block = lastRange.startContainer;
          while (block && block.parentNode !== area) block = block.parentNode;
          if (block && block.nextSibling) area.insertBefore(figure, block.nextSibling);
          else area.appendChild(figure);
        } else {
          area.appendChild(figure);
        }
        sync();
        area.focus();
      });
    });
  });
})();
