// fixcopy preview: the page an editor works in. Plain JS, no build step.
// The server owns the text: it sends the article cut into segments (so no offsets are
// computed here), applies the decisions for the live preview, and writes the file on Save.
"use strict";

(() => {
  const token = document.querySelector('meta[name="fixcopy-token"]').content;
  const $ = (id) => document.getElementById(id);
  const LINE_BREAK = "⏎";
  const SHORT = 24;  // spans up to this long never wrap inside (so "-based" stays whole)

  let state = null;              // the server's /api/state
  let decisions = new Map();     // item id -> {action: "accept"|"reject"|"edit", text?}
  let selected = 0;
  let editing = null;            // item id whose edit box is open
  let previewSeq = 0;
  let previewTimer = null;

  // -- talking to the server ---------------------------------------------------------------
  async function api(path, body, method) {
    const opts = { method: method || (body === undefined ? "GET" : "POST"), headers: { "X-Fixcopy-Token": token } };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(path, opts);
    const raw = await res.text();
    let data;
    try { data = JSON.parse(raw); } catch (e) { data = { error: raw.trim() || res.statusText }; }
    if (!res.ok) {
      const err = new Error(data.error || res.statusText);
      err.status = res.status;
      err.stale = !!data.stale;
      throw err;
    }
    return data;
  }

  function payload() {
    const list = [];
    for (const [id, d] of decisions) list.push(d.action === "edit" ? { id, action: "edit", text: d.text } : { id, action: d.action });
    return { digest: state.digest, decisions: list };
  }

  // -- small helpers -----------------------------------------------------------------------
  const display = (s) => s.replace(/\r\n|\r/g, "\n");           // CRLF shows as one break
  const changed = (s) => s.replace(/\r\n|\r|\n/g, LINE_BREAK);   // a break inside a change is made visible
  const flat = (s) => s.replace(/\r\n|\r|\n/g, " ");

  // Paragraphs as an editor reads them. A text without blank lines has one paragraph a line
  // (as the checker reads it too): each line break there is drawn with space below it.
  let paragraphPerLine = false;
  function textNodes(s) {
    const text = display(s);
    if (!paragraphPerLine || !text.includes("\n")) return [text];
    const out = [];
    text.split("\n").forEach((part, i) => {
      if (i > 0) out.push(el("span", { class: "pbreak" }));
      if (part) out.push(part);
    });
    return out;
  }

  // Confidence, in the bands an editor acts on: a fix `fix` would apply, a likely garble, a hunch.
  const band = (c) => (c >= 0.8 ? "high" : c >= 0.5 ? "mid" : "low");
  const BAND_LABEL = { high: "", mid: "", low: "low confidence" };

  // A change that is only punctuation or spaces ("." deleted, "," inserted) is drawn boxed and
  // larger, and a space as a visible mark, so that it cannot be missed.
  const PUNCT = /^[\s\p{P}\p{S}]+$/u;
  function marked(tag, text, cls) {
    const small = text !== "" && PUNCT.test(text);
    const shown = small ? text.replace(/ /g, "\u2423") : changed(text);
    return el(tag, { class: [cls || "", small ? "punct" : ""].join(" ").trim() }, shown);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  function statusOf(item) {
    const d = decisions.get(item.id);
    return d ? { accept: "accepted", reject: "rejected", edit: "edited" }[d.action] : "pending";
  }

  // The change as marked-up nodes: the server's word diff, or the editor's own text.
  function changeNodes(item, forArticle) {
    const d = decisions.get(item.id);
    if (d && d.action === "edit") {
      return [item.text ? marked("del", item.text) : null, d.text ? marked("ins", d.text, "edited") : el("span", { class: "caret" }, "∅")];
    }
    if (forArticle && (!d || d.action === "reject")) {
      return [item.text ? display(item.text) : el("span", { class: "caret" }, "‸")];
    }
    return item.diff.map(([op, text]) => {
      if (op === "equal") return changed(text);
      if (op === "delete") return marked("del", text);
      if (op === "insert") return marked("ins", text);
      return el("mark", { class: "flagged" + (text.length <= SHORT ? " short" : "") }, text ? changed(text) : "‸");
    });
  }

  // -- drawing -----------------------------------------------------------------------------
  function renderArticle() {
    const box = $("article");
    box.replaceChildren();
    for (const seg of state.segments) {
      if (seg.item === null) { box.append(...textNodes(seg.text)); continue; }
      const item = state.items[seg.item];
      const cls = ["s", statusOf(item), item.fixable ? "" : "flag", item.text.length <= SHORT ? "short" : "",
                   `conf-${band(item.confidence)}`, item.id === selected ? "selected" : ""].join(" ");
      box.append(el("mark", { class: cls, "data-id": item.id, title: `${item.category}: ${item.message}`,
                             onclick: () => select(item.id, "card") }, ...changeNodes(item, true)));
    }
  }

  function card(item) {
    const status = statusOf(item);
    const d = decisions.get(item.id);
    const conf = band(item.confidence);
    const li = el("li", { class: `card ${status} ${item.fixable ? "" : "flag"} conf-${conf} ${item.id === selected ? "selected" : ""}`,
                          "data-id": item.id, onclick: () => select(item.id, "article") });
    li.append(el("div", { class: "card-head" },
      el("span", { class: "num" }, `${item.id + 1}/${state.items.length}`),
      el("span", { class: "cat" }, item.category),
      el("span", { class: "conf", title: "confidence" }, el("meter", { min: "0", max: "1", low: "0.5", high: "0.8", optimum: "1", value: String(item.confidence) }),
         item.confidence.toFixed(2), BAND_LABEL[conf] ? el("span", { class: "band" }, BAND_LABEL[conf]) : null),
      el("span", { class: "src" }, item.source),
      el("span", { class: "loc" }, `line ${item.line}, col ${item.column}`),
      el("span", { class: "status" }, status === "pending" ? (item.fixable ? "" : "no fix offered") : status)));
    li.append(el("div", { class: "diff" }, el("span", { class: "ctx" }, flat(item.before)), ...changeNodes(item, false),
                 el("span", { class: "ctx" }, flat(item.after))));
    li.append(el("div", { class: "msg" }, item.message));
    if (editing === item.id) {
      const input = el("input", { type: "text", "aria-label": "replacement", spellcheck: "true" });
      input.value = changed(d && d.action === "edit" ? d.text : (item.replacement ?? item.text));
      const done = () => finishEdit(item, input.value);
      input.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") { ev.preventDefault(); done(); }
        else if (ev.key === "Escape") { ev.preventDefault(); editing = null; render(); }
        ev.stopPropagation();
      });
      li.append(el("div", { class: "edit-box", onclick: (ev) => ev.stopPropagation() }, input,
        el("button", { type: "button", class: "apply-edit", onclick: done }, "Apply"),
        el("button", { type: "button", onclick: () => { editing = null; render(); } }, "Cancel")));
      setTimeout(() => { input.focus(); input.select(); }, 0);
    }
    const act = (action) => (ev) => { ev.stopPropagation(); select(item.id); action(); };
    const accept = el("button", { type: "button", class: `accept ${status === "accepted" ? "on" : ""}`, title: "Accept (a)",
                                  onclick: act(() => decide(item.id, "accept")) }, "Accept");
    if (!item.fixable) { accept.disabled = true; accept.title = "No fix offered: edit it or reject it"; }
    li.append(el("div", { class: "actions" }, accept,
      el("button", { type: "button", class: `reject ${status === "rejected" ? "on" : ""}`, title: "Reject (r)",
                     onclick: act(() => decide(item.id, "reject")) }, "Reject"),
      el("button", { type: "button", class: `edit ${status === "edited" ? "on" : ""}`, title: "Edit the replacement (e)",
                     onclick: act(() => startEdit(item.id)) }, "Edit")));
    return li;
  }

  function renderCards() {
    $("cards").replaceChildren(...state.items.map(card));
    $("empty").hidden = state.items.length > 0;
  }

  function renderCounts() {
    const n = { accepted: 0, rejected: 0, edited: 0, pending: 0 };
    for (const item of state.items) n[statusOf(item)] += 1;
    const total = state.items.length;
    $("counts").textContent = `${total} suggestion${total === 1 ? "" : "s"} · ${n.accepted} accepted · ${n.rejected} rejected · ` +
      `${n.edited} edited · ${n.pending} to decide · min confidence ${state.threshold.toFixed(2)}`;
    const changes = n.accepted + n.edited;
    $("save").textContent = changes ? `Save (${changes} change${changes === 1 ? "" : "s"})` : "Save";
    $("accept-all").disabled = $("reject-all").disabled = total === 0;
  }

  function render() {
    renderArticle();
    renderCards();
    renderCounts();
  }

  async function renderPreview() {
    const seq = ++previewSeq;
    try {
      const data = await api("/api/preview", payload());
      if (seq !== previewSeq) return;  // a newer decision is on its way
      const box = $("corrected");
      box.replaceChildren(...data.segments.flatMap((s) => s.changed
        ? [el("ins", { class: "fixed" + (s.item !== null && decisions.get(s.item)?.action === "edit" ? " edited" : "") }, s.text ? display(s.text) : "")]
        : textNodes(s.text)));
      $("preview-summary").textContent = `live preview · ${data.changes} change${data.changes === 1 ? "" : "s"}`;
    } catch (e) {
      if (seq === previewSeq) banner(e.message, true, e.stale);
    }
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(renderPreview, 60);
  }

  function banner(text, isError, offerReload) {
    const b = $("banner");
    b.hidden = !text;
    b.classList.toggle("error", !!isError);
    $("banner-text").textContent = text || "";
    $("reload").hidden = !offerReload;
  }

  // -- deciding ----------------------------------------------------------------------------
  function select(id, scroll) {
    if (!state || !state.items.length) return;
    selected = Math.max(0, Math.min(state.items.length - 1, id));
    for (const node of document.querySelectorAll(".selected")) node.classList.remove("selected");
    const c = document.querySelector(`.card[data-id="${selected}"]`);
    const m = document.querySelector(`mark.s[data-id="${selected}"]`);
    if (c) c.classList.add("selected");
    if (m) m.classList.add("selected");
    if (scroll !== "none") {
      if (c && scroll !== "article") c.scrollIntoView({ block: "nearest" });
      if (m && scroll !== "card") m.scrollIntoView({ block: "nearest" });
    }
  }

  function decide(id, action, text) {
    const item = state.items[id];
    if (action === "accept" && !item.fixable) return;
    if (action === null) decisions.delete(id);
    else decisions.set(id, action === "edit" ? { action, text } : { action });
    editing = null;
    render();
    select(selected);
    schedulePreview();
  }

  function startEdit(id) {
    editing = id;
    render();
    select(id);
  }

  function finishEdit(item, value) {
    const nl = (state.crlf ? "\r\n" : "\n");
    const text = value.split(LINE_BREAK).join(nl);
    if (text === item.text) decide(item.id, "reject");
    else if (item.fixable && text === item.replacement) decide(item.id, "accept");
    else decide(item.id, "edit", text);
  }

  function next() { if (selected < state.items.length - 1) select(selected + 1); }

  function acceptAll() {
    for (const item of state.items) {
      if (item.fixable && decisions.get(item.id)?.action !== "edit") decisions.set(item.id, { action: "accept" });
    }
    editing = null; render(); schedulePreview();
  }

  function rejectAll() {
    for (const item of state.items) decisions.set(item.id, { action: "reject" });
    editing = null; render(); schedulePreview();
  }

  function load(newState) {
    state = newState;
    paragraphPerLine = !/\n[ \t]*\n/.test(display(state.segments.map((seg) => seg.text).join("")));
    decisions = new Map();
    editing = null;
    selected = 0;
    render();
    select(0, "none");
    schedulePreview();
  }

  // A preview still on its way was asked about the text as it was: drop it.
  function dropPendingPreview() {
    clearTimeout(previewTimer);
    previewSeq += 1;
  }

  async function save() {
    $("save").disabled = true;
    dropPendingPreview();
    try {
      const data = await api("/api/save", payload());
      load(data.state);
      const left = data.state.items.length;
      banner(`${data.message} ${left} suggestion${left === 1 ? "" : "s"} now.`, false, false);
    } catch (e) {
      banner(e.message, true, e.stale);
    } finally {
      $("save").disabled = false;
    }
  }

  async function reload() {
    dropPendingPreview();
    try {
      load(await api("/api/reload", undefined, "POST"));
      banner(`Reloaded ${state.name} from disk.`, false, false);
    } catch (e) {
      banner(e.message, true, false);
    }
  }

  // -- wiring ------------------------------------------------------------------------------
  $("accept-all").addEventListener("click", acceptAll);
  $("reject-all").addEventListener("click", rejectAll);
  $("save").addEventListener("click", save);
  $("reload").addEventListener("click", reload);

  document.addEventListener("keydown", (ev) => {
    if (!state || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea") return;
    const id = selected;
    const handlers = {
      j: () => select(id + 1), k: () => select(id - 1),
      a: () => { if (state.items[id]?.fixable) { decide(id, "accept"); next(); } },
      r: () => { if (state.items.length) { decide(id, "reject"); next(); } },
      e: () => { if (state.items.length) startEdit(id); },
      u: () => { if (state.items.length) decide(id, null); },
    };
    const h = handlers[ev.key];
    if (h) { ev.preventDefault(); h(); }
  });

  window.addEventListener("beforeunload", (ev) => {
    if ([...decisions.values()].some((d) => d.action !== "reject")) { ev.preventDefault(); ev.returnValue = ""; }
  });

  api("/api/state").then(load).catch((e) => banner(`Could not load the suggestions: ${e.message}`, true, false));
})();
