import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/index';
import type { BeffroiApp } from '../app';
import { queryRows, sql } from '../db/client';
import type { ModuleManifest } from '../modules';
import { createTestApp } from '../testing/app';
import { testBackend } from '../testing/db';

function request(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time (no keep-alive agent), as a new client would open.
    const req = http.request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(`graceful shutdown (${testBackend()})`, () => {
  let beffroi: BeffroiApp | undefined;
  afterAll(async () => {
    await beffroi?.close();
  });

  it('finishes the in-flight request (database included) and refuses new connections', async () => {
    let handlerEntered!: () => void;
    const entered = new Promise<void>((r) => (handlerEntered = r));
    // The request takes 500 ms, and also waits for the test to let it finish, so the refusal
    // below is checked while it is certainly still in flight (however slow the machine).
    let releaseHandler!: () => void;
    const released = new Promise<void>((r) => (releaseHandler = r));
    const slowModule: ModuleManifest = {
      name: 'slow-probe',
      routes(app, ctx) {
        app.get('/api/test/slow', async () => {
          handlerEntered();
          await Promise.all([new Promise((r) => setTimeout(r, 500)), released]);
          // The database must still be open while the request drains.
          const [row] = await queryRows<{ answer: number }>(ctx.db, sql`SELECT 42 AS answer`);
          return { answer: row!.answer };
        });
      },
    };
    beffroi = await createTestApp({ modules: [...MODULES, slowModule] });
    await beffroi.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = beffroi.app.server.address() as AddressInfo;

    const inFlight = request(port, '/api/test/slow');
    await entered;
    const closing = beffroi.close();

    // Closing stops the listener first (asynchronously); once it is down, new clients are refused
    // while the in-flight request is still being served.
    while (beffroi.app.server.listening) await new Promise((r) => setTimeout(r, 5));
    let inFlightDone = false;
    void inFlight.then(() => (inFlightDone = true));
    await expect(request(port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(inFlightDone).toBe(false);
    releaseHandler();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ answer: 42 });
    await closing;
    await expect(request(port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
