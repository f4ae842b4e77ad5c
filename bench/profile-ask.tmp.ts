import fs from 'node:fs';
import { MODULES } from '../src/modules/index';
import { createApp } from '../src/platform/app';
import { loadConfig } from '../src/platform/config';
const config = loadConfig({ BEFFROI_DATA_DIR: 'memory://', LOG_LEVEL: 'silent', BEFFROI_WORKERS: '0', BEFFROI_ADMIN_PASSWORD: 'xxxxxxxxxxxxxxxx', BEFFROI_RATE_LIMIT_PER_MINUTE: '10000000', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) });
const b = await createApp({ config, modules: MODULES, webRoot: null, logger: false });
const qs = JSON.parse(fs.readFileSync('src/modules/assistant/demo/eval-questions.json', 'utf8')).map((q: any) => q.question);
const conv = (await b.app.inject({ method: 'POST', url: '/api/assistant/conversations', payload: {} })).json().id;
for (let i = 0; i < 30; i++) await b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${conv}/messages`, payload: { text: qs[i % qs.length] } });
const n = 300;
let t = performance.now();
for (let i = 0; i < n; i++) {
  const r = await b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${conv}/messages`, payload: { text: qs[i % qs.length] } });
  if (r.statusCode !== 200) throw new Error(r.body);
}
console.log('sequential ms/answer', ((performance.now() - t) / n).toFixed(2));
await b.close();
