/* Beffroi alerts: shows the commune's web push messages (communication module, alerts part). */
/* global self */
self.addEventListener('push', (event) => {
  let data = { title: 'Beffroi', body: '', url: '/actualites' };
  try {
    if (event.data) data = { ...data, ...event.data.json() };
  } catch {
    /* not JSON: the defaults */
  }
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, data: { url: data.url }, icon: '/icons/alerts.svg', lang: 'fr' }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data && event.notification.data.url ? event.notification.data.url : '/actualites', self.location.origin);
  // Only the portal's own pages open from a notification.
  const url = target.origin === self.location.origin ? target.href : new URL('/actualites', self.location.origin).href;
  event.waitUntil(self.clients.openWindow(url));
});
