import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOnThread, serialQueue, type OneShotThread } from './run-on-thread';

const thread = (timeLimitMs = 10_000): OneShotThread => ({
  threadFile: fileURLToPath(new URL('./testing/one-shot-thread.mjs', import.meta.url)),
  mark: 'beffroiTestThread',
  label: 'test',
  timeLimitMs,
  onTimeout: () => new Error('too long'),
});

describe('runOnThread', () => {
  it('posts the task to a thread of its own and resolves with its reply', async () => {
    await expect(runOnThread(thread(), { echo: 21 })).resolves.toEqual({ doubled: 42 });
  });

  it('stops a thread that outlives its time limit, with the caller’s error', async () => {
    await expect(runOnThread(thread(300), { spin: true })).rejects.toThrow('too long');
  });

  it('rejects when the thread exits without replying', async () => {
    await expect(runOnThread(thread(), { exit: 3 })).rejects.toThrow('the test thread stopped (exit code 3)');
  });
});

describe('serialQueue', () => {
  it('runs tasks one after the other, a failure not stopping the next', async () => {
    const queue = serialQueue();
    const order: string[] = [];
    const task = (name: string, ms: number, fail = false) => () =>
      new Promise<string>((resolve, reject) =>
        setTimeout(() => {
          order.push(name);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms),
      );
    const results = await Promise.allSettled([queue(task('slow', 40)), queue(task('fails', 1, true)), queue(task('fast', 1))]);
    expect(order).toEqual(['slow', 'fails', 'fast']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
