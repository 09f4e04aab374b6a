/* Calendar and post-list filters: channel, campaign and status, with no server.
 * The choice lives in the page's query string, and every link marked data-smm-keep
 * carries it, so moving between months keeps the filter. Without JavaScript the
 * filter form stays hidden and deferred parts (cards, lists) say they need it. Post text reaches this script only as
 * markup the generator escaped (see stamp). */
(function () {
  "use strict";
  var KEYS = ["channel", "campaign", "status"];

  function current() {
    var q = new URLSearchParams(window.location.search), f = {};
    KEYS.forEach(function (k) { f[k] = q.get(k) || ""; });
    return f;
  }

  function query(f) {
    var q = new URLSearchParams();
    KEYS.forEach(function (k) { if (f[k]) { q.set(k, f[k]); } });
    var s = q.toString();
    return s ? "?" + s : "";
  }

  function matches(el, f) {
    var chans = (el.getAttribute("data-channels") || "").split(" ");
    var stats = (el.getAttribute("data-statuses") || "").split(" ");
    return (!f.channel || chans.indexOf(f.channel) >= 0) &&
      (!f.campaign || el.getAttribute("data-campaign") === f.campaign) &&
      (!f.status || stats.indexOf(f.status) >= 0);
  }

  function apply(root, f) {
    var shown = 0, total = 0;
    root.querySelectorAll("[data-smm-item]").forEach(function (el) {
      var ok = matches(el, f);
      el.hidden = !ok;
      total += 1;
      if (ok) { shown += 1; }
    });
    root.querySelectorAll("[data-smm-week]").forEach(function (w) {
      w.hidden = !w.querySelector("[data-smm-item]:not([hidden])");
    });
    var out = root.querySelector("[data-smm-count]");
    if (out) {
      out.textContent = (f.channel || f.campaign || f.status) ? shown + " of " + total + " shown" : "";
    }
    var q = query(f);
    document.querySelectorAll("a[data-smm-keep]").forEach(function (a) {
      var base = a.getAttribute("href").split("?")[0];
      a.setAttribute("href", base + q);
    });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + q + window.location.hash);
    }
  }

  // Markup the generator deferred to the browser (smm/site/env.py `deferred`): put it
  // in place first, so the filters below see every item.
  function stamp() {
    document.querySelectorAll("script[type='text/html'][data-smm-html]").forEach(function (s) {
      var t = document.createElement("template");
      t.innerHTML = s.textContent;
      s.replaceWith(t.content);
    });
  }

  function init() {
    stamp();
    var f = current();
    document.querySelectorAll("[data-smm-calendar]").forEach(function (root) {
      var form = root.querySelector("[data-smm-filters]");
      if (!form) { return; }
      KEYS.forEach(function (k) {
        var sel = form.elements.namedItem(k);
        if (!sel) { return; }
        if (f[k] && !sel.querySelector("option[value='" + CSS.escape(f[k]) + "']")) { f[k] = ""; }
        sel.value = f[k];
        sel.addEventListener("change", function () { f[k] = sel.value; apply(root, f); });
      });
      form.addEventListener("submit", function (ev) { ev.preventDefault(); });
      form.hidden = false;
      apply(root, f);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
