// Debrief's own behaviour on top of htmx. Loaded as a file: the Content
// Security Policy allows no inline script.
(function () {
  "use strict";

  // Plain (non-htmx) forms that destroy something ask first.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !event.submitter?.hasAttribute("data-hx-post") && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // After htmx swaps content in, move focus to what needs attention first
  // (an error summary, or the first field of a fresh form) so keyboard and
  // screen-reader users land on it.
  document.addEventListener("htmx:after:swap", function (event) {
    var target = event.detail && event.detail.ctx && event.detail.ctx.target;
    if (!target || !target.isConnected) {
      target = document.getElementById(event.target && event.target.id) || null;
    }
    var scope = target && target.isConnected ? target : document;
    var focus = scope.querySelector("[data-focus]");
    if (focus && scope !== document) {
      focus.focus();
    }
  });

  // The debrief's clock: the current step's time ticks between updates from the
  // server, which sends the time spent so far and when the step began.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    return Math.floor(seconds / 60) + ":" + pad(seconds % 60);
  }
  function tick() {
    var step = document.querySelector(".script-step[aria-current=step]");
    if (!step) { return; }
    var rendered = Date.parse(step.getAttribute("data-rendered"));
    var before = Number(step.getAttribute("data-before"));
    var planned = Number(step.getAttribute("data-planned"));
    var spent = before + (Date.now() - rendered) / 1000;
    var over = spent - planned;
    var text = clock(spent) + " of " + clock(planned) + (over >= 1 ? " · over by " + clock(over) : "");
    var time = step.querySelector(".step-time");
    if (time && time.textContent !== text) { time.textContent = text; }
    step.classList.toggle("overrun", over >= 1);
  }
  setInterval(tick, 1000);
})();
