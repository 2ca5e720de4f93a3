/* Broadsheet's page behaviour on top of htmx (vendored: static/web/htmx-2.0.11.min.js, 0BSD):
   readable errors in fragments, citation highlighting, the sidebar, keyboard shortcuts,
   thumbnails, "mark read up to here" and marking read on scroll. */
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
  /* Thumbnails are decorative: one that fails to load goes (before or after this script ran). */
  function dropThumb(img) { img.hidden = true; }
  document.addEventListener("error", function (e) {
    if (e.target && e.target.classList && e.target.classList.contains("thumb")) dropThumb(e.target);
  }, true);
  document.querySelectorAll("img.thumb").forEach(function (img) {
    if (img.complete && img.currentSrc && !img.naturalWidth) dropThumb(img);
  });
  /* Lists ([data-list]: rows [data-id]) mark rows read from the top down to one ("mark read up to
     here", also M) and, when the reader turned it on ([data-scroll-read]), as they scroll off the
     top. Both post to one endpoint that checks the ids against the list (form #upto holds it). */
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("[data-list] [data-id]")); }
  function setRead(el, read) {
    el.setAttribute("data-read", read ? "1" : "0");
    if (el.hasAttribute("data-entry")) { showState(el); return; }
    el.classList.toggle("read", read);
    var state = el.querySelector(".state");
    if (state) state.textContent = read ? " · read" : "";
  }
  function flash(text, error) {
    var main = document.getElementById("main"); if (!main) return;
    var p = document.getElementById("js-flash") || document.createElement("p");
    p.id = "js-flash"; p.className = "flash" + (error ? " error" : ""); p.setAttribute("role", "status");
    p.textContent = text;
    main.insertBefore(p, main.firstChild);
  }
  function markRows(list, target, was) {
    var form = document.getElementById("upto");
    if (!form || !list.length) return Promise.resolve(null);
    var body = new URLSearchParams(new FormData(form));
    body.set("ids", list.map(function (el) { return el.getAttribute("data-id"); }).join(","));
    if (target) body.set("to", target.getAttribute("data-id")); else body.delete("to");
    was = was || list.filter(function (el) { return el.getAttribute("data-read") !== "1"; });
    was.forEach(function (el) { setRead(el, true); });
    return fetch(form.action, {method: "POST", body: body, credentials: "same-origin",
                               headers: {"Accept": "application/json"}, keepalive: true})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) {
          if (!r.ok || !data.message) throw new Error(data.error || "Nothing marked (HTTP " + r.status + "); reload the page and try again.");
          return data;
        });
      })
      .catch(function (err) { was.forEach(function (el) { setRead(el, false); }); flash(err.message || "That did not work; try again.", true); return null; });
  }
  function upTo(target) {
    var all = rows(), i = all.indexOf(target);
    if (i < 0) return;
    markRows(all.slice(0, i + 1), target).then(function (data) { if (data) flash(data.message, false); });
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest("button.upto");
    if (!b || !document.getElementById("upto")) return;
    var row = b.closest("[data-id]");
    if (!row) return;
    e.preventDefault();
    upTo(row);
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key !== "M" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (help && help.open) return;
    var el = current();
    if (el && document.getElementById("upto")) { e.preventDefault(); upTo(el); }
  });
  var scrolling = document.querySelector("[data-scroll-read]");
  if (scrolling && "IntersectionObserver" in window) {
    var queue = [], timer = null, BATCH = 25, WAIT = 800;
    var flush = function () {
      clearTimeout(timer); timer = null;
      var batch = queue.splice(0, queue.length);
      for (var i = 0; i < batch.length; i += BATCH) markRows(batch.slice(i, i + BATCH), null, batch.slice(i, i + BATCH));
    };
    /* Any change in which rows show looks at every unread row: one that went past the top in a
       single jump (a fast wheel, the End key) never crossed the screen, so had no change of its own. */
    var seen = new IntersectionObserver(function () {
      rows().forEach(function (el) {
        if (el.getAttribute("data-read") === "1" || el.getBoundingClientRect().bottom > 0) return;
        seen.unobserve(el);
        setRead(el, true); queue.push(el);  /* read style at once; the post follows in a batch */
      });
      if (queue.length >= BATCH) flush(); else if (queue.length && !timer) timer = setTimeout(flush, WAIT);
    });
    var watch = function (root) {
      (root.matches && root.matches("[data-list] [data-id]") ? [root] : [])
        .concat(Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll("[data-list] [data-id]") : []))
        .forEach(function (el) { if (el.getAttribute("data-read") !== "1") seen.observe(el); });
    };
    watch(document);
    document.addEventListener("htmx:load", function (e) { watch(e.detail.elt); });  /* rows htmx added */
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flush(); });
  }
  /* A cited sentence linked from elsewhere (#s-12) is highlighted on arrival. */
  if (/^#s-\d+$/.test(location.hash)) { var s = document.querySelector(location.hash); if (s) s.classList.add("lit"); }
})();
