/**
 * Load benchmark of voting (a command, not a test): the real server on loopback, a consultation of
 * 30 statements, 200 concurrent voters driven by autocannon — one connection per voter, each with
 * its own participant cookie, voting on the statements in turn (after the 30th, each vote replaces
 * an earlier one). Every vote goes the whole way: cookie → keyed hash → guard (participant of this
 * consultation, statement published, consultation open) → vote upserted, vote event appended,
 * audit event appended, in one transaction. After the run, the votes and vote events the server
 * holds are compared with the 200 answers the voters got: no vote may be lost. PGlite and a
 * PostgreSQL server are measured side by side.
 *
 *   npm run bench:participation-votes -- [--seconds 20] [--voters 200] [--statements 30] [--postgres URL|none]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { postgresReachable, withScratchDatabase } from './lib/scratch-database';
import { REPO_ROOT, startServer, type RunningServer } from '../e2e/support/server';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    voters: { type: 'string', default: '200' },
    statements: { type: 'string', default: '30' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const SECONDS = Number(args.seconds);
const VOTERS = Number(args.voters);
const STATEMENTS = Number(args.statements);
const CHOICES = ['agree', 'disagree', 'pass'] as const;
const WORDS = (
  'arbres bancs bus vélos trottoirs écoles marché parcs fontaines toilettes lumière bruit propreté jeux sport piscine bibliothèque musique ' +
  'théâtre jardins potagers compost tri déchets navettes gare parking horaires mairie santé crèches seniors jeunes associations fêtes ' +
  'sécurité vitesse carrefours passages piétons rampes ascenseurs chaleur ombre eau fleurs ruches oiseaux chemins berges pont tunnel'
).split(' ');

/** Distinct statements (few shared words), so that none is refused as a near-duplicate of another. */
function statementText(i: number): string {
  let seed = i * 7919 + 17;
  const picked = new Set<string>();
  while (picked.size < 5) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    picked.add(WORDS[seed % WORDS.length]!);
  }
  return `Proposition ${i + 1} : priorité aux ${[...picked].join(', ')}.`;
}

interface BackendResult {
  backend: 'pglite' | 'postgres';
  processes: number;
  voters: number;
  votes_accepted: number;
  duration_s: number;
  votes_per_second: number;
  latency_ms: { p50: number; p90: number; p95: number; p99: number; max: number; mean: number };
  non_2xx: number;
  errors: number;
  /** What the server holds after the run, against what the voters were told. */
  check: {
    vote_events_expected: number;
    vote_events_stored: number;
    in_flight_at_stop: number;
    votes_expected: number;
    votes_stored: number;
    lost: number;
    phantom: number;
  };
}

async function json(res: Response) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** An administrator's session: cookie and CSRF token. */
async function adminSession(server: RunningServer) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.adminEmail, password: server.adminPassword }),
  });
  const body = await json(res);
  const cookie = /beffroi_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  const call = async (method: string, p: string, payload?: unknown) =>
    json(
      await fetch(`${server.url}${p}`, {
        method,
        headers: { cookie, 'x-csrf-token': body.csrfToken, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      }),
    );
  return call;
}

async function measure(backend: 'pglite' | 'postgres', databaseUrl?: string, processes = 1): Promise<BackendResult> {
  const server = await startServer({
    requireWeb: false,
    env: {
      BEFFROI_RATE_LIMIT_PER_MINUTE: '100000000',
      LOG_LEVEL: 'error',
      BEFFROI_PROCESSES: String(processes),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  });
  try {
    const admin = await adminSession(server);
    // 200 voters from one loopback address: more new participants per address than a town hall's default.
    await admin('PUT', '/api/admin/settings/participation.limits', {
      value: {
        statementsPerParticipantPerHour: 10,
        statementsPerAddressPerHour: 60,
        contributionsPerParticipantPerHour: 10,
        contributionsPerAddressPerHour: 60,
        participantsPerAddressPerHour: 100_000,
        nearDuplicateThreshold: 0.8,
      },
    });
    const consultation = await admin('POST', '/api/admin/participation/consultations', {
      title: 'Banc d’essai des votes',
      question: 'Êtes-vous d’accord ?',
      usesContributions: false,
    });
    const statements: string[] = [];
    for (let i = 0; i < STATEMENTS; i++) {
      const s = await admin('POST', `/api/admin/participation/consultations/${consultation.id}/statements`, { text: statementText(i) });
      statements.push(s.id);
    }
    await admin('POST', `/api/admin/participation/consultations/${consultation.id}/phase`, { phase: 'open' });

    // Each voter takes part and gets its cookie.
    const cookies: string[] = [];
    for (let i = 0; i < VOTERS; i++) {
      const res = await fetch(`${server.url}/api/participation/consultations/${consultation.id}/participants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      if (res.status !== 201) throw new Error(`Could not join: ${res.status} ${await res.text()}`);
      cookies.push(/beffroi_participant=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0]);
    }
    // Warm-up: one vote per voter on the first statement (loads the hot path).
    await Promise.all(
      cookies.slice(0, 20).map((cookie) =>
        fetch(`${server.url}/api/participation/consultations/${consultation.id}/statements/${statements[0]}/vote`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', cookie },
          body: '{"vote":"agree"}',
        }),
      ),
    );
    const warmEvents = 20;

    let nextVoter = 0;
    let sent = 0;
    let accepted = 0;
    const pairs = new Set<string>(cookies.slice(0, warmEvents).map((_, v) => `${v}:0`));
    // autocannon clears a connection's context after each pass over the request list: one pass is
    // one voter voting on every statement in turn; the connection then goes on as the next voter.
    const result = await autocannon({
      url: server.url,
      connections: VOTERS,
      duration: SECONDS,
      requests: statements.map((statementId, statement) => ({
        method: 'PUT' as const,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req: any, context: Record<string, any>) => {
          if (context.voter === undefined) context.voter = nextVoter++ % VOTERS;
          context.pair = `${context.voter}:${statement}`;
          sent++;
          return {
            ...req,
            path: `/api/participation/consultations/${consultation.id}/statements/${statementId}/vote`,
            headers: { ...req.headers, cookie: cookies[context.voter]! },
            body: JSON.stringify({ vote: CHOICES[(context.voter + statement) % 3] }),
          };
        },
        onResponse: (status: number, _body: string, context: Record<string, any>) => {
          if (status === 200) {
            accepted++;
            pairs.add(context.pair);
          }
        },
      })),
    });
    const stats = await admin('GET', `/api/admin/participation/consultations/${consultation.id}/stats`);
    // Votes answered 200 must all be stored; requests still in flight when the run stopped may be stored too, never more than were sent.
    const expectedEvents = accepted + warmEvents;
    const lost = Math.max(0, expectedEvents - stats.totals.voteEvents) + Math.max(0, pairs.size - stats.totals.votes);
    const phantom = Math.max(0, stats.totals.voteEvents - (sent + warmEvents));
    return {
      backend,
      processes,
      voters: VOTERS,
      votes_accepted: accepted,
      duration_s: result.duration,
      votes_per_second: round(accepted / result.duration),
      latency_ms: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p95: percentile95(result),
        p99: result.latency.p99,
        max: result.latency.max,
        mean: round(result.latency.mean),
      },
      non_2xx: result.non2xx,
      errors: result.errors,
      check: {
        vote_events_expected: expectedEvents,
        vote_events_stored: stats.totals.voteEvents,
        in_flight_at_stop: sent - accepted - result.non2xx - result.errors,
        votes_expected: pairs.size,
        votes_stored: stats.totals.votes,
        lost,
        phantom,
      },
    };
  } finally {
    await server.stop();
  }
}

/**
 * autocannon reports p90, p97.5 and p99, not p95: interpolated linearly between p90 and p97.5
 * (an estimate; the histogram's exact value is not exposed).
 */
function percentile95(result: autocannon.Result): number {
  const l = result.latency as unknown as Record<string, number>;
  return round(l.p90! + ((95 - 90) / (97.5 - 90)) * (l.p97_5! - l.p90!));
}

function round(x: number, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}



async function main() {
  const loadBefore = os.loadavg()[0]!;
  const results: BackendResult[] = [];
  results.push(await measure('pglite'));
  if (args.postgres !== 'none' && (await postgresReachable(args.postgres!))) {
    results.push(await withScratchDatabase(args.postgres!, 'beffroi_bench_votes', "ENCODING 'UTF8' TEMPLATE template0", (url) => measure('postgres', url, 1)));
    results.push(await withScratchDatabase(args.postgres!, 'beffroi_bench_votes', "ENCODING 'UTF8' TEMPLATE template0", (url) => measure('postgres', url, 2)));
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const summary = {
    benchmark: 'participation-votes',
    machine: {
      cpus: os.cpus().length,
      cpu,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      // The machine may be shared: its 1-minute load before and after the run, for reading the figures.
      loadAverage: { before: round(loadBefore, 2), after: round(os.loadavg()[0]!, 2) },
    },
    voters: VOTERS,
    statements: STATEMENTS,
    seconds: SECONDS,
    results,
    generatedAt: new Date().toISOString(),
  };
  fs.mkdirSync(path.join(REPO_ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(REPO_ROOT, 'bench/results/participation-votes.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const md = [
    '# Participation: votes through the HTTP API — load test on loopback',
    '',
    `Real server (production start, one job worker), a consultation of ${STATEMENTS} statements, ${VOTERS} concurrent voters (autocannon, one connection and one participant cookie per voter, each voting on the statements in turn; past the ${STATEMENTS}th a vote replaces an earlier one) for ${SECONDS} s. ` +
      `Every vote: keyed hash of the cookie, guard (participant of this consultation, published statement, open consultation), vote upserted, vote event and audit event appended, one transaction. ` +
      `Machine: ${summary.machine.cpus} cores (${cpu}), ${summary.machine.memoryGiB} GiB, Node ${summary.machine.node}; the load generator runs on the same cores; 1-minute load average ${summary.machine.loadAverage.before} before the run, ${summary.machine.loadAverage.after} after (other work on the machine slows every figure). Generated ${summary.generatedAt}.`,
    '',
    '| backend | processes | votes/s | p50 ms | p90 ms | p95 ms* | p99 ms | max ms | non-2xx | errors | votes lost |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.backend} | ${r.processes} | ${r.votes_per_second} | ${r.latency_ms.p50} | ${r.latency_ms.p90} | ${r.latency_ms.p95} | ${r.latency_ms.p99} | ${r.latency_ms.max} | ${r.non_2xx} | ${r.errors} | ${r.check.lost} (answered ${r.check.vote_events_expected}, in flight at the stop ${r.check.in_flight_at_stop}, stored ${r.check.vote_events_stored}; distinct votes ${r.check.votes_expected}, stored ${r.check.votes_stored}) |`,
    ),
    '',
    '\\* autocannon reports p90, p97.5 and p99; p95 is interpolated between p90 and p97.5. Votes lost: answered 200 but not stored (a vote in flight when the run stopped may be stored without its answer being counted; never more than were sent).',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(REPO_ROOT, 'bench/results/participation-votes.md'), md);
  console.log(md);
  if (results.some((r) => r.check.lost > 0 || r.check.phantom > 0)) {
    console.error('Votes were lost.');
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
