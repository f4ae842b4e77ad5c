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
  const beffroi = await createApp({ config, modules: MODULES });
  const { app } = beffroi;

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
  console.log(`\nBeffroi is running at ${url} (database: ${beffroi.ctx.database.kind})\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
