/* Behaviour of Xinyong's own pages, loaded once in the head of every page.
 *
 * The Content-Security-Policy allows scripts from this site only (no inline code), so
 * pages declare what they need with data attributes and this file does it:
 *   select[data-xy-autosubmit]        submits its form when changed (language switch)
 *   form[data-xy-progress]            disables its button and shows its .xy-progress
 *   [data-xy-reload-after="ms"]       reloads the page after ms while it is shown
 *   a.xy-export                       downloads with a progress note (.xy-export-progress)
 *   script#xy-sla-charts (JSON)       draws the SLA dashboard's Plotly charts
 * viewflow navigates with Turbo, so page work runs on every "turbo:load" and the
 * handlers are delegated from the document.
 */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-xy-autosubmit]")) {
      event.target.form.submit();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-xy-progress]")) return;
    var button = form.querySelector("button[type=submit]");
    var progress = form.querySelector(".xy-progress");
    if (button) button.disabled = true;
    if (progress) progress.hidden = false;
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.xy-export");
    if (!link || !window.fetch || !window.URL || !URL.createObjectURL) return;
    event.preventDefault();
    var status = document.querySelector(".xy-export-progress");
    if (status) status.hidden = false;
    fetch(link.href, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      var name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
      return response.blob().then(function (blob) {
        var save = document.createElement("a");
        save.href = URL.createObjectURL(blob);
        save.download = name ? name[1] : "export";
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(function () { URL.revokeObjectURL(save.href); }, 60000);
      });
    }).catch(function () { window.location.href = link.href; })
      .finally(function () { if (status) status.hidden = true; });
  });

  function scheduleReload() {
    var marker = document.querySelector("[data-xy-reload-after]");
    if (!marker) return;
    setTimeout(function () {
      if (document.body.contains(marker)) window.location.reload();
    }, parseInt(marker.getAttribute("data-xy-reload-after"), 10) || 2000);
  }

  function drawCharts() {
    var source = document.getElementById("xy-sla-charts");
    if (!source) return;
    if (!window.Plotly) { setTimeout(drawCharts, 50); return; }
    var specs = JSON.parse(source.textContent);
    Object.keys(specs).forEach(function (name) {
      var el = document.getElementById("xy-chart-" + name);
      if (!el || el.getAttribute("data-xy-drawn")) return;
      el.setAttribute("data-xy-drawn", "1");
      var layout = Object.assign({}, specs[name].layout, {width: el.clientWidth});
      Plotly.newPlot(el, specs[name].data, layout, {displaylogo: false}).then(function () {
        el.on("plotly_click", function (event) {
          var url = event.points && event.points[0] && event.points[0].customdata;
          if (url) window.location.href = url;
        });
        // The page's drawer settles after the first paint: follow the card's width
        // (once drawn, and while the chart is still on the page).
        var observer = new ResizeObserver(function () {
          if (!el.isConnected) { observer.disconnect(); return; }
          if (el._fullLayout && el._fullLayout.width !== el.clientWidth) {
            Plotly.relayout(el, {width: el.clientWidth});
          }
        });
        observer.observe(el);
      });
    });
  }

  function pageLoaded() {
    scheduleReload();
    drawCharts();
  }

  if (window.Turbo) {
    document.addEventListener("turbo:load", pageLoaded);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", pageLoaded);
  } else {
    pageLoaded();
  }
})();
