// Chair's view: count the current speaker's time down every second (the server gave the seconds left).
(function () {
  "use strict";
  var el = document.querySelector('[data-testid="time-left"]');
  if (!el) { return; }
  var left = parseInt(el.getAttribute("data-seconds"), 10);
  if (isNaN(left)) { return; }
  var up = el.getAttribute("data-up") || "";
  function show() {
    var abs = Math.abs(left);
    var text = Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
    el.textContent = left >= 0 ? text : up + " (−" + text + ")";
    el.classList.toggle("text-danger", left < 30);
  }
  show();
  window.setInterval(function () { left -= 1; show(); }, 1000);
})();
