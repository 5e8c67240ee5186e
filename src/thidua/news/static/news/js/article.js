// Article page: font-size buttons (remembered per visitor) and "Đọc bài viết" (read aloud).
// Our own file, loaded with defer: the CSP forbids inline script.
(function () {
  "use strict";
  var KEY = "thidua.news.fontStep";
  var MIN = -2, MAX = 4;
  var article = document.getElementById("news-article");
  if (!article) return;

  function stored() {
    try { var v = parseInt(window.localStorage.getItem(KEY) || "0", 10); return isNaN(v) ? 0 : v; }
    catch (e) { return 0; }
  }
  function apply(step) {
    for (var i = MIN; i <= MAX; i++) article.classList.remove("font-step-" + String(i).replace("-", "m"));
    article.classList.add("font-step-" + String(step).replace("-", "m"));
    article.setAttribute("data-font-step", String(step));
  }
  var step = Math.min(MAX, Math.max(MIN, stored()));
  apply(step);
  document.querySelectorAll("[data-font]").forEach(function (button) {
    button.addEventListener("click", function () {
      var what = button.getAttribute("data-font");
      step = what === "up" ? Math.min(MAX, step + 1) : what === "down" ? Math.max(MIN, step - 1) : 0;
      apply(step);
      try { window.localStorage.setItem(KEY, String(step)); } catch (e) { /* private mode: not remembered */ }
    });
  });

  var read = document.getElementById("news-read");
  var audio = document.getElementById("news-audio");
  var status = document.getElementById("news-read-status");
  if (!read || !audio) return;
  var synth = window.speechSynthesis;
  var speaking = false;

  function vietnameseVoice() {
    if (!synth || typeof synth.getVoices !== "function") return null;
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().indexOf("vi") === 0) return voices[i];
    }
    return null;
  }
  function text() {
    var title = document.getElementById("news-title");
    var body = document.getElementById("news-text");
    return ((title ? title.textContent : "") + ". " + (body ? body.textContent : "")).replace(/\s+/g, " ").trim();
  }
  function say(message) { if (status) status.textContent = message; }

  function playServerAudio() {
    var url = read.getAttribute("data-audio-url");
    if (!url) { say("Âm thanh đọc bài đang được chuẩn bị, xin thử lại sau ít phút."); return; }
    if (audio.getAttribute("src") !== url) audio.setAttribute("src", url);
    audio.hidden = false;
    var played = audio.play();
    if (played && typeof played.catch === "function") {
      played.catch(function () { say("Không phát được âm thanh; hãy bấm nút phát trên trình phát."); });
    }
    say("Đang đọc bài (âm thanh của máy chủ).");
  }

  read.addEventListener("click", function () {
    if (speaking && synth) { synth.cancel(); speaking = false; read.textContent = "Đọc bài viết"; say(""); return; }
    var voice = vietnameseVoice();
    if (voice && typeof window.SpeechSynthesisUtterance === "function") {
      var utterance = new window.SpeechSynthesisUtterance(text());
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.onend = function () { speaking = false; read.textContent = "Đọc bài viết"; say(""); };
      synth.cancel();
      synth.speak(utterance);
      speaking = true;
      read.textContent = "Dừng đọc";
      say("Đang đọc bài bằng giọng tiếng Việt của trình duyệt.");
    } else {
      playServerAudio();
    }
  });
})();
