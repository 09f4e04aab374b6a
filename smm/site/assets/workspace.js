/* The team site's brand filter: which brands' posts the cross-brand calendar and the
 * week at a glance show. The choice lives in the query string (?brand=a,b) and every
 * link marked data-smm-ws-keep carries it, so moving between months keeps it. Without
 * JavaScript the form stays hidden and every brand shows. */
(function () {
  "use strict";

  function chosen(form) {
    var all = [], on = [];
    form.querySelectorAll("input[name=brand]").forEach(function (box) {
      all.push(box.value);
      if (box.checked) { on.push(box.value); }
    });
    return { all: all, on: on };
  }

  function apply(form) {
    var c = chosen(form), shown = 0, total = 0;
    document.querySelectorAll("[data-smm-brand]").forEach(function (el) {
      var ok = c.on.indexOf(el.getAttribute("data-smm-brand")) >= 0;
      el.hidden = !ok;
      total += 1;
      if (ok) { shown += 1; }
    });
    var out = form.querySelector("[data-smm-ws-count]");
    if (out) { out.textContent = c.on.length < c.all.length ? shown + " of " + total + " shown" : ""; }
    var q = c.on.length < c.all.length ? "?brand=" + c.on.map(encodeURIComponent).join(",") : "";
    document.querySelectorAll("a[data-smm-ws-keep]").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").split("?")[0] + q);
    });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + q + window.location.hash);
    }
  }

  function init() {
    var form = document.querySelector("[data-smm-ws-filter]");
    if (!form) { return; }
    var wanted = new URLSearchParams(window.location.search).get("brand");
    if (wanted !== null) {
      var keys = wanted.split(",");
      form.querySelectorAll("input[name=brand]").forEach(function (box) {
        box.checked = keys.indexOf(box.value) >= 0;
      });
    }
    form.hidden = false;
    form.addEventListener("change", function () { apply(form); });
    apply(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
