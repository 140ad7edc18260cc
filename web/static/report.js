// Linka wallboard (area report): keeps the figures of /wallboard live from
// the "wallboard.update" events of the WebSocket /api/v1/events. After
// (re)connecting it reloads the figures from /api/v1/wallboard, so nothing
// published while it was away is missed. Without JavaScript the page shows
// the figures as of loading.
"use strict";

(function () {
  var board = document.getElementById("wallboard");
  if (!board || !board.dataset.live) {
    return;
  }
  var lang = board.dataset.lang || "cs";
  var state = document.getElementById("wb-state");
  var status = state.parentNode;
  var backoff = 1000;

  function pct(v) {
    if (v < 0) {
      return "—";
    }
    var s = v.toFixed(1);
    return lang === "en" ? s : s.replace(".", ",");
  }

  function text(id) {
    return document.getElementById(id).innerHTML;
  }

  function show(w) {
    var cells = board.querySelectorAll("dd[data-k]");
    for (var i = 0; i < cells.length; i++) {
      var dd = cells[i];
      var v = w[dd.dataset.k];
      if (v === undefined) {
        continue;
      }
      var s = dd.dataset.pct ? pct(v) : String(v);
      if (dd.textContent !== s) {
        dd.textContent = s;
        dd.classList.add("changed");
      } else {
        dd.classList.remove("changed");
      }
    }
    var list = document.getElementById("wb-overdue");
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    (w.overdue_by_department || []).forEach(function (d) {
      var li = document.createElement("li");
      var dep = document.createElement("span");
      dep.className = "dep";
      dep.textContent = d.name || "—";
      var n = document.createElement("strong");
      n.textContent = String(d.count);
      li.appendChild(dep);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(n);
      list.appendChild(li);
    });
    var at = document.getElementById("wb-at");
    var t = new Date(w.at);
    at.setAttribute("datetime", w.at);
    at.textContent = t.toLocaleTimeString(lang === "en" ? "en-GB" : "cs-CZ");
  }

  function reload() {
    fetch("/api/v1/wallboard", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (w) { if (w) { show(w); } })
      .catch(function () {});
  }

  function connect() {
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    var ws = new WebSocket(proto + "//" + location.host + "/api/v1/events");
    ws.onopen = function () {
      backoff = 1000;
      status.classList.remove("offline");
      state.textContent = text("wb-live-text");
      reload();
    };
    ws.onmessage = function (m) {
      var e;
      try {
        e = JSON.parse(m.data);
      } catch (err) {
        return;
      }
      if (e.type === "wallboard.update") {
        show(e.data);
        board.dataset.updates = String(Number(board.dataset.updates || "0") + 1);
      }
    };
    ws.onclose = function () {
      status.classList.add("offline");
      state.textContent = text("wb-offline-text");
      setTimeout(connect, backoff + Math.random() * 500);
      backoff = Math.min(backoff * 2, 30000);
    };
  }

  connect();
})();
