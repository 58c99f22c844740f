// Debrief's own behaviour on top of htmx. Loaded as a file: the Content
// Security Policy allows no inline script.
(function () {
  "use strict";

  // Plain (non-htmx) forms that destroy something ask first.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !event.submitter?.hasAttribute("hx-post") && !window.confirm(question)) {
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
})();
