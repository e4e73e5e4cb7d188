// The coach's observation page (/coach/{event_id}), on top of forms that work without it:
// the list of people filtered as one types; each save sent at once with its own idempotency
// key; a save the network lost kept in the phone (localStorage) and sent again until the
// server answers, the page listing what is not saved yet. A retry carries the same key, so
// the server stores one observation however many times it arrives.

const main = document.querySelector("main[data-event]");
const words = main.dataset;
const store = `coach-queue:${main.dataset.event}`;
const RETRY_MS = 3000;
const colon = document.documentElement.lang === "fr" ? "\u00a0: " : ": ";
const inflight = new Set();

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function load() {
  try {
    const kept = JSON.parse(localStorage.getItem(store) || "[]");
    return Array.isArray(kept) ? kept : [];
  } catch {
    return [];
  }
}

function keep(queue) {
  try {
    localStorage.setItem(store, JSON.stringify(queue));
  } catch {
    // A full or forbidden storage: the queue lives in this page only.
  }
  show(queue);
}

function show(queue) {
  const box = document.getElementById("pending");
  const list = document.getElementById("pending-list");
  list.replaceChildren(
    ...queue.map((entry) => {
      const item = document.createElement("li");
      item.textContent = entry.label;
      return item;
    }),
  );
  box.hidden = queue.length === 0;
}

// The message line of the form a save came from (marked with the save's key when sent).
function say(key, text, kind) {
  const state = document.querySelector(`.state[data-key="${CSS.escape(key)}"]`);
  if (!state) return;
  state.textContent = text;
  state.className = `state ${kind}`;
}

function drop(key) {
  keep(load().filter((entry) => entry.key !== key));
}

async function send(entry) {
  if (inflight.has(entry.key)) return;
  inflight.add(entry.key);
  try {
    // The form's token as this page has it: the browser's CSRF cookie may be newer than the
    // one the entry was queued with (a log-in again since).
    const body = new URLSearchParams(entry.body);
    const token = document.querySelector("input[name=csrf_token]");
    if (token) body.set("csrf_token", token.value);
    const answer = await fetch(entry.url, {
      method: "POST",
      body,
      headers: { "X-Coach-Script": "1" },
      credentials: "same-origin",
      redirect: "manual",
    });
    if (answer.status === 204) {
      drop(entry.key);
      say(entry.key, `✓ ${words.sent}${colon}${entry.level}`, "ok");
    } else if (answer.type === "opaqueredirect") {
      // Sent to the log-in form: kept until the coach logs in again.
      say(entry.key, words.login, "wait");
      showLogin();
    } else if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
      // Refused for good (closed event, unknown person …): sending it again would not help.
      drop(entry.key);
      say(entry.key, `✗ ${words.refused}`, "stop");
    } else {
      say(entry.key, words.pending, "wait");
    }
  } catch {
    say(entry.key, words.pending, "wait");
  } finally {
    inflight.delete(entry.key);
  }
}

function showLogin() {
  document.getElementById("login-again").hidden = false;
}

function flush() {
  for (const entry of load()) send(entry);
}

function observe(event) {
  const form = event.currentTarget;
  const level = form.querySelector("input[name=level]:checked");
  event.preventDefault();
  if (!level) {
    form.querySelector(".state").textContent = words.choose;
    form.querySelector(".state").className = "state stop";
    return;
  }
  const key = form.elements.key.value;
  const entry = {
    key,
    url: form.action,
    body: new URLSearchParams(new FormData(form)).toString(),
    label: `${form.dataset.label}${colon}${level.value}`,
    level: level.value,
  };
  form.querySelector(".state").dataset.key = key;
  keep([...load().filter((e) => e.key !== key), entry]);
  say(key, words.sending, "wait");
  // The form is ready for the next observation, which gets a key of its own.
  form.elements.key.value = newKey();
  level.checked = false;
  form.elements.note.value = "";
  send(entry);
}

function filterPeople() {
  const search = document.getElementById("q");
  const people = document.getElementById("people");
  if (!search || !people) return;
  const nobody = document.getElementById("nobody");
  search.addEventListener("input", () => {
    const wanted = search.value.trim().toLowerCase();
    let shown = 0;
    for (const item of people.children) {
      const match = !wanted || item.dataset.search.includes(wanted);
      item.hidden = !match;
      if (match) shown += 1;
    }
    nobody.hidden = shown > 0;
  });
}

filterPeople();
for (const form of document.querySelectorAll("form[data-observe]")) {
  form.addEventListener("submit", observe);
}
document.getElementById("retry").addEventListener("click", flush);
window.addEventListener("online", flush);
setInterval(() => {
  if (load().length) flush();
}, RETRY_MS);
show(load());
flush();
