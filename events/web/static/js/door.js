// The door scanner (/door/{event_id}), on top of the form that works without it: the camera
// reads tickets' QR codes, each is checked in through the page's own endpoint (the JSON API
// takes no session cookie for a write), and so is a typed code, without reloading the page;
// a large green or red answer, a vibration, and the counter kept fresh.
//
// QR codes: the browser's own BarcodeDetector where it reads them (Android, macOS), otherwise
// the npm barcode-detector polyfill over ZXing's WebAssembly (≈1.1 MB), both served by this
// site. The page never waits for it: it is fetched once the page is up (kept for the network
// failing), or when the camera starts, and only by a browser without a reader of its own.
//
// Without network: a service worker (/door/sw.js) serves the page and its files as last read;
// the event's public key and its replaced tickets (GET .../checkin-key) are kept in the
// browser; a scanned ticket is checked here (its Ed25519 signature, by WebCrypto; replaced, or
// already let in by this phone), queued with its time and nonce; a typed short code is looked
// up in the list of confirmed people's and companies' names and short codes (GET .../people)
// kept before the doors opened. The queue is kept in IndexedDB (a reload, a closed tab or a
// phone turned off loses nothing) and sent to /door/{event_id}/batch when the network is back:
// the server's first-scan-wins rule settles two phones that let the same ticket in, and its
// answer for each entry is shown.

const main = document.querySelector("main[data-scan-url]");
const form = document.getElementById("code-form");
const answerBox = document.getElementById("answer");
const words = main.dataset;
const eventId = words.eventId;

// A QR still in view is not read again; once it has been out of view this long, it is.
const GONE_MS = 1000;
// Frames looked at per second, at most: enough for a hand-held ticket, light on a phone.
const FRAME_MS = 100;
// The other phones at the door check people in too; a queue left by a failed upload is tried
// again as often.
const COUNTS_MS = 15000;
// The batch endpoint takes at most 1000 scans a request.
const BATCH_MAX = 500;
// The service worker's cache (door_sw.js).
const CACHE = "door-v1";

function nonce() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

// --- kept in the browser ------------------------------------------------------------------
// IndexedDB "rencontres-door", every entry marked with its event:
//   queue    — the scans made without network, until the server has answered them (by nonce);
//   admitted — the tickets this phone let in (a ticket's id, or "code:" and a short code), to
//              say "already in" without network;
//   kept     — the event's key with its replaced tickets ("key"), the names and short codes
//              ("people").
// Where IndexedDB cannot be opened (some private windows), the same in memory: the door works,
// and keeps nothing once the tab is closed.

const DATABASE = "rencontres-door";
const STORES = ["queue", "admitted", "kept"];
// The door pages kept the same in localStorage before ("door:{event}:{name}").
const OLD_KEY = /^door:([0-9a-f-]{36}):(queue|admitted|key|people)$/;

function openDatabase() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("queue", { keyPath: "nonce" }).createIndex("event", "event_id");
      db.createObjectStore("admitted", { keyPath: ["event_id", "id"] });
      db.createObjectStore("kept", { keyPath: ["event_id", "name"] });
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close(); // a newer page wants to change the stores
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error("IndexedDB blocked"));
  });
}

// One transaction: `work` makes its requests and calls `finish(value)`; the promise gives that
// value once the transaction is written (a queued scan is stored before its green answer).
function transaction(db, names, mode, work) {
  return new Promise((resolve, reject) => {
    // Written to the disk's cache without waiting for the disk itself: survives a closed tab or
    // a crashed browser, and answers a scan sooner.
    const tx = db.transaction(names, mode, { durability: "relaxed" });
    let value;
    tx.oncomplete = () => resolve(value);
    // Aborted by `work` itself (no error): its answer stands.
    tx.onabort = () => (tx.error ? reject(tx.error) : resolve(value));
    try {
      work(tx, (result) => {
        value = result;
      });
    } catch (error) {
      tx.abort();
      reject(error);
    }
  });
}

const isScan = (scan) =>
  scan && typeof scan.token === "string" && typeof scan.nonce === "string" && typeof scan.scanned_at === "string";
const byTime = (a, b) => (a.scanned_at < b.scanned_at ? -1 : a.scanned_at > b.scanned_at ? 1 : 0);

function databaseStore(db) {
  const run = (names, mode, work) => transaction(db, names, mode, work);
  return {
    kept: (name) =>
      run(["kept"], "readonly", (tx, finish) => {
        tx.objectStore("kept").get([eventId, name]).onsuccess = (e) => finish(e.target.result ? e.target.result.value : null);
      }),
    keep: (name, value) =>
      run(["kept"], "readwrite", (tx) => {
        tx.objectStore("kept").put({ event_id: eventId, name, value });
      }),
    // Marks `id` as let in by this phone and queues `scan` (if any), in one transaction, sent at
    // once (no read first: one round trip); false when it was let in already (by this tab or
    // another one): the mark is refused, and the whole transaction with it.
    admit: (id, scan) =>
      run(["admitted", "queue"], "readwrite", (tx, finish) => {
        finish(true);
        const mark = tx.objectStore("admitted").add({ event_id: eventId, id });
        mark.onerror = (event) => {
          if (mark.error.name !== "ConstraintError") return;
          event.preventDefault(); // no error for the page: the answer is "already in"
          finish(false);
          tx.abort();
        };
        if (scan) tx.objectStore("queue").add({ event_id: eventId, ...scan });
      }),
    // Everything this phone let in at this event (arrays sort after strings: the range holds
    // every [event, id] of the event).
    admittedIds: () =>
      run(["admitted"], "readonly", (tx, finish) => {
        const range = IDBKeyRange.bound([eventId, ""], [eventId, []]);
        tx.objectStore("admitted").getAllKeys(range).onsuccess = (e) => finish(e.target.result.map((k) => k[1]));
      }),
    queued: () =>
      run(["queue"], "readonly", (tx, finish) => {
        tx.objectStore("queue").index("event").getAll(eventId).onsuccess = (e) =>
          finish(e.target.result.map(({ token, scanned_at, nonce }) => ({ token, scanned_at, nonce })).sort(byTime));
      }),
    unqueue: (nonces) =>
      run(["queue"], "readwrite", (tx) => {
        for (const sent of nonces) tx.objectStore("queue").delete(sent);
      }),
    // For the benchmark only: this phone forgets whom it let in and its queue.
    forget: () =>
      run(["admitted", "queue"], "readwrite", (tx) => {
        tx.objectStore("admitted").clear();
        tx.objectStore("queue").clear();
      }),
  };
}

function memoryStore() {
  const kept = new Map();
  const admitted = new Set();
  const queue = new Map();
  return {
    kept: async (name) => kept.get(name) ?? null,
    keep: async (name, value) => void kept.set(name, value),
    admit: async (id, scan) => {
      if (admitted.has(id)) return false;
      admitted.add(id);
      if (scan) queue.set(scan.nonce, scan);
      return true;
    },
    admittedIds: async () => [...admitted],
    queued: async () => [...queue.values()].sort(byTime),
    unqueue: async (nonces) => nonces.forEach((sent) => queue.delete(sent)),
    forget: async () => {
      admitted.clear();
      queue.clear();
    },
  };
}

// What an earlier version of this page kept in localStorage, for any event, moves into
// IndexedDB once, and leaves localStorage.
function parsed(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null; // not ours after all: dropped
  }
}

async function moveFromLocalStorage(db) {
  let found;
  try {
    found = Object.keys(localStorage).flatMap((name) => {
      const parts = OLD_KEY.exec(name);
      return parts ? [{ name, event: parts[1], kind: parts[2], value: parsed(localStorage.getItem(name)) }] : [];
    });
  } catch {
    return; // no localStorage here (a browser's setting)
  }
  if (!found.length) return;
  await transaction(db, STORES, "readwrite", (tx) => {
    for (const { event, kind, value } of found) {
      if (kind === "queue") {
        for (const scan of Array.isArray(value) ? value : []) {
          if (isScan(scan)) {
            const { token, scanned_at, nonce } = scan;
            tx.objectStore("queue").put({ event_id: event, token, scanned_at, nonce });
          }
        }
      } else if (kind === "admitted") {
        for (const id of Array.isArray(value) ? value : []) {
          if (typeof id === "string") tx.objectStore("admitted").put({ event_id: event, id });
        }
      } else if (value) {
        tx.objectStore("kept").put({ event_id: event, name: kind, value });
      }
    }
  });
  for (const { name } of found) localStorage.removeItem(name);
}

const storage = (async () => {
  try {
    const db = await openDatabase();
    try {
      await moveFromLocalStorage(db);
    } catch {
      // Left in localStorage: moved at the next visit.
    }
    return databaseStore(db);
  } catch {
    return memoryStore();
  }
})();

// --- checking in ---------------------------------------------------------------------------

function show(answer) {
  const box = document.createElement("div");
  box.className = `box ${answer.ok ? "ok" : "stop"}`;
  box.dataset.code = answer.code;
  const sign = document.createElement("span");
  sign.className = "sign";
  sign.setAttribute("aria-hidden", "true");
  sign.textContent = answer.ok ? "✔" : "✖";
  const text = document.createElement("div");
  for (const [name, value] of [["heading", answer.heading], ["name", answer.name], ["message", answer.message]]) {
    if (!value) continue;
    const line = document.createElement("p");
    line.className = name;
    line.textContent = value;
    text.append(line);
  }
  box.append(sign, text);
  answerBox.replaceChildren(box);
  if (navigator.vibrate) navigator.vibrate(answer.ok ? 150 : [300, 100, 300]);
}

async function send(code) {
  if (!navigator.onLine) return checkOffline(code);
  const body = new URLSearchParams({ code, nonce: nonce(), csrf_token: form.elements.csrf_token.value });
  let response;
  try {
    response = await fetch(words.scanUrl, { method: "POST", body, headers: { Accept: "application/json" } });
  } catch {
    return checkOffline(code);
  }
  if (!(response.headers.get("content-type") || "").startsWith("application/json")) {
    // A refused form (expired CSRF token) or a log-in that ended: the page must be loaded again.
    return { ok: false, code: "expired", heading: words.expired, message: "" };
  }
  const answer = await response.json();
  const ticket = ticketOf(code);
  if (ticket && (answer.ok || answer.code === "already_checked_in")) admit(ticket.id, null);
  return answer;
}

async function refreshCounts() {
  try {
    const response = await fetch(words.summaryUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const summary = await response.json();
    for (const key of ["candidates", "companies"]) {
      const counts = summary[key];
      document.getElementById(`count-${key}`).textContent = words.count
        .replace("{arrived}", counts.checked_in)
        .replace("{expected}", counts.confirmed);
    }
  } catch {
    // No network: the counter says what it last knew.
  }
}

async function checkIn(code) {
  show(await send(code));
  refreshCounts();
  upload();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const field = form.elements.code;
  await checkIn(field.value);
  field.value = "";
  field.focus();
});

// --- the camera ---------------------------------------------------------------------------

const section = document.getElementById("camera");
const video = document.getElementById("video");
const button = document.getElementById("camera-button");
const note = document.getElementById("camera-note");
let detector = null;
let stream = null;
let last = { text: "", seenAt: 0 };
// Each start of the camera is one run of the reading loop; a stopped run's loop ends.
let run = 0;

// The browser's own QR reader, or null.
async function nativeDetector() {
  if (!("BarcodeDetector" in globalThis)) return null;
  try {
    if ((await globalThis.BarcodeDetector.getSupportedFormats()).includes("qr_code")) {
      return new globalThis.BarcodeDetector({ formats: ["qr_code"] });
    }
  } catch {
    // Fall back to the polyfill.
  }
  return null;
}

async function makeDetector() {
  const native = await nativeDetector();
  if (native) return native;
  const zxing = await import(words.detectorUrl);
  const wasm = words.wasmUrl;
  await zxing.prepareZXingModule({
    overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasm : prefix + path) },
    fireImmediately: true,
  });
  return new zxing.BarcodeDetector({ formats: ["qr_code"] });
}

async function look(id) {
  if (!stream || id !== run) return;
  if (video.readyState >= 2) {
    let text = "";
    try {
      const found = await detector.detect(video);
      text = found.length ? found[0].rawValue : "";
    } catch {
      text = "";
    }
    const now = Date.now();
    if (text && (text !== last.text || now - last.seenAt > GONE_MS)) {
      last = { text, seenAt: now };
      await checkIn(text);
    }
    if (text === last.text) last.seenAt = Date.now();
  }
  setTimeout(() => look(id), FRAME_MS);
}

function stop() {
  run += 1;
  if (stream) for (const track of stream.getTracks()) track.stop();
  stream = null;
  video.hidden = true;
  video.srcObject = null;
  button.textContent = words.camera;
  note.textContent = words.cameraHelp;
}

async function start() {
  button.disabled = true;
  note.textContent = words.cameraBusy;
  try {
    detector = detector || (await makeDetector());
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment" },
      audio: false,
    });
  } catch {
    stop();
    note.textContent = words.cameraRefused;
    button.disabled = false;
    return;
  }
  last = { text: "", seenAt: 0 };
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  button.textContent = words.cameraStop;
  note.textContent = words.cameraHelp;
  button.disabled = false;
  run += 1;
  look(run);
}

if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
  section.hidden = false;
  button.addEventListener("click", () => (stream ? stop() : start()));
}

// --- without network --------------------------------------------------------------------

const answers = JSON.parse(words.answers);
// "rencontres/ticket" and a zero byte: what the event key signs before a ticket's payload.
const CONTEXT = new TextEncoder().encode("rencontres/ticket\0");
const TOKEN = /^[A-Za-z0-9_-]{132}$/;
const LINK = /\/(?:t|tickets)\/([A-Za-z0-9_-]{132})\/?$/;
let key = null;
let revoked = new Set();
let people = [];
// Whom this phone let in, checked in memory (read from IndexedDB at start) so that an answer
// never waits for the disk; and the scans whose writing failed (a full disk), sent all the same.
const admittedHere = new Set();
const unsaved = new Map();

// Marks `id` as let in and queues `scan` (if any): at once in memory, and written to IndexedDB
// right behind (the same instant, for a person at the door); false when it was let in already.
function admit(id, scan) {
  if (admittedHere.has(id)) return false;
  admittedHere.add(id);
  storage
    .then((store) => store.admit(id, scan))
    .catch(() => scan && unsaved.set(scan.nonce, scan))
    .finally(showPending);
  return true;
}

function said(code) {
  return { ok: code === "offline_checked_in", code, name: null, ...answers[code] };
}

function uuid(bytes) {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

function base64url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// A ticket's token (bare or at the end of its link): version (1) | event id (16) | ticket id
// (16) | serial (2) | signature (64), as events/tickets/tokens.py writes it.
function ticketOf(text) {
  text = text.trim();
  const token = TOKEN.test(text) ? text : (LINK.exec(text.split(/[?#]/)[0]) || [])[1];
  if (!token) return null;
  const raw = base64url(token);
  return { token, raw, version: raw[0], event: uuid(raw.slice(1, 17)), id: uuid(raw.slice(17, 33)) };
}

// A typed short code as the server reads it (events/tickets/codes.py): case, spaces, dashes
// and dots aside.
function canonical(code) {
  return code.normalize("NFKC").toUpperCase().replace(/[\s._-]/g, "");
}

// The name the door shows: a candidate's first name and initial, or a company's name (a list
// kept by an earlier version of the page has first name and initial only).
function nameOf(person) {
  return person.name || `${person.first_name} ${person.initial}.`;
}

const scanOf = (token) => ({ token, scanned_at: new Date().toISOString(), nonce: nonce() });

// A short code typed without network: found in the list kept before the doors opened, queued
// like a scan (the batch upload takes a short code as a token), and shown with the name.
async function checkOfflineCode(code) {
  const typed = canonical(code);
  const person = people.find((p) => canonical(p.short_code) === typed);
  if (!person) return said("offline_code");
  if (!admit(`code:${typed}`, scanOf(person.short_code))) return said("already_checked_in");
  return { ...said("offline_checked_in"), name: nameOf(person) };
}

async function checkOffline(code) {
  await keptRead;
  const ticket = ticketOf(code);
  if (!ticket) return code.trim().length <= 40 ? checkOfflineCode(code) : said("invalid_ticket");
  if (!key) return said("offline_code");
  if (ticket.version !== 1) return said("invalid_ticket");
  if (ticket.event !== eventId) return said("wrong_event");
  const signed = new Uint8Array(CONTEXT.length + 35);
  signed.set(CONTEXT);
  signed.set(ticket.raw.slice(0, 35), CONTEXT.length);
  if (!(await crypto.subtle.verify("Ed25519", key, ticket.raw.slice(35), signed))) {
    return said("invalid_ticket");
  }
  if (revoked.has(ticket.id)) return said("ticket_revoked");
  if (!admit(ticket.id, scanOf(ticket.token))) return said("already_checked_in");
  return said("offline_checked_in");
}

// --- by name, without network ----------------------------------------------------------
// The search form asks the server. Without network it would find nothing: the list kept on
// this phone (first names and companies' names, with their short codes) is searched here
// instead, and "Let in" checks the short code in as if it were typed.

const searchForm = document.getElementById("search-form");

// A name as the server's search compares it (events/directory/candidates.py's fold): no case,
// no accents, no spaces or punctuation.
function fold(text) {
  return text
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

function span(className, text) {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}

function showFound(found) {
  const note = document.createElement("p");
  note.textContent = words.offlineSearch;
  if (!found.length) {
    const nobody = document.createElement("p");
    nobody.id = "nobody";
    nobody.setAttribute("role", "status");
    nobody.textContent = words.nobody;
    document.getElementById("found").replaceChildren(note, nobody);
    return;
  }
  const list = document.createElement("ul");
  list.className = "people";
  list.setAttribute("aria-label", words.found);
  for (const person of found) {
    const line = document.createElement("p");
    line.append(span("person", nameOf(person)));
    if (person.role === "company") line.append(" ", span("role", words.company));
    line.append(" ", span("code", person.short_code));
    if (admittedHere.has(`code:${canonical(person.short_code)}`)) line.append(" ", span("in", words.alreadyIn));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "big";
    button.textContent = words.letIn;
    button.setAttribute("aria-label", `${words.letIn} ${nameOf(person)}`);
    button.addEventListener("click", () => checkIn(person.short_code));
    const item = document.createElement("li");
    item.append(line, button);
    list.append(item);
  }
  document.getElementById("found").replaceChildren(note, list);
}

searchForm.addEventListener("submit", async (event) => {
  if (navigator.onLine) return;
  event.preventDefault();
  await keptRead;
  const wanted = fold(searchForm.elements.q.value);
  showFound(wanted ? people.filter((person) => fold(nameOf(person)).includes(wanted)).slice(0, 20) : []);
});

async function showPending() {
  const count = (await (await storage).queued()).length + unsaved.size;
  const waiting = count ? words.pending.replace("{n}", count) : "";
  document.getElementById("pending").textContent = waiting && expired ? `${waiting}. ${words.expired}` : waiting;
  document.getElementById("sync").hidden = !count && !document.getElementById("uploaded").children.length;
}

let uploading = false;
// The server refused the upload as it refuses a page whose log-in ended: loaded again (and
// logged in again), the page sends the queue, which a reload keeps.
let expired = false;

// The queue, oldest first, in batches; each scan leaves the queue once the server has answered
// it, and its answer is shown.
async function upload() {
  if (uploading || !navigator.onLine) return;
  uploading = true;
  try {
    const store = await storage;
    for (;;) {
      const batch = [...(await store.queued()), ...unsaved.values()].sort(byTime).slice(0, BATCH_MAX);
      if (!batch.length) break;
      const response = await fetch(words.batchUrl, {
        method: "POST",
        body: JSON.stringify({ scans: batch }),
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": form.elements.csrf_token.value },
      });
      const json = (response.headers.get("content-type") || "").startsWith("application/json");
      // A refused CSRF token, or a log-in that ended (sent to the log-in form); anything else
      // (the server busy or down) is tried again later as it is.
      expired = response.status === 403 || (response.redirected && new URL(response.url).pathname === "/login");
      if (!response.ok || !json || expired) break;
      const results = await response.json();
      if (!results.length) break;
      const sent = results.map((r) => r.nonce);
      await store.unqueue(sent);
      for (const nonce of sent) unsaved.delete(nonce);
      const list = document.getElementById("uploaded");
      for (const result of results) {
        const line = document.createElement("li");
        line.className = result.ok ? "ok" : "stop";
        line.dataset.code = result.code;
        line.textContent = `${result.ok ? "✔" : "✖"} ${result.heading} — ${result.message}`;
        list.append(line);
      }
      document.getElementById("uploaded-title").hidden = false;
      refreshCounts();
    }
  } catch {
    // Still no network: the queue waits for the next try.
  } finally {
    uploading = false;
    showPending();
  }
}

async function useKey(kept) {
  if (!kept || !crypto.subtle) return;
  try {
    key = await crypto.subtle.importKey("raw", base64url(kept.public_key), { name: "Ed25519" }, false, ["verify"]);
    revoked = new Set(kept.revoked_ticket_ids);
  } catch {
    key = null; // a browser without Ed25519 in WebCrypto: no check without network
  }
}

// What this phone kept at its last visit: at once, whatever the network.
async function readKept() {
  const store = await storage;
  people = (await store.kept("people")) || [];
  for (const id of await store.admittedIds()) admittedHere.add(id);
  await useKey(await store.kept("key"));
}

// The event's key and replaced tickets, the names and short codes: fresh from the server when
// it answers, kept for the network failing.
async function refreshKept() {
  const store = await storage;
  const lists = [
    ["key", words.keyUrl, {}],
    ["people", words.peopleUrl, { "X-CSRF-Token": form.elements.csrf_token.value }],
  ];
  for (const [name, url, headers] of lists) {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json", ...headers } });
      if (!response.ok || !(response.headers.get("content-type") || "").startsWith("application/json")) continue;
      const value = await response.json();
      await store.keep(name, value);
      if (name === "key") await useKey(value);
      else people = value;
    } catch {
      // Without network, what was kept at the last visit.
    }
  }
}

// The page and its script for the network failing, through the service worker (which keeps
// them itself once it controls the page, as it keeps whatever the page reads); the QR reader
// too where the browser has none of its own (the camera would need it), after all the rest.
async function keepForOffline() {
  if ("serviceWorker" in navigator) {
    try {
      await navigator.serviceWorker.register("/door/sw.js");
    } catch {
      // No service worker (a private window, an old browser): the door needs the network.
    }
  }
  if (!("caches" in globalThis) || !navigator.onLine) return;
  if ("serviceWorker" in navigator && navigator.serviceWorker.controller) return;
  try {
    const cache = await caches.open(CACHE);
    await cache.addAll([location.href, ...words.offlineFiles.split(" ")]);
  } catch {
    // Kept at the next visit.
  }
}

async function keepDecoder() {
  if (await nativeDetector()) return "native";
  if (!("caches" in globalThis) || !navigator.onLine) return "no";
  try {
    const cache = await caches.open(CACHE);
    await cache.addAll(words.decoderFiles.split(" "));
    return "kept";
  } catch {
    return "no";
  }
}

const loaded = new Promise((resolve) => (document.readyState === "complete" ? resolve() : addEventListener("load", resolve, { once: true })));
const keptRead = readKept().catch(() => {});

window.addEventListener("online", upload);
showPending();
keptRead
  .then(refreshKept)
  .then(() => {
    upload();
    return keepForOffline();
  })
  .then(() => {
    main.dataset.offlineReady = key ? "yes" : "no";
    return loaded;
  })
  .then(keepDecoder)
  .then((decoder) => {
    main.dataset.decoder = decoder;
  });
// A phone short of space may empty a site's storage: not the door's queue, if the browser
// agrees (asked once the page is open, before the doors do: Firefox asks its user).
if (navigator.storage && navigator.storage.persist) {
  navigator.storage
    .persisted()
    .then((kept) => kept || navigator.storage.persist())
    .catch(() => {});
}
refreshCounts();
setInterval(() => {
  refreshCounts();
  upload();
}, COUNTS_MS);

async function forget() {
  admittedHere.clear();
  unsaved.clear();
  await (await storage).forget();
}

// Measurement only (bench/door_scan.py): with ?bench in the address, the offline check and the
// answer's painting are reachable from outside this module. Nothing changes without it.
if (new URLSearchParams(location.search).has("bench")) {
  window.__doorBench = { checkOffline, show, makeDetector, answerBox, forget };
}
