/* Broadsheet's page behaviour on top of htmx (vendored: static/web/htmx-2.0.11.min.js, 0BSD):
   readable errors in fragments, citation highlighting, the sidebar and keyboard shortcuts. */
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
  /* The sidebar of feeds is open on wide screens and folded on phones. */
  var side = document.getElementById("sidebar");
  if (side && window.matchMedia && window.matchMedia("(max-width: 800px)").matches) side.open = false;
  /* Buttons that delete or unsubscribe ask first. */
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-confirm]");
    if (b && !window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
  });
  /* Keyboard shortcuts, as in Miniflux: j/k move, o/Enter open, v original, m read, s save,
     r reload, g h front page, g u unread, g f feeds, ? this list. Never while typing. */
  var help = document.getElementById("shortcuts");
  function entries() { return Array.prototype.slice.call(document.querySelectorAll("[data-entry]")); }
  function current() { return document.querySelector("[data-entry].current"); }
  function select(el) {
    var was = current();
    if (was) was.classList.remove("current");
    if (!el) return;
    el.classList.add("current");
    el.scrollIntoView({block: "nearest"});
    var link = el.querySelector("h2 a"); if (link) link.focus({preventScroll: true});
  }
  function move(step) {
    var all = entries(); if (!all.length) return;
    var i = all.indexOf(current());
    select(all[Math.max(0, Math.min(all.length - 1, i < 0 ? 0 : i + step))]);
  }
  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function post(url, data) {
    var body = new URLSearchParams(data); body.append("csrfmiddlewaretoken", csrf());
    return fetch(url, {method: "POST", body: body, credentials: "same-origin", redirect: "manual"});
  }
  function showState(el) {
    var read = el.getAttribute("data-read") === "1", saved = el.getAttribute("data-saved") === "1";
    el.classList.toggle("read", read);
    var state = el.querySelector(".state");
    if (state) state.textContent = (saved ? " · ★ saved" : "") + (read ? "" : " · unread");
  }
  function toggle(el, attr, path, field) {
    var on = el.getAttribute(attr) !== "1", data = {}; data[field] = on ? "1" : "0";
    el.setAttribute(attr, on ? "1" : "0"); showState(el);
    post("/articles/" + el.getAttribute("data-id") + path, data).catch(function () {
      el.setAttribute(attr, on ? "0" : "1"); showState(el);
    });
  }
  var pendingG = false;
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (help && help.open) { if (e.key === "Escape") help.close(); return; }
    var el = current(), k = e.key;
    if (pendingG) {
      pendingG = false;
      var go = {h: "/", u: "/unread/", f: "/feeds/"}[k];
      if (go) { e.preventDefault(); location.href = go; }
      return;
    }
    if (k === "g") { pendingG = true; return; }
    if (k === "j") { e.preventDefault(); move(1); }
    else if (k === "k") { e.preventDefault(); move(-1); }
    else if (k === "Enter" && t && t.closest("a, button, summary") && !t.closest("[data-entry]")) return;
    else if ((k === "o" || k === "Enter") && el) { e.preventDefault(); location.href = el.getAttribute("data-open"); }
    else if (k === "v" && el && el.getAttribute("data-original")) {
      e.preventDefault(); window.open(el.getAttribute("data-original"), "_blank", "noopener");
      el.setAttribute("data-read", "0"); toggle(el, "data-read", "/read", "read");
    }
    else if (k === "m" && el) { e.preventDefault(); toggle(el, "data-read", "/read", "read"); }
    else if (k === "s" && el) { e.preventDefault(); toggle(el, "data-saved", "/save", "saved"); }
    else if (k === "r") { e.preventDefault(); location.reload(); }
    else if (k === "?" && help) { e.preventDefault(); help.showModal(); }
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-shortcuts]");
    if (b && help) help.showModal();
  });
  /* A cited sentence linked from elsewhere (#s-12) is highlighted on arrival. */
  if (/^#s-\d+$/.test(location.hash)) { var s = document.querySelector(location.hash); if (s) s.classList.add("lit"); }
})();
