/**
 * A process's raw event log (`--trace DIR`): the folder is created by whoever opens a log first
 * (a client started before the cluster, or the RMs of `tx demo`), and the log is not mistaken for
 * a trace: `trace check` on it says to merge first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEventLog } from '../../src/trace/event-log.ts';
import { parseAnyTrace } from '../../src/trace/format.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'event-log-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a process event log', () => {
  it('creates its folder when the folder does not exist yet', () => {
    const file = path.join(root, 'not', 'yet', 'client-7.ndjson');
    const log = openEventLog(file, 'client 7');
    log.tracer({ action: 'Capture', client: 7, rid: 1, seg: 1, off: 0, ballot: [1, 7] } as never);
    log.close();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ events: 'wormspace', process: 'client 7' });
    expect(lines).toHaveLength(2);
  });

  it('is refused as a trace with a line that says to merge the folder first', () => {
    const file = path.join(root, 'not', 'yet', 'client-7.ndjson');
    expect(() => parseAnyTrace(fs.readFileSync(file, 'utf8'), 'client-7.ndjson')).toThrow(
      /^client-7\.ndjson:1: this is one process's raw event log of client 7, not a trace; merge .*wormspace trace merge DIR/,
    );
  });
});
