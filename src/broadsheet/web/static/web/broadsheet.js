/* Broadsheet's page behaviour on top of htmx (vendored: static/web/htmx-2.0.11.min.js, 0BSD):
   readable errors in fragments, and citation highlighting. */
(function () {
  "use strict";
  /* Never paste a whole page (an error page or a sign-in page) into a fragment. */
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr, text = xhr.responseText || "";
    if (/<html[\s>]/i.test(text)) {
      e.detail.shouldSwap = false;
      if (xhr.status < 400) { location.reload(); return; }
      e.detail.target.textContent = "That did not work (HTTP " + xhr.status + "). Reload the page and try again.";
      return;
    }
    if (xhr.status >= 400) {  /* htmx leaves errors unswapped; show our short message instead */
      e.detail.shouldSwap = false;
      e.detail.target.textContent = text || "That did not work (HTTP " + xhr.status + ").";
    }
  });
  document.addEventListener("htmx:sendError", function (e) {
    if (e.detail.target) e.detail.target.textContent = "Something went wrong; try again.";
  });
  /* Django's CSRF token travels with every htmx request. */
  document.addEventListener("htmx:configRequest", function (e) {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    var token = (field && field.value) || (m && decodeURIComponent(m[1]));
    if (token) e.detail.headers["X-CSRFToken"] = token;
  });
  /* Citations: hovering, focusing or clicking a cited sentence lights up its source sentences. */
  function light(el, on, scroll) {
    var cites = (el.getAttribute("data-cites") || "").trim().split(/\s+/), first = null;
    cites.forEach(function (c) {
      var idx = c.split(":")[1], s = idx && document.getElementById("s-" + idx);
      if (s) { s.classList.toggle("lit", on); first = first || s; }
    });
    if (scroll && first) first.scrollIntoView({behavior: "smooth", block: "center"});
  }
  ["mouseover", "focusin"].forEach(function (t) {
    document.addEventListener(t, function (e) { var el = e.target.closest("[data-cites]"); if (el) light(el, true, false); });
  });
  ["mouseout", "focusout"].forEach(function (t) {
    document.addEventListener(t, function (e) { var el = e.target.closest("[data-cites]"); if (el && !el.classList.contains("pinned")) light(el, false, false); });
  });
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-cites]");
    if (!el || e.target.closest("a")) return;
    document.querySelectorAll("[data-cites].pinned").forEach(function (p) { if (p !== el) { p.classList.remove("pinned"); light(p, false, false); } });
    el.classList.toggle("pinned");
    light(el, el.classList.contains("pinned"), true);
  });
  /* A cited sentence linked from elsewhere (#s-12) is highlighted on arrival. */
  if (/^#s-\d+$/.test(location.hash)) { var s = document.querySelector(location.hash); if (s) s.classList.add("lit"); }
})();
