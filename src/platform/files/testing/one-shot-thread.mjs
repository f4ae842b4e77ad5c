/**
 * A one-shot thread for the tests of run-on-thread.ts: replies to `{ echo }` with it doubled,
 * never answers `{ spin: true }`, and exits without a reply on `{ exit: code }`. It listens only
 * when started with its mark, as a real thread module does.
 */
import { parentPort, workerData } from 'node:worker_threads';

if (workerData?.beffroiTestThread) {
  parentPort.once('message', (task) => {
    if (task.spin) for (;;);
    if (task.exit !== undefined) process.exit(task.exit);
    parentPort.postMessage({ doubled: task.echo * 2 });
  });
}
