/** PostgreSQL helpers shared by the HTTP benchmarks: is the server there, and a throw-away database per run. */
import pg from 'pg';

export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * A database made for one run and dropped after it (even when the run fails), so that every run
 * starts from the same demo seed as PGlite. `name` is made unique per process; `createOptions`
 * follows `CREATE DATABASE <name>` (encoding, collation, template).
 */
export async function withScratchDatabase<T>(adminUrl: string, name: string, createOptions: string, run: (url: string) => Promise<T>): Promise<T> {
  const database = `${name}_${process.pid}`;
  const drop = async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    return admin;
  };
  const admin = await drop();
  await admin.query(`CREATE DATABASE ${database}${createOptions ? ` ${createOptions}` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  try {
    return await run(url.toString());
  } finally {
    await (await drop()).end();
  }
}
