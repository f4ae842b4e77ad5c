import { createHash, randomBytes } from 'node:crypto';
import { HashStream } from './random';

/**
 * The public draw, verifiable by anyone with the published files and SHA-256:
 *
 * 1. Before the draw, the organiser publishes the distribution (classes of volunteers under
 *    pseudonymous ids, panels and their tickets) and an announcement holding the distribution's
 *    SHA-256 and a commitment SHA-256("beffroi-sortition-commitment/1\n" + salt + "\n" + seed) to a
 *    secret seed, and/or the public source whose value will be used (a lottery result, …).
 * 2. At the draw, the seed and salt are revealed and/or the public value is read. The key is
 *    SHA-256 of the canonical JSON {"distribution": hash, "public": value or null,
 *    "scheme": "beffroi-sortition-draw/1", "seed": seed or null}; the numbers come from
 *    `HashStream` (SHA-256 in counter mode, rejection sampling): first the ticket, uniform in
 *    [0, m), which names the panel holding it (panels in published order, tickets consecutive);
 *    then, class by class in the panel's order, its members by a partial Fisher–Yates shuffle of
 *    the class's published member list.
 * 3. `verifyDraw` recomputes everything from the files and refuses a distribution whose hash is not
 *    the announced one, a seed that does not open the commitment, or a result that differs.
 *
 * Only strings and integers are hashed, so that any language produces the same canonical JSON.
 */

export const DISTRIBUTION_FORMAT = 'beffroi-sortition-distribution/1';
export const ANNOUNCEMENT_FORMAT = 'beffroi-sortition-announcement/1';
export const DRAW_FORMAT = 'beffroi-sortition-draw/1';
const COMMITMENT_PREFIX = 'beffroi-sortition-commitment/1';

export interface PublishedDistribution {
  format: typeof DISTRIBUTION_FORMAT;
  /** What the draw is for, e.g. "Assemblée citoyenne sur le climat, 2027". */
  title: string;
  panelSize: number;
  features: { name: string; values: { value: string; min: number; max: number }[] }[];
  /** Volunteers grouped by feature values (one per feature, in `features` order). */
  classes: { values: string[]; members: string[] }[];
  ticketCount: number;
  /** Each panel: its tickets and [class index, how many of its members] pairs, classes ascending. */
  panels: { tickets: number; members: [number, number][] }[];
}

export interface DrawAnnouncement {
  format: typeof ANNOUNCEMENT_FORMAT;
  /** SHA-256 (hex) of the distribution's canonical JSON. */
  distribution: string;
  /** SHA-256 (hex) commitment to the secret seed, when one is used. */
  commitment: string | null;
  /** The public source of randomness to be used, when one is (described in words). */
  publicSource: string | null;
}

export interface DrawRecord {
  format: typeof DRAW_FORMAT;
  distribution: string;
  seed: string | null;
  salt: string | null;
  publicValue: string | null;
  ticket: number;
  /** 0-based index of the drawn panel in the distribution. */
  panel: number;
  /** Volunteer ids, in the order drawn. */
  selected: string[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with object keys sorted and no spaces. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`Only integers are hashed (got ${value}).`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, Json>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`Cannot hash a ${typeof value}.`);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function distributionHash(distribution: PublishedDistribution): string {
  return sha256Hex(canonicalJson(distribution));
}

export function commitmentOf(seed: string, salt: string): string {
  return sha256Hex(`${COMMITMENT_PREFIX}\n${salt}\n${seed}`);
}

/** A fresh secret seed and salt (32 random bytes each, hex) and the commitment to publish. */
export function newSeedCommitment(): { seed: string; salt: string; commitment: string } {
  const seed = randomBytes(32).toString('hex');
  const salt = randomBytes(32).toString('hex');
  return { seed, salt, commitment: commitmentOf(seed, salt) };
}

export function announceDraw(distribution: PublishedDistribution, commitment: string | null, publicSource: string | null): DrawAnnouncement {
  if (!commitment && !publicSource) throw new RangeError('A draw needs a committed seed, a public source of randomness, or both.');
  return { format: ANNOUNCEMENT_FORMAT, distribution: distributionHash(distribution), commitment, publicSource };
}

/** The problems of a distribution that no honest organiser would publish (empty when none). */
export function distributionProblems(d: PublishedDistribution): string[] {
  const problems: string[] = [];
  if (d.format !== DISTRIBUTION_FORMAT) problems.push(`unknown format ${String(d.format)}`);
  if (!Number.isSafeInteger(d.ticketCount) || d.ticketCount < 1) problems.push('the number of tickets is not a positive integer');
  const ticketSum = d.panels.reduce((sum, p) => sum + p.tickets, 0);
  if (ticketSum !== d.ticketCount) problems.push(`the panels hold ${ticketSum} tickets, not ${d.ticketCount}`);
  const seen = new Set<string>();
  for (const cls of d.classes) {
    if (cls.values.length !== d.features.length) problems.push('a class does not have one value per feature');
    for (const id of cls.members) {
      if (seen.has(id)) problems.push(`volunteer ${id} appears twice`);
      seen.add(id);
    }
  }
  d.classes.forEach((cls, c) => {
    cls.values.forEach((value, f) => {
      if (!d.features[f]?.values.some((v) => v.value === value)) problems.push(`class ${c} has the unknown value "${value}"`);
    });
  });
  d.panels.forEach((panel, j) => {
    if (!Number.isSafeInteger(panel.tickets) || panel.tickets < 1) problems.push(`panel ${j} has ${panel.tickets} tickets`);
    let size = 0;
    let previous = -1;
    const counts = d.features.map((f) => new Map(f.values.map((v) => [v.value, 0])));
    for (const [c, n] of panel.members) {
      const cls = d.classes[c];
      if (!cls || c <= previous || !Number.isSafeInteger(n) || n < 1 || n > cls.members.length) {
        problems.push(`panel ${j} takes ${n} from class ${c}, which is not possible`);
        continue;
      }
      previous = c;
      size += n;
      cls.values.forEach((value, f) => counts[f]!.set(value, (counts[f]!.get(value) ?? 0) + n));
    }
    if (size !== d.panelSize) problems.push(`panel ${j} has ${size} members instead of ${d.panelSize}`);
    d.features.forEach((feature, f) => {
      for (const v of feature.values) {
        const n = counts[f]!.get(v.value) ?? 0;
        if (n < v.min || n > v.max) problems.push(`panel ${j} has ${n} with ${feature.name}=${v.value}, outside [${v.min}, ${v.max}]`);
      }
    });
  });
  return problems;
}

function drawKey(hash: string, seed: string | null, publicValue: string | null): Buffer {
  return createHash('sha256').update(canonicalJson({ distribution: hash, public: publicValue, scheme: DRAW_FORMAT, seed }), 'utf8').digest();
}

/** The panel drawn from the distribution with this seed and/or public value (deterministic). */
export function drawPanel(
  distribution: PublishedDistribution,
  randomness: { seed?: string | null; salt?: string | null; publicValue?: string | null },
): DrawRecord {
  const seed = randomness.seed ?? null;
  const publicValue = randomness.publicValue ?? null;
  if (seed === null && publicValue === null) throw new RangeError('A draw needs a seed, a public value, or both.');
  const hash = distributionHash(distribution);
  const stream = new HashStream(drawKey(hash, seed, publicValue));
  const ticket = stream.nextBelow(distribution.ticketCount);
  let panelIndex = 0;
  for (let below = distribution.panels[0]!.tickets; ticket >= below; below += distribution.panels[panelIndex]!.tickets) panelIndex++;
  const selected: string[] = [];
  for (const [c, n] of distribution.panels[panelIndex]!.members) {
    const members = [...distribution.classes[c]!.members];
    for (let i = 0; i < n; i++) {
      const j = i + stream.nextBelow(members.length - i);
      [members[i], members[j]] = [members[j]!, members[i]!];
      selected.push(members[i]!);
    }
  }
  return { format: DRAW_FORMAT, distribution: hash, seed, salt: randomness.salt ?? null, publicValue, ticket, panel: panelIndex, selected };
}

export interface DrawVerification {
  valid: boolean;
  problems: string[];
  /** The draw as recomputed from the files (when they allow it). */
  recomputed: DrawRecord | null;
}

/** Re-runs the draw from the published files and compares. */
export function verifyDraw(distribution: PublishedDistribution, announcement: DrawAnnouncement, record: DrawRecord): DrawVerification {
  const problems: string[] = [];
  if (announcement.format !== ANNOUNCEMENT_FORMAT) problems.push('the announcement is not in a known format');
  if (record.format !== DRAW_FORMAT) problems.push('the draw record is not in a known format');
  const structural = distributionProblems(distribution);
  problems.push(...structural.map((p) => `distribution: ${p}`));
  const hash = distributionHash(distribution);
  if (hash !== announcement.distribution) problems.push('the distribution is not the one announced (its SHA-256 differs)');
  if (record.distribution !== announcement.distribution) problems.push('the draw record names another distribution than the announcement');
  if (announcement.commitment) {
    if (record.seed === null || record.salt === null) problems.push('the announced commitment requires the seed and salt, which the record does not reveal');
    else if (commitmentOf(record.seed, record.salt) !== announcement.commitment) problems.push('the revealed seed and salt do not match the announced commitment');
  } else if (record.seed !== null) {
    problems.push('the record uses a seed that was not committed to in the announcement');
  }
  if (announcement.publicSource && record.publicValue === null) problems.push(`the announced public source (${announcement.publicSource}) has no value in the record`);
  if (!announcement.publicSource && record.publicValue !== null) problems.push('the record uses a public value that was not announced');
  let recomputed: DrawRecord | null = null;
  if (structural.length === 0 && (record.seed !== null || record.publicValue !== null)) {
    recomputed = drawPanel(distribution, record);
    if (recomputed.ticket !== record.ticket) problems.push(`the ticket is ${recomputed.ticket}, not ${record.ticket}`);
    if (recomputed.panel !== record.panel) problems.push(`the panel is number ${recomputed.panel}, not ${record.panel}`);
    if (canonicalJson(recomputed.selected) !== canonicalJson(record.selected)) problems.push('the selected volunteers differ from those the draw gives');
  }
  return { valid: problems.length === 0, problems, recomputed };
}
