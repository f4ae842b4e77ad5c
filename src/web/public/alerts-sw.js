/* Beffroi alerts: shows the commune's web push messages (communication module, alerts part). */
/* global self, caches, atob, Response */
const API = '/api/communication/alerts';
/** The page keeps the subscription's management token here (a service worker cannot read localStorage). */
const TOKEN_CACHE = 'beffroi-alerts';
const TOKEN_KEY = '/alerts-sw/manage-token';

self.addEventListener('push', (event) => {
  let data = { title: 'Beffroi', body: '', url: '/actualites', lang: 'fr' };
  try {
    if (event.data) data = { ...data, ...event.data.json() };
  } catch {
    /* not JSON: the defaults */
  }
  // The subscription's own language, carried by the message.
  const lang = data.lang === 'en' ? 'en' : 'fr';
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, data: { url: data.url }, icon: '/icons/alerts.svg', lang }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data && event.notification.data.url ? event.notification.data.url : '/actualites', self.location.origin);
  // Only the portal's own pages open from a notification.
  const url = target.origin === self.location.origin ? target.href : new URL('/actualites', self.location.origin).href;
  event.waitUntil(self.clients.openWindow(url));
});

function keyBytes(base64url) {
  const base64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/**
 * The browser renewed or dropped the push subscription: subscribe again with the same choices (read
 * by the management token), keep the new token, and delete the old subscription (its endpoint is dead).
 */
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(TOKEN_CACHE);
      const stored = await cache.match(TOKEN_KEY);
      if (!stored) return;
      const token = await stored.text();
      const current = await fetch(`${API}/manage/${encodeURIComponent(token)}`);
      if (!current.ok) return;
      const choices = await current.json();
      if (choices.status !== 'confirmed') return;
      let subscription = event.newSubscription;
      if (!subscription) {
        const options = await (await fetch(`${API}/options`)).json();
        if (!options.pushPublicKey) return;
        subscription = await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(options.pushPublicKey) });
      }
      const json = subscription.toJSON();
      const res = await fetch(`${API}/push-subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          subscription: { endpoint: json.endpoint, keys: json.keys },
          topics: choices.topics,
          zones: choices.zones,
          wholeCommune: choices.wholeCommune,
          frequency: choices.frequency,
          language: choices.language,
        }),
      });
      if (!res.ok) return;
      const { manageToken } = await res.json();
      await cache.put(TOKEN_KEY, new Response(manageToken));
      if (manageToken !== token) await fetch(`${API}/manage/${encodeURIComponent(token)}`, { method: 'DELETE' });
    })(),
  );
});
