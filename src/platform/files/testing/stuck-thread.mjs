/**
 * A parsing thread that misbehaves, for the tests of the time and memory limits (parser.ts's
 * `threadFile`). The file name of the parse request says how: `spin` never answers nor yields;
 * `hoard` fills buffers outside the JavaScript heap (out of reach of V8's heap limit), 8 MiB a
 * millisecond, until it is stopped.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (task) => {
  if (task.request.filename === 'hoard') {
    const kept = [];
    for (;;) {
      kept.push(new Uint8Array(8 * 1_048_576).fill(1));
      const until = performance.now() + 1;
      while (performance.now() < until);
    }
  }
  for (;;);
});
