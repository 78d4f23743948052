/**
 * replay runs one simulation from a RunShape (as a failing test prints it) and prints its
 * violations, counters and history, one call per line:
 *
 *     npx tsx src/sim/replay.ts '{"seed":22,"partitions":1,...}' [--extra '{"ackBeforeFsync":true}']
 */
import { pathToFileURL } from 'node:url';
import { formatCaptureId, type Ballot } from '../core/ballot.ts';
import type { CallRecord } from './history.ts';
import { simulate, type SimConfig, type SimResult } from './run.ts';
import { configOf, type RunShape } from './shape.ts';

/** formatCall renders one history entry: `#12 c3 [100..140] write 0:2 v=v3.7 id=- -> ok`. */
export function formatCall(c: CallRecord): string {
  const call = c.call as Record<string, unknown>;
  const args: string[] = [];
  if ('off' in call) args.push(`${call.seg}:${call.off}`);
  else if ('start' in call) args.push(`${call.seg}:[${call.start},${call.end})`);
  else args.push(String(call.seg));
  if ('value' in call) args.push(`v=${call.value}`);
  if ('captureId' in call) args.push(`id=${call.captureId === null ? '-' : formatCaptureId(call.captureId as Ballot)}`);
  const span = `[${c.invokedAt}..${c.returnedAt ?? ''}]`;
  const result = c.result ? JSON.stringify(c.result) : '(never returned)';
  return `#${c.id} c${c.client}${c.liveness ? ' (audit)' : ''} ${span} ${c.call.kind} ${args.join(' ')} -> ${result}`;
}

export function replay(shape: RunShape, extra: Partial<SimConfig> = {}): { result: SimResult; text: string } {
  const result = simulate(configOf(shape, extra));
  const lines = [
    result.violations.length === 0 ? 'no violations' : `${result.violations.length} violation(s):`,
    ...result.violations.map((v) => `  - ${v}`),
    `stats: ${JSON.stringify(result.stats)}`,
    'history:',
    ...result.log.calls.map((c) => `  ${formatCall(c)}`),
  ];
  return { result, text: lines.join('\n') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [shapeJson, flag, extraJson] = process.argv.slice(2);
  if (!shapeJson) {
    process.stderr.write("usage: npx tsx src/sim/replay.ts '<RunShape JSON>' [--extra '<SimConfig JSON>']\n");
    process.exit(2);
  }
  let shape: RunShape;
  let extra: Partial<SimConfig> = {};
  try {
    shape = JSON.parse(shapeJson) as RunShape;
    if (flag === '--extra' && extraJson) extra = JSON.parse(extraJson) as Partial<SimConfig>;
  } catch (err) {
    process.stderr.write(`replay: bad JSON: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const { result, text } = replay(shape, extra);
  process.stdout.write(text + '\n');
  process.exit(result.violations.length === 0 ? 0 : 1);
}
