// The door scanner's service worker, served as /door/sw.js so that it controls the door pages
// (/door/...). Network first, always: a page or file read online is kept in the cache, and
// given from there only when the network fails. The door page puts itself and its script into
// the cache as soon as it is open, and the QR reader once it is up where the browser has none
// of its own (door.js; the scan queue and the event's key live in IndexedDB), so that the door
// works after one visit, without network.

const CACHE = "door-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(async () => {
        const kept = await caches.match(request, { ignoreVary: true });
        // Not kept: a plain "unavailable", which the page's script takes for no network.
        return kept || new Response("", { status: 503, statusText: "Offline" });
      }),
  );
});
