/* One-tap attendance on a weak connection: every form marked data-tap says whether its request
   is on its way, and says plainly when it was not saved (network lost, server error, timeout),
   so the volunteer taps again. The texts come from the page (data-* of the block), in French.
   Without JavaScript the same forms post and the page reloads. */
(function () {
  "use strict";

  function tapForm(event) {
    var elt = event.detail && event.detail.elt;
    return elt && elt.closest ? elt.closest("[data-tap]") : null;
  }

  function say(form, state) {
    var texts = form.closest("[data-tap-texts]");
    var status = form.querySelector(".tap-status");
    form.dataset.state = state;
    if (status && texts) {
      status.textContent = texts.dataset[state] || "";
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = tapForm(event);
    if (form) {
      say(form, "pending");
    }
  });

  ["htmx:sendError", "htmx:responseError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var form = tapForm(event);
      if (form) {
        say(form, "failed");
      }
    });
  });

  // A session that ended sends the log-in page: never swap it into the list.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = tapForm(event);
    var texts = form && form.closest("[data-tap-texts]");
    var url = (event.detail.xhr && event.detail.xhr.responseURL) || "";
    if (texts && texts.dataset.loginUrl && url.indexOf(texts.dataset.loginUrl) !== -1) {
      event.detail.shouldSwap = false;
      say(form, "expired");
    }
  });
})();
