// Linka agent panel: the clerk's extension and agent state, the calls at
// the extension (from the WebSocket /api/v1/events, resynced over REST),
// call control, the screen pop with a draft that survives a reload, a lost
// connection and a transfer, and the wrap-up after each call.
"use strict";

(function () {
  var root = document.getElementById("ap");
  if (!root) {
    return;
  }
  var M = JSON.parse(document.getElementById("ap-msgs").textContent || "{}");
  var csrf = root.dataset.csrf;
  var lang = root.dataset.lang;
  var $ = function (id) { return document.getElementById(id); };
  var t = function (k) { return M[k] || k; };

  var me = null;          // GET /api/v1/panel
  var calls = new Map();  // Linka call id -> call as in GET /api/v1/calls
  var contexts = new Map(); // call id -> {contacts, cases, recent}
  var popped = new Set(); // call ids (bound) whose form was popped
  var answeredHere = new Set(); // calls connected at my extension
  var ended = new Set();  // calls the stream reported ended: a resync answer older than that event must not bring them back
  var pop = null;         // {callId, key, caller, contacts}
  var wrap = null;        // {callId, started, caseNumber, disposition}
  var transferCall = null;
  var lastSeq = 0;
  var saveTimer = 0;

  // ---- HTTP ----
  function api(method, path, body) {
    var opts = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    if (method !== "GET") {
      opts.headers["X-CSRF-Token"] = csrf;
    }
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) {
      if (r.status === 204) {
        return null;
      }
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          var e = new Error((data.error && data.error.message) || r.statusText);
          e.status = r.status;
          e.code = data.error && data.error.code;
          throw e;
        }
        return data;
      });
    });
  }

  // showError shows what failed; a refusal of the PBX (a call or agent
  // command) says so.
  function showError(err, pbx) {
    var el = $("ap-error");
    el.textContent = err ? ((pbx ? t("refused") + " " : "") + (err.message || err)) : "";
    el.hidden = !err;
  }
  function pbxError(err) { showError(err, true); }

  // ---- agent state ----
  var agentLabels = {
    unknown: "agent_unknown", logged_out: "agent_logged_out", logged_in: "agent_logged_in",
    ready: "agent_ready", not_ready: "agent_not_ready", working_after_call: "agent_acw"
  };

  function reasonName(code) {
    var r = (me.reasons || []).find(function (x) { return x.code === code; });
    return r ? (lang === "en" ? r.name_en : r.name_cs) : code;
  }

  function renderAgent() {
    var a = me.agent || { state: "unknown" };
    var text = t(agentLabels[a.state] || "agent_unknown");
    if (a.state === "not_ready" && a.reason) {
      text += " – " + reasonName(a.reason);
    }
    $("ap-state").textContent = text;
    $("ap-state").className = "ap-state ap-agent-" + a.state;
    var sel = $("ap-state-select");
    sel.textContent = "";
    var opts = [["", t("change_state")], ["login", t("do_login")], ["ready", t("do_ready")]];
    (me.reasons || []).forEach(function (r) {
      opts.push(["not_ready:" + r.code, t("do_not_ready") + " – " + (lang === "en" ? r.name_en : r.name_cs)]);
    });
    opts.push(["not_ready:", t("do_not_ready")], ["logout", t("do_logout")]);
    opts.forEach(function (o) {
      var op = document.createElement("option");
      op.value = o[0];
      op.textContent = o[1];
      sel.appendChild(op);
    });
    sel.disabled = !me.extension;
  }

  $("ap-state-select").addEventListener("change", function (ev) {
    var v = ev.target.value;
    if (!v) {
      return;
    }
    var parts = v.split(":");
    api("POST", "/api/v1/panel/agent", { state: parts[0], reason: parts[1] || "" }).then(function (a) {
      me.agent = a;
      showError(null);
      renderAgent();
    }, pbxError).then(function () { ev.target.value = ""; });
  });

  // ---- calls ----
  function myParty(c) {
    return (c.extensions || []).find(function (p) { return p.extension === me.extension; });
  }

  function boundId(c) {
    return c.consultation_of || c.id;
  }

  function button(label, cls, fn) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.className = "small " + (cls || "");
    b.addEventListener("click", fn);
    return b;
  }

  function command(c, what, body) {
    return api("POST", "/api/v1/calls/" + encodeURIComponent(c.id) + "/" + what, body).then(function (r) {
      showError(null);
      return r;
    }, function (err) { pbxError(err); throw err; });
  }

  function renderCalls() {
    var ul = $("ap-calls");
    ul.textContent = "";
    calls.forEach(function (c) {
      var p = myParty(c);
      if (!p) {
        return;
      }
      var li = document.createElement("li");
      li.className = "ap-call ap-call-" + p.state;
      li.dataset.call = c.id;
      var head = document.createElement("div");
      head.className = "ap-call-head";
      var who = document.createElement("strong");
      who.className = "ap-caller";
      // The other side: the called number when this extension placed the call.
      var number = c.caller === me.extension || (c.direction === "outgoing" && !c.caller) ? c.called : c.caller;
      if (c.direction === "outgoing") {
        number = c.called;
      }
      who.textContent = number || t("withheld");
      head.appendChild(who);
      var st = document.createElement("span");
      st.className = "ap-call-state";
      st.textContent = t("conn_" + p.state);
      head.appendChild(st);
      var ctx = contexts.get(c.id);
      if (ctx && ctx.contacts && ctx.contacts.length) {
        var name = document.createElement("span");
        name.className = "ap-contact";
        name.textContent = ctx.contacts.map(function (x) { return x.display_name; }).join(", ");
        head.appendChild(name);
      } else if (ctx) {
        var unk = document.createElement("span");
        unk.className = "ap-contact";
        unk.textContent = t("unknown_caller");
        head.appendChild(unk);
      }
      li.appendChild(head);
      li.appendChild(callButtons(c, p));
      if (ctx && p.state === "alerting") {
        li.appendChild(contextBlock(ctx));
      }
      ul.appendChild(li);
    });
  }

  function callButtons(c, p) {
    var box = document.createElement("div");
    box.className = "ap-buttons";
    if (p.state === "alerting") {
      var ans = button(t("answer"), "ap-answer", function () { command(c, "answer"); });
      ans.setAttribute("aria-keyshortcuts", "Alt+Shift+A");
      box.appendChild(ans);
    }
    if (p.state === "connected") {
      box.appendChild(button(t("hold"), "", function () { command(c, "hold"); }));
      box.appendChild(button(t("transfer"), "", function () { openTransfer(c); }));
      if (!c.consultation_of) {
        box.appendChild(button(t("open_form"), "", function () { openPop(c); }));
      }
    }
    if (p.state === "held") {
      box.appendChild(button(t("retrieve"), "", function () { command(c, "retrieve"); }));
      if (hasConsultation(c)) {
        box.appendChild(button(t("complete_transfer"), "ap-complete", function () {
          flushDraft().then(function () { return command(c, "transfer", { mode: "complete" }); });
        }));
      }
    }
    var hang = button(t("hangup"), "danger ap-hangup", function () { command(c, "hangup"); });
    hang.setAttribute("aria-keyshortcuts", "Alt+Shift+Z");
    box.appendChild(hang);
    return box;
  }

  function hasConsultation(c) {
    var found = false;
    calls.forEach(function (x) { found = found || x.consultation_of === c.id; });
    return found;
  }

  function contextBlock(ctx) {
    var div = document.createElement("div");
    div.className = "ap-context";
    var list = function (title, items, fmt) {
      var h = document.createElement("h4");
      h.textContent = title;
      div.appendChild(h);
      if (!items.length) {
        var p = document.createElement("p");
        p.className = "hint";
        p.textContent = t("none");
        div.appendChild(p);
        return;
      }
      var ul = document.createElement("ul");
      items.forEach(function (x) { ul.appendChild(fmt(x)); });
      div.appendChild(ul);
    };
    list(t("cases"), ctx.cases || [], function (c) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/cases/" + encodeURIComponent(c.number);
      a.textContent = c.number + " – " + c.subject;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" (" + (M["state_" + c.state] || c.state) + ")"));
      return li;
    });
    list(t("recent_calls"), ctx.recent || [], function (c) {
      var li = document.createElement("li");
      li.textContent = when(c.started_at) + " – " + (c.missed ? t("missed") : t("end_" + (c.end_reason || "completed")));
      return li;
    });
    return div;
  }

  function when(iso) {
    if (!iso) {
      return "";
    }
    return new Date(iso).toLocaleString(lang === "en" ? "en-GB" : "cs-CZ", { dateStyle: "short", timeStyle: "short" });
  }

  // loadContext fetches the matched contacts, their cases and recent calls.
  function loadContext(c) {
    if (contexts.has(c.id)) {
      return;
    }
    contexts.set(c.id, null);
    api("GET", "/api/v1/calls/" + encodeURIComponent(c.id)).then(function (full) {
      var ctx = { contacts: full.contacts || [], cases: [], recent: [] };
      contexts.set(c.id, ctx);
      renderCalls();
      var jobs = ctx.contacts.slice(0, 3).map(function (k) {
        return api("GET", "/api/v1/contacts/" + k.id + "/cases?limit=5").then(function (r) {
          ctx.cases = ctx.cases.concat(r.items || []);
        }, function () {});
      });
      if (c.caller) {
        jobs.push(api("GET", "/api/v1/calllog?limit=5&number=" + encodeURIComponent(c.caller)).then(function (r) {
          ctx.recent = (r.items || []).filter(function (x) { return x.id !== c.id; });
        }, function () {}));
      }
      return Promise.all(jobs).then(renderCalls);
    }, function () { contexts.delete(c.id); });
  }

  // ---- events ----
  function onEvent(ev) {
    if (ev.seq && lastSeq && ev.seq <= lastSeq) {
      return;
    }
    lastSeq = ev.seq || lastSeq;
    var type = ev.type || "";
    if (type.indexOf("call.") === 0) {
      onCallEvent(type, ev.data);
    } else if (type === "agent.state" && ev.data.extension === me.extension) {
      api("GET", "/api/v1/panel").then(function (p) { me.agent = p.agent; renderAgent(); }, function () {});
    } else if (type.indexOf("link.") === 0) {
      $("ap-conn").textContent = type === "link.down" ? t("pbx_down") : "";
    } else if (type === "case.created" || type === "case.updated") {
      announce(t(type === "case.created" ? "case_created" : "case_updated") + " " + ev.data.number);
    }
  }

  function onCallEvent(type, d) {
    var c = d.call;
    var was = calls.get(c.id);
    var wasMine = was && myParty(was);
    if (type === "call.ended") {
      ended.add(c.id);
    }
    if (type === "call.ended" || !myParty(c)) {
      calls.delete(c.id);
      if (answeredHere.has(c.id)) {
        answeredHere.delete(c.id);
        callLeft(c, type);
      }
    } else {
      calls.set(c.id, c);
    }
    var p = myParty(c);
    if (p && p.state === "alerting") {
      loadContext(c);
    }
    if (p && p.state === "connected") {
      answeredHere.add(c.id);
      var answeredNow = type === "call.answered" && d.extension === me.extension;
      var arrived = type === "call.transferred" && !wasMine;
      if ((answeredNow || arrived) && !popped.has(boundId(c)) && !initiatedHere(c)) {
        openPop(c);
      }
    }
    renderCalls();
  }

  // initiatedHere: a consultation call this extension placed is no pop.
  function initiatedHere(c) {
    return c.consultation_of && calls.has(c.consultation_of) && myParty(calls.get(c.consultation_of));
  }

  // callLeft: a call answered here ended or moved away: wrap-up, and a
  // draft of a transferred call is handed over through the server.
  function callLeft(c, type) {
    if (c.consultation_of) {
      return;
    }
    if (pop && pop.callId === c.id && type !== "call.ended") {
      // Transferred away: the draft went to the server before the
      // transfer and continues with the colleague who answers.
      localStorage.removeItem(pop.key);
      closePop();
      renderDrafts();
    }
    startWrapUp(c);
  }

  function announce(text) {
    var el = $("ap-conn");
    el.textContent = text;
    setTimeout(function () { if (el.textContent === text) { el.textContent = ""; } }, 8000);
  }

  var backoff = 500;
  function connect() {
    var proto = location.protocol === "https:" ? "wss:" : "ws:";
    var ws = new WebSocket(proto + "//" + location.host + "/api/v1/events");
    ws.onopen = function () {
      backoff = 500;
      $("ap-conn").textContent = "";
      root.dataset.live = "1";
      resync();
    };
    ws.onmessage = function (m) {
      try { onEvent(JSON.parse(m.data)); } catch (e) { /* a malformed frame is skipped */ }
    };
    ws.onclose = function (ev) {
      root.dataset.live = "";
      if (ev.code === 4001) {
        $("ap-conn").textContent = t("signed_out");
        return;
      }
      $("ap-conn").textContent = t("reconnecting");
      setTimeout(connect, backoff + Math.random() * backoff);
      backoff = Math.min(backoff * 2, 30000);
    };
  }

  // resync reloads the calls and the agent state over REST.
  function resync() {
    api("GET", "/api/v1/panel").then(function (p) { me = p; renderAgent(); renderDisp(); }, function () {});
    if (!me.extension) {
      return;
    }
    api("GET", "/api/v1/calls").then(function (r) {
      calls.clear();
      (r.items || []).forEach(function (c) {
        if (ended.has(c.id)) {
          return;
        }
        calls.set(c.id, c);
        var p = myParty(c);
        if (p && p.state === "connected") {
          answeredHere.add(c.id);
          if (!c.consultation_of && localStorage.getItem(draftKey(c.id)) && !pop) {
            openPop(c);
          }
        }
        if (p && p.state === "alerting") {
          loadContext(c);
        }
      });
      renderCalls();
    }, function (err) { showError(err); });
  }

  // ---- dial and click-to-call ----
  function dial(number) {
    return api("POST", "/api/v1/calls", { number: number }).then(function () { showError(null); }, pbxError);
  }

  $("ap-dial").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var n = $("ap-dial-number").value.trim();
    if (n) {
      dial(n).then(function () { $("ap-dial-number").value = ""; });
    }
  });

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href^='tel:']");
    if (!a || !me || !me.extension || ev.ctrlKey || ev.metaKey) {
      return;
    }
    ev.preventDefault();
    dial(decodeURIComponent(a.getAttribute("href").slice(4)));
  });

  // Keyboard: Alt+Shift+A answers the ringing call, Alt+Shift+Z hangs up
  // the first call, Alt+Shift+D goes to the number to dial.
  $("ap-dial-number").setAttribute("aria-keyshortcuts", "Alt+Shift+D");
  document.addEventListener("keydown", function (ev) {
    if (!ev.altKey || !ev.shiftKey) {
      return;
    }
    var target = { KeyA: "#ap-calls .ap-answer", KeyZ: "#ap-calls .ap-hangup", KeyD: "#ap-dial-number" }[ev.code];
    var el = target && document.querySelector(target);
    if (el) {
      ev.preventDefault();
      if (el.tagName === "INPUT") {
        el.focus();
      } else {
        el.click();
      }
    }
  });

  // ---- transfer ----
  function openTransfer(c) {
    transferCall = c;
    flushDraft();
    $("ap-transfer-error").hidden = true;
    $("ap-transfer-number").value = "";
    loadColleagues();
    $("ap-transfer").showModal();
    var first = $("ap-colleagues").querySelector("input") || $("ap-transfer-number");
    first.focus();
  }

  function loadColleagues() {
    var ul = $("ap-colleagues");
    return api("GET", "/api/v1/extensions").then(function (r) {
      var checked = ul.querySelector("input:checked");
      var keep = checked ? checked.value : "";
      ul.textContent = "";
      (r.items || []).filter(function (d) {
        return d.kind === "extension" && d.user_name && d.number !== me.extension;
      }).forEach(function (d) {
        var li = document.createElement("li");
        var id = "ap-col-" + d.number;
        var input = document.createElement("input");
        input.type = "radio";
        input.name = "colleague";
        input.id = id;
        input.value = d.number;
        input.checked = d.number === keep;
        var label = document.createElement("label");
        label.htmlFor = id;
        var agent = d.agent && d.agent.state ? " · " + t(agentLabels[d.agent.state] || "agent_unknown") : "";
        label.textContent = d.user_name + " (" + d.number + ") – " + t("dev_" + d.state) + agent;
        li.className = "ap-presence-" + d.state;
        li.appendChild(input);
        li.appendChild(label);
        ul.appendChild(li);
      });
    }, function (err) { $("ap-transfer-error").textContent = err.message; $("ap-transfer-error").hidden = false; });
  }

  setInterval(function () {
    if ($("ap-transfer").open) {
      loadColleagues();
    }
  }, 3000);

  function transferTarget() {
    var n = $("ap-transfer-number").value.trim();
    var checked = $("ap-colleagues").querySelector("input:checked");
    return n || (checked ? checked.value : "");
  }

  function doTransfer(mode) {
    var to = transferTarget();
    var err = $("ap-transfer-error");
    if (!to) {
      err.textContent = t("pick_target");
      err.hidden = false;
      return;
    }
    flushDraft().then(function () {
      return command(transferCall, "transfer", { mode: mode, to: to });
    }).then(function () { $("ap-transfer").close(); }, function (e) {
      err.textContent = t("refused") + " " + e.message;
      err.hidden = false;
    });
  }
  $("ap-consult").addEventListener("click", function () { doTransfer("consult"); });
  $("ap-blind").addEventListener("click", function () { doTransfer("blind"); });
  $("ap-transfer-cancel").addEventListener("click", function () { $("ap-transfer").close(); });

  // ---- screen pop and drafts ----
  var fields = ["received", "caller", "contact", "first", "last", "phone", "email", "subject",
    "description", "department", "notes"];

  function draftKey(callId) {
    return "linka.draft." + me.user_id + "." + callId;
  }

  function localISO(d) {
    var z = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
    return z.toISOString().slice(0, 19);
  }

  function readForm() {
    var f = {};
    fields.forEach(function (n) { f[n] = $("ap-f-" + n).value; });
    return f;
  }

  function fillForm(f) {
    fields.forEach(function (n) {
      if (f[n] !== undefined && f[n] !== null) {
        var el = $("ap-f-" + n);
        if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === f[n]; })) {
          return;
        }
        el.value = f[n];
      }
    });
    $("ap-f-new").hidden = $("ap-f-contact").value !== "new";
  }

  function setOptions(sel, items) {
    sel.textContent = "";
    items.forEach(function (o) {
      var op = document.createElement("option");
      op.value = o[0];
      op.textContent = o[1];
      sel.appendChild(op);
    });
  }

  var departments = null;
  function loadDepartments() {
    if (departments) {
      return Promise.resolve(departments);
    }
    return api("GET", "/api/v1/departments").then(function (r) {
      departments = (r.items || []).filter(function (d) { return d.active !== false; });
      return departments;
    }, function () { return []; });
  }

  // openPop opens the new-case form of call c (or of the draft d of an
  // ended call), filled from the local draft, else the server's draft
  // (a transferred call's), else the call.
  function openPop(c, d) {
    var id = c ? boundId(c) : d.callId;
    popped.add(id);
    var caller = c ? (c.consultation_of ? "" : c.caller) : d.caller;
    pop = { callId: id, key: draftKey(id), caller: caller, formKey: null };
    renderDrafts();
    var local = null;
    try { local = JSON.parse(localStorage.getItem(pop.key) || "null"); } catch (e) { local = null; }
    var contactsP = c ? api("GET", "/api/v1/calls/" + encodeURIComponent(c.consultation_of || c.id))
      .then(function (full) { if (!pop.caller) { pop.caller = full.caller; } return full.contacts || []; }, function () { return []; })
      : Promise.resolve((d && d.contacts) || []);
    var serverP = api("GET", "/api/v1/panel/drafts/" + encodeURIComponent(id)).catch(function () { return null; });
    Promise.all([contactsP, serverP, loadDepartments()]).then(function (res) {
      if (!pop || pop.callId !== id) {
        return;
      }
      pop.contacts = res[0];
      var server = res[1];
      setOptions($("ap-f-department"), [["", "–"]].concat(res[2].map(function (x) { return [String(x.id), x.name]; })));
      var opts = res[0].map(function (k) { return [String(k.id), k.display_name]; });
      opts.push(["new", t("new_contact")], ["", t("anonymous")]);
      setOptions($("ap-f-contact"), opts);
      $("ap-f-caller").value = pop.caller || "";
      $("ap-f-received").value = localISO(new Date());
      $("ap-f-contact").value = res[0].length ? String(res[0][0].id) : "new";
      $("ap-f-phone").value = pop.caller || "";
      ["first", "last", "email", "subject", "description", "notes"].forEach(function (n) { $("ap-f-" + n).value = ""; });
      var base = null;
      if (server && server.form && Object.keys(server.form).length) {
        base = { form: server.form, notes: server.notes, updated: Date.parse(server.updated_at) };
      }
      if (local && (!base || local.updated >= base.updated)) {
        base = local;
      }
      if (base) {
        fillForm(base.form || {});
        $("ap-f-notes").value = base.notes || (base.form && base.form.notes) || "";
        pop.formKey = (base.form && base.form.key) || null;
      }
      pop.formKey = pop.formKey || (id + "-" + Math.random().toString(36).slice(2, 10));
      $("ap-f-new").hidden = $("ap-f-contact").value !== "new";
      $("ap-pop-caller").textContent = pop.caller || "";
      $("ap-pop-error").hidden = true;
      $("ap-pop-status").hidden = true;
      if (!$("ap-pop").open) {
        // Not modal: the clerk keeps the call buttons (hold, transfer).
        $("ap-pop").show();
      }
      $("ap-f-subject").focus();
      saveLocal();
      renderDrafts();
    });
  }

  function draftNow() {
    var f = readForm();
    f.key = pop.formKey;
    return { callId: pop.callId, caller: pop.caller, contacts: pop.contacts || [], form: f,
      notes: f.notes, updated: Date.now() };
  }

  function saveLocal() {
    if (!pop) {
      return;
    }
    try { localStorage.setItem(pop.key, JSON.stringify(draftNow())); } catch (e) { /* storage full */ }
  }

  // flushDraft sends the draft to the server at once (before a transfer).
  function flushDraft() {
    clearTimeout(saveTimer);
    if (!pop) {
      return Promise.resolve();
    }
    var d = draftNow();
    return api("PUT", "/api/v1/panel/drafts/" + encodeURIComponent(pop.callId), { form: d.form, notes: d.notes })
      .catch(function () { /* kept locally; sent again on the next change */ });
  }

  $("ap-pop-form").addEventListener("input", function (ev) {
    if (ev.target.id === "ap-f-contact") {
      $("ap-f-new").hidden = ev.target.value !== "new";
    }
    saveLocal();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(flushDraft, 1000);
  });
  $("ap-pop-form").addEventListener("change", function (ev) {
    if (ev.target.id === "ap-f-contact") {
      $("ap-f-new").hidden = ev.target.value !== "new";
    }
    saveLocal();
  });

  function closePop() {
    clearTimeout(saveTimer);
    pop = null;
    if ($("ap-pop").open) {
      $("ap-pop").close();
    }
  }

  $("ap-pop-close").addEventListener("click", function () {
    saveLocal();
    flushDraft();
    closePop();
    renderDrafts();
  });
  $("ap-pop").addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") {
      ev.preventDefault();
      $("ap-pop-close").click();
    }
  });
  $("ap-pop-discard").addEventListener("click", function () {
    if (!window.confirm(t("discard_confirm"))) {
      return;
    }
    localStorage.removeItem(pop.key);
    api("DELETE", "/api/v1/panel/drafts/" + encodeURIComponent(pop.callId)).catch(function () {});
    closePop();
    renderDrafts();
  });

  function popFailed(err) {
    var el = $("ap-pop-error");
    el.textContent = err.message;
    el.hidden = false;
    el.focus();
  }

  function caseBody() {
    var f = readForm();
    var c = { source: "TEL", subject: f.subject.trim(), description: f.description,
      source_ref: pop.formKey };
    if (f.received) {
      c.received_at = new Date(f.received).toISOString();
    }
    if (f.department) {
      c.department_id = Number(f.department);
    }
    if (f.contact === "new") {
      if (f.first.trim() || f.last.trim() || f.email.trim()) {
        c.submitter = { kind: "person", first_name: f.first.trim(), last_name: f.last.trim(),
          phone: f.phone.trim(), email: f.email.trim() };
      }
    } else if (f.contact) {
      c.submitter_id = Number(f.contact);
    }
    return c;
  }

  $("ap-pop-save").addEventListener("click", function () {
    if (!$("ap-f-subject").value.trim()) {
      $("ap-f-subject").setAttribute("aria-invalid", "true");
      popFailed(new Error(t("subject_required")));
      $("ap-f-subject").focus();
      return;
    }
    $("ap-f-subject").removeAttribute("aria-invalid");
    var p = pop;
    saveLocal();
    api("POST", "/api/v1/panel/cases", { case: caseBody(), call_id: p.callId }).then(function (c) {
      saved(p, c.number, "case_opened");
    }, popFailed);
  });

  $("ap-pop-link").addEventListener("click", function () {
    var n = $("ap-pop-link-number").value.trim();
    if (!n) {
      popFailed(new Error(t("number_required")));
      return;
    }
    var p = pop;
    api("POST", "/api/v1/cases/" + encodeURIComponent(n) + "/calls", { call_id: p.callId }).then(function () {
      saved(p, n, "case_linked");
    }, popFailed);
  });

  function saved(p, number, disposition) {
    localStorage.removeItem(p.key);
    if (wrap && wrap.callId === p.callId) {
      wrap.caseNumber = number;
      $("ap-wrapup-case").value = number;
      $("ap-disposition").value = disposition;
    }
    try {
      localStorage.setItem(caseKey(p.callId), JSON.stringify({ number: number, disposition: disposition }));
    } catch (e) { /* storage full: the clerk types the number */ }
    closePop();
    renderDrafts();
    var a = document.createElement("a");
    a.href = "/cases/" + encodeURIComponent(number);
    a.textContent = t("saved_case") + " " + number;
    var conn = $("ap-conn");
    conn.textContent = "";
    conn.appendChild(a);
  }
  // caseKey keeps the case a call was saved to until its wrap-up, across
  // page loads.
  function caseKey(callId) {
    return "linka.case." + me.user_id + "." + callId;
  }

  // renderDrafts lists the local drafts no open form shows.
  function renderDrafts() {
    var ul = $("ap-drafts-list");
    ul.textContent = "";
    var prefix = "linka.draft." + me.user_id + ".";
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k.indexOf(prefix) !== 0 || (pop && pop.key === k)) {
        continue;
      }
      var d;
      try { d = JSON.parse(localStorage.getItem(k)); } catch (e) { continue; }
      if (!d || !d.callId) {
        continue;
      }
      var li = document.createElement("li");
      li.appendChild(document.createTextNode(((d.form && d.form.subject) || t("no_subject")) + " – " + (d.caller || "") + " "));
      li.appendChild(button(t("open_form"), "", (function (dd) { return function () { openPop(calls.get(dd.callId), dd); }; })(d)));
      ul.appendChild(li);
    }
    $("ap-drafts").hidden = !ul.children.length;
  }

  // ---- wrap-up ----
  function renderDisp() {
    var opts = [["", t("pick_disposition")]].concat((me.dispositions || []).map(function (d) {
      return [d.code, lang === "en" ? d.name_en : d.name_cs];
    }));
    var sel = $("ap-disposition");
    var keep = sel.value;
    setOptions(sel, opts);
    sel.value = keep;
  }

  var acwTick = 0;
  function startWrapUp(c) {
    if (wrap) {
      saveWrapUp(true);
    }
    var done = null;
    try { done = JSON.parse(localStorage.getItem(caseKey(c.id)) || "null"); } catch (e) { done = null; }
    wrap = { callId: c.id, started: new Date(), caseNumber: done ? done.number : "" };
    $("ap-wrapup-call").textContent = c.caller || c.called || "";
    $("ap-wrapup-case").value = wrap.caseNumber;
    $("ap-disposition").value = done ? done.disposition : "";
    $("ap-wrapup-note").value = "";
    $("ap-wrapup").hidden = false;
    clearInterval(acwTick);
    acwTick = setInterval(tickWrapUp, 1000);
    tickWrapUp();
  }

  function tickWrapUp() {
    if (!wrap) {
      return;
    }
    var left = Math.max(0, me.after_call_work - Math.floor((Date.now() - wrap.started) / 1000));
    $("ap-timer").textContent = t("acw") + " " + Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left === 0) {
      saveWrapUp(true);
    }
  }

  // saveWrapUp saves the wrap-up; when the timer ends it (auto) without a
  // disposition picked, the first one of the office's list is used.
  function saveWrapUp(auto) {
    var w = wrap;
    if (!w) {
      return;
    }
    var disp = $("ap-disposition").value;
    if (!disp && auto) {
      disp = (me.dispositions.find(function (d) { return !d.needs_case; }) || me.dispositions[0] || {}).code;
    }
    if (!disp) {
      $("ap-disposition").focus();
      return;
    }
    var caseNo = $("ap-wrapup-case").value.trim();
    var d = me.dispositions.find(function (x) { return x.code === disp; });
    if (auto && d && d.needs_case && !caseNo) {
      disp = (me.dispositions.find(function (x) { return !x.needs_case; }) || {}).code;
    }
    clearInterval(acwTick);
    $("ap-timer").textContent = "";
    api("POST", "/api/v1/panel/wrapups", { call_id: w.callId, disposition: disp, case_number: caseNo,
      note: $("ap-wrapup-note").value, acw_started_at: w.started.toISOString(),
      acw_ended_at: new Date().toISOString() }).then(function () {
      localStorage.removeItem(caseKey(w.callId));
      if (wrap === w) {
        wrap = null;
        $("ap-wrapup").hidden = true;
      }
      showError(null);
      // The PBX's own after-call work (ICD) ends with the wrap-up.
      if (me.agent && me.agent.state === "working_after_call") {
        api("POST", "/api/v1/panel/agent", { state: "ready" }).then(function (a) {
          me.agent = a;
          renderAgent();
        }, pbxError);
      }
    }, function (err) {
      showError(err); // the form stays until the clerk fixes it
      $("ap-disposition").focus();
    });
  }

  $("ap-wrapup-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    saveWrapUp(false);
  });

  // ---- start ----
  api("GET", "/api/v1/panel").then(function (p) {
    me = p;
    root.hidden = false;
    document.body.classList.add("has-ap");
    renderAgent();
    renderDisp();
    renderDrafts();
    if (p.extension) {
      connect();
    }
  }, function () { /* no panel for this user or server */ });
})();
