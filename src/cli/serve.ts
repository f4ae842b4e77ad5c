import cluster from 'node:cluster';
import { MODULES } from '../modules/index';
import { createApp } from '../platform/app';
import { ConfigError, loadConfig } from '../platform/config';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  if (config.processes > 1 && cluster.isPrimary) return supervise(config.processes);
  // Every process migrates, bootstraps and seeds under database locks, so they may start together.
  const beffroi = await createApp({ config, modules: MODULES });
  const { app } = beffroi;
  beffroi.ctx.database.onFatal((err) => {
    app.log.fatal({ err: err.message }, 'the database is unusable: exiting so that the supervisor restarts the server');
    process.exit(1);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long, exiting');
      process.exit(1);
    }, 15_000);
    timer.unref();
    await beffroi.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  const url = config.publicUrl ?? address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  if (!cluster.isWorker || cluster.worker?.id === 1) console.log(`\nBeffroi is running at ${url} (database: ${beffroi.ctx.database.kind})\n`);
}

/**
 * Several stateless HTTP processes sharing one port (node:cluster), on one PostgreSQL server:
 * how one machine uses all its cores. A process that dies is replaced; signals stop them all.
 */
function supervise(processes: number) {
  let stopping = false;
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`Process ${worker.process.pid} exited (${signal ?? code}); starting another.`);
    cluster.fork();
  });
  const stopAll = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  process.on('SIGINT', () => stopAll('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
