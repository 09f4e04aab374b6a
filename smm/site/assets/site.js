/* Calendar and post-list filters: channel, campaign and status, with no server.
 * The choice lives in the page's query string, and every link marked data-smm-keep
 * carries it, so moving between months keeps the filter. Everything else on the pages
 * is in their HTML: without JavaScript the filters alone are missing (their form keeps
 * its place, invisible, so nothing moves when this script runs). */
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
    // A day left without a shown post folds away on a phone (site.css); the grid keeps
    // every day in its column.
    root.querySelectorAll("[data-smm-day]").forEach(function (d) {
      d.classList.toggle("smm-day--none", !d.querySelector("[data-smm-item]:not([hidden])"));
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

  function init() {
    // The theme's search dialog has no name of its own (axe: aria-dialog-name).
    document.querySelectorAll(".md-search[role='dialog']:not([aria-label])").forEach(function (d) {
      d.setAttribute("aria-label", "Search");
    });
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
      if (f.channel || f.campaign || f.status) { apply(root, f); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
