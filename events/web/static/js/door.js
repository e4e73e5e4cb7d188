// The door scanner (/door/{event_id}), on top of the form that works without it: the camera
// reads tickets' QR codes, each is checked in through the page's own endpoint (the JSON API
// takes no session cookie for a write), and so is a typed code, without reloading the page;
// a large green or red answer, a vibration, and the counter kept fresh.
//
// QR codes: the browser's own BarcodeDetector where it reads them (Android, macOS), otherwise
// the npm barcode-detector polyfill over ZXing's WebAssembly, both served by this site.
//
// Without network: a service worker (/door/sw.js) serves the page and its files as last read;
// the event's public key and its replaced tickets (GET .../checkin-key) are kept in the
// browser; a scanned ticket is checked here (its Ed25519 signature, by WebCrypto; replaced, or
// already let in by this phone), queued with its time and nonce; a typed short code is looked
// up in the list of confirmed people's first names and short codes (GET .../people) kept
// before the doors opened. The queue is sent to
// /door/{event_id}/batch when the network is back: the server's first-scan-wins rule settles
// two phones that let the same ticket in, and its answer for each entry is shown.

const main = document.querySelector("main[data-scan-url]");
const form = document.getElementById("code-form");
const answerBox = document.getElementById("answer");
const words = main.dataset;

// A QR still in view is not read again; once it has been out of view this long, it is.
const GONE_MS = 1000;
// Frames looked at per second, at most: enough for a hand-held ticket, light on a phone.
const FRAME_MS = 100;
// The other phones at the door check people in too.
const COUNTS_MS = 15000;

function nonce() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

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
  if (ticket && (answer.ok || answer.code === "already_checked_in")) remember(ticket.id);
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

async function makeDetector() {
  if ("BarcodeDetector" in globalThis) {
    try {
      if ((await globalThis.BarcodeDetector.getSupportedFormats()).includes("qr_code")) {
        return new globalThis.BarcodeDetector({ formats: ["qr_code"] });
      }
    } catch {
      // Fall back to the polyfill.
    }
  }
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

const eventId = main.dataset.eventId;
const answers = JSON.parse(main.dataset.answers);
const stored = (name, fallback) => JSON.parse(localStorage.getItem(`door:${eventId}:${name}`) || fallback);
const store = (name, value) => localStorage.setItem(`door:${eventId}:${name}`, JSON.stringify(value));
// "rencontres/ticket" and a zero byte: what the event key signs before a ticket's payload.
const CONTEXT = new TextEncoder().encode("rencontres/ticket\0");
const TOKEN = /^[A-Za-z0-9_-]{132}$/;
const LINK = /\/(?:t|tickets)\/([A-Za-z0-9_-]{132})\/?$/;
let key = null;
let revoked = new Set();

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

function remember(ticketId) {
  const admitted = stored("admitted", "[]");
  if (!admitted.includes(ticketId)) store("admitted", [...admitted, ticketId]);
}

// A typed short code as the server reads it (events/tickets/codes.py): case, spaces, dashes
// and dots aside.
function canonical(code) {
  return code.normalize("NFKC").toUpperCase().replace(/[\s._-]/g, "");
}

// A short code typed without network: found in the list kept before the doors opened (first
// name, last initial and short code of each confirmed person), queued like a scan (the batch
// upload takes a short code as a token), and shown with the person's first name.
function checkOfflineCode(code) {
  const typed = canonical(code);
  const person = stored("people", "[]").find((p) => canonical(p.short_code) === typed);
  if (!person) return said("offline_code");
  if (stored("admitted", "[]").includes(`code:${typed}`)) return said("already_checked_in");
  remember(`code:${typed}`);
  store("queue", [...stored("queue", "[]"), { token: person.short_code, scanned_at: new Date().toISOString(), nonce: nonce() }]);
  showPending();
  return { ...said("offline_checked_in"), name: `${person.first_name} ${person.initial}.` };
}

async function checkOffline(code) {
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
  if (stored("admitted", "[]").includes(ticket.id)) return said("already_checked_in");
  remember(ticket.id);
  store("queue", [...stored("queue", "[]"), { token: ticket.token, scanned_at: new Date().toISOString(), nonce: nonce() }]);
  showPending();
  return said("offline_checked_in");
}

function showPending() {
  const queued = stored("queue", "[]").length;
  const pending = document.getElementById("pending");
  pending.textContent = queued ? words.pending.replace("{n}", queued) : "";
  document.getElementById("sync").hidden = !queued && !document.getElementById("uploaded").children.length;
}

let uploading = false;

async function upload() {
  const queue = stored("queue", "[]");
  if (uploading || !queue.length || !navigator.onLine) return;
  uploading = true;
  try {
    const response = await fetch(words.batchUrl, {
      method: "POST",
      body: JSON.stringify({ scans: queue }),
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": form.elements.csrf_token.value },
    });
    if (!response.ok || !(response.headers.get("content-type") || "").startsWith("application/json")) return;
    const results = await response.json();
    const sent = new Set(results.map((r) => r.nonce));
    store("queue", stored("queue", "[]").filter((scan) => !sent.has(scan.nonce)));
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
  } catch {
    // Still no network: the queue waits for the next try.
  } finally {
    uploading = false;
    showPending();
  }
}

async function prepareOffline() {
  try {
    const response = await fetch(words.keyUrl, { headers: { Accept: "application/json" } });
    if (response.ok) store("key", await response.json());
  } catch {
    // Without network, the key kept at the last visit.
  }
  try {
    const response = await fetch(words.peopleUrl, {
      headers: { Accept: "application/json", "X-CSRF-Token": form.elements.csrf_token.value },
    });
    if (response.ok) store("people", await response.json());
  } catch {
    // Without network, the list kept at the last visit.
  }
  const kept = stored("key", "null");
  if (kept && crypto.subtle) {
    try {
      key = await crypto.subtle.importKey("raw", base64url(kept.public_key), { name: "Ed25519" }, false, ["verify"]);
      revoked = new Set(kept.revoked_ticket_ids);
    } catch {
      key = null; // a browser without Ed25519 in WebCrypto: no check without network
    }
  }
  if ("serviceWorker" in navigator && "caches" in globalThis) {
    try {
      await navigator.serviceWorker.register("/door/sw.js");
      if (navigator.onLine) {
        const cache = await caches.open("door-v1");
        await cache.addAll([location.href, ...words.offlineFiles.split(" ")]);
      }
    } catch {
      // No service worker (a private window, an old browser): the door needs the network.
    }
  }
  main.dataset.offlineReady = key ? "yes" : "no";
}

window.addEventListener("online", upload);
showPending();
prepareOffline().then(upload);
refreshCounts();
setInterval(refreshCounts, COUNTS_MS);

// Measurement only (bench/door_scan.py): with ?bench in the address, the offline check and the
// answer's painting are reachable from outside this module. Nothing changes without it.
if (new URLSearchParams(location.search).has("bench")) {
  window.__doorBench = { checkOffline, show, makeDetector, answerBox };
}
