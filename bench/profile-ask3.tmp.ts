import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { MODULES } from '../src/modules/index';
import { createApp } from '../src/platform/app';
import { loadConfig } from '../src/platform/config';
const dataDir = process.env.PROF_DATA_DIR ?? 'memory://';
const config = loadConfig({ BEFFROI_DATA_DIR: dataDir, LOG_LEVEL: 'silent', BEFFROI_WORKERS: '0', BEFFROI_ADMIN_PASSWORD: 'xxxxxxxxxxxxxxxx', BEFFROI_RATE_LIMIT_PER_MINUTE: '10000000', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) });
const b = await createApp({ config, modules: MODULES, webRoot: null, logger: false });
const qs = JSON.parse(fs.readFileSync('src/modules/assistant/demo/eval-questions.json', 'utf8')).map((q: any) => q.question);
const convs: string[] = [];
for (let i = 0; i < 16; i++) convs.push((await b.app.inject({ method: 'POST', url: '/api/assistant/conversations', payload: {} })).json().id);
for (let i = 0; i < 60; i++) await b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${convs[i % 16]}/messages`, payload: { text: qs[i % qs.length] } });
const n = Number(process.env.N ?? 400);
const session = new Session();
if (process.env.PROFILE) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 200 }); await session.post('Profiler.start'); }
const t = performance.now();
for (let i = 0; i < n; i++) {
  const r = await b.app.inject({ method: 'POST', url: `/api/assistant/conversations/${convs[i % 16]}/messages`, payload: { text: qs[i % qs.length] } });
  if (r.statusCode !== 200) throw new Error(r.body);
}
console.log('sequential ms/answer', ((performance.now() - t) / n).toFixed(2));
if (process.env.PROFILE) { const { profile } = await session.post('Profiler.stop'); fs.writeFileSync(process.env.PROFILE, JSON.stringify(profile)); }
await b.close();
