/**
 * Load benchmark of the assistant through its HTTP API (a command, not a test):
 * the real server on loopback, demo knowledge base, no AI provider (extractive answers),
 * driven by autocannon. Each answer goes through the whole path: validation, redaction,
 * retrieval, extractive answer, storage of the question, the answer and its audit event.
 * The embedded database (PGlite) and a PostgreSQL server are measured side by side in one run.
 *
 *   npm run bench:assistant-http -- [--seconds 20] [--connections 16] [--postgres URL|none] [--json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { postgresReachable, withScratchDatabase } from './lib/scratch-database';
import { REPO_ROOT, startServer } from '../e2e/support/server';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '16' },
    conversations: { type: 'string', default: '64' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    json: { type: 'boolean', default: false },
  },
});

interface EvalQuestion {
  question: string;
  expectedDocument: string | null;
}

interface BackendResult {
  backend: 'pglite' | 'postgres';
  processes: number;
  requests: number;
  duration_s: number;
  answers_per_second: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number; mean: number };
  non_2xx: number;
  errors: number;
  answered_share: number;
}

const questions = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'src/modules/assistant/demo/eval-questions.json'), 'utf8')) as EvalQuestion[]
).map((q) => q.question);

async function measure(backend: 'pglite' | 'postgres', databaseUrl?: string, processes = 1): Promise<BackendResult> {
  const server = await startServer({
    requireWeb: false,
    env: {
      BEFFROI_RATE_LIMIT_PER_MINUTE: '100000000',
      BEFFROI_WORKERS: '0',
      LOG_LEVEL: 'error',
      BEFFROI_PROCESSES: String(processes),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  });
  try {
    const conversations: string[] = [];
    for (let i = 0; i < Number(args.conversations); i++) {
      const res = await fetch(`${server.url}/api/assistant/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language: 'fr' }),
      });
      if (res.status !== 201) throw new Error(`Could not start a conversation: ${res.status} ${await res.text()}`);
      conversations.push(((await res.json()) as { id: string }).id);
    }
    // Warm-up: first answers load the index and JIT the hot path.
    for (const q of questions.slice(0, 20)) {
      await fetch(`${server.url}/api/assistant/conversations/${conversations[0]}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: q }),
      });
    }

    let counter = 0;
    let answered = 0;
    let sampled = 0;
    const result = await autocannon({
      url: server.url,
      connections: Number(args.connections),
      duration: Number(args.seconds),
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const i = counter++;
            return {
              ...req,
              path: `/api/assistant/conversations/${conversations[i % conversations.length]}/messages`,
              body: JSON.stringify({ text: questions[i % questions.length] }),
            };
          },
          onResponse: (status, body) => {
            if (status === 200 && sampled < 2000) {
              sampled++;
              if (body.includes('"decision":"answered"')) answered++;
            }
          },
        },
      ],
    });
    return {
      backend,
      processes,
      requests: result.requests.total,
      duration_s: result.duration,
      answers_per_second: round(result.requests.total / result.duration),
      latency_ms: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
        mean: round(result.latency.mean),
      },
      non_2xx: result.non2xx,
      errors: result.errors,
      answered_share: round(sampled ? answered / sampled : 0, 3),
    };
  } finally {
    await server.stop();
  }
}

function round(x: number, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}



async function main() {
  const results: BackendResult[] = [];
  results.push(await measure('pglite'));
  if (args.postgres !== 'none' && (await postgresReachable(args.postgres!))) {
    results.push(await withScratchDatabase(args.postgres!, 'beffroi_bench', '', (url) => measure('postgres', url, 1)));
    // Both cores for the server: what a deployment on this machine would run.
    results.push(await withScratchDatabase(args.postgres!, 'beffroi_bench', '', (url) => measure('postgres', url, 2)));
  }
  const summary = {
    benchmark: 'assistant-http',
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    connections: Number(args.connections),
    seconds: Number(args.seconds),
    questions: questions.length,
    results,
    generatedAt: new Date().toISOString(),
  };
  fs.mkdirSync(path.join(REPO_ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(REPO_ROOT, 'bench/results/assistant-http.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const md = [
    '# Assistant through the HTTP API — load test on loopback',
    '',
    `Real server, demo knowledge base, no AI provider (extractive, cited answers), autocannon with ${summary.connections} connections for ${summary.seconds} s, ${summary.questions} demo questions in rotation over ${args.conversations} conversations; ${summary.machine.cpus} cores, Node ${summary.machine.node}. Every answer stores the question, the answer and its audit event. Generated ${summary.generatedAt}.`,
    '',
    '| backend | processes | answers/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | answered share |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.backend} | ${r.processes} | ${r.answers_per_second} | ${r.latency_ms.p50} | ${r.latency_ms.p90} | ${r.latency_ms.p99} | ${r.latency_ms.max} | ${r.non_2xx} | ${r.answered_share} |`,
    ),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(REPO_ROOT, 'bench/results/assistant-http.md'), md);
  console.log(md);
  if (args.json) console.log(JSON.stringify(summary));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
