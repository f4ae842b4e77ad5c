import { readFile } from 'node:fs/promises';
import { verifyDraw, type DrawAnnouncement, type DrawRecord, type PublishedDistribution } from '../selection/draw';

const USAGE = `Usage: npm run sortition:verify -- --distribution FILE --announcement FILE --draw FILE [--json]

Re-runs a citizens' assembly draw from its three published files and checks the result:
  --distribution  the distribution published before the draw (classes, panels, tickets)
  --announcement  the announcement published with it (the distribution's SHA-256, the commitment
                  to the seed and/or the public source of randomness)
  --draw          the draw record published after the draw (revealed seed and salt, public
                  value, ticket, panel, selected volunteers)
Refuses a distribution that is not the announced one, a seed that does not open the commitment,
and a result that does not follow from them. Exits 0 when the draw checks out, 1 when it does not,
2 when the files cannot be read.`;

interface Arguments {
  distribution?: string;
  announcement?: string;
  draw?: string;
  json: boolean;
  help: boolean;
}

function parseArguments(argv: string[]): Arguments {
  const out: Arguments = { json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === '--help' || name === '-h') {
      out.help = true;
      continue;
    }
    if (name === '--json') {
      out.json = true;
      continue;
    }
    if (name !== '--distribution' && name !== '--announcement' && name !== '--draw') throw new Error(`unknown argument ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (!value) throw new Error(`${name} needs a file`);
    out[name.slice(2) as 'distribution' | 'announcement' | 'draw'] = value;
  }
  return out;
}

async function readJson<T>(file: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the ${what} ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`the ${what} ${file} is not JSON`);
  }
}

async function main(): Promise<void> {
  let args: Arguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (!args.distribution || !args.announcement || !args.draw) {
    console.error(`The three files are needed.\n\n${USAGE}`);
    process.exit(2);
  }
  const distribution = await readJson<PublishedDistribution>(args.distribution, 'distribution');
  const announcement = await readJson<DrawAnnouncement>(args.announcement, 'announcement');
  const record = await readJson<DrawRecord>(args.draw, 'draw record');
  let result: ReturnType<typeof verifyDraw>;
  try {
    result = verifyDraw(distribution, announcement, record);
  } catch (err) {
    // A file with the wrong shape (missing fields…) cannot be verified.
    result = { valid: false, problems: [`the files do not have the expected structure: ${(err as Error).message}`], recomputed: null };
  }
  if (args.json) {
    console.log(JSON.stringify(result, null, 2));
  } else if (result.valid) {
    console.log(
      `Draw verified: ticket ${record.ticket} of ${distribution.ticketCount}, panel ${record.panel} of ${distribution.panels.length}, ` +
        `${record.selected.length} volunteers selected, distribution ${announcement.distribution}.`,
    );
  } else {
    console.error('Draw NOT verified:');
    for (const problem of result.problems) console.error(`- ${problem}`);
  }
  process.exit(result.valid ? 0 : 1);
}

main().catch((err) => {
  console.error(`Verification FAILED to run: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
