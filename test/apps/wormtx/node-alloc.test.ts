// The RM's own vote window: an alloc that timed out but landed is retried, answers
// alreadyWritten with this life's own metadata, and the window must still become the RM's own
// (before the fix it was taken for a foreign window and the RM never voted in it).
import { describe, expect, it } from 'vitest';
import { RmNode } from '../../../src/apps/wormtx/node.ts';
import { segMeta, type TxConfig } from '../../../src/apps/wormtx/types.ts';
import type { Effect } from '../../../src/apps/runtime/node.ts';

const cfg: TxConfig = { nRms: 3, segBase: 1, window: 4, accounts: 3, initialBalance: 100, voteTimeout: 150, pollInterval: 20 };
type Eff = Effect<unknown, unknown, unknown>;
const wosCalls = (out: readonly Eff[]) => out.filter((e): e is Extract<Eff, { kind: 'wos' }> => e.kind === 'wos');

/** A node past recovery (no windows found) with its two first window allocs under way. */
function recoveredNode(clientId: number): { node: RmNode; allocs: Extract<Eff, { kind: 'wos' }>[] } {
  const node = new RmNode(0, clientId, cfg);
  let pending = wosCalls(node.start() as Eff[]);
  const allocs: Extract<Eff, { kind: 'wos' }>[] = [];
  for (let i = 0; i < 10 && pending.length > 0; i++) {
    const next: Extract<Eff, { kind: 'wos' }>[] = [];
    for (const c of pending) {
      if (c.call.kind === 'alloc') allocs.push(c);
      else next.push(...wosCalls(node.step({ kind: 'wosDone', tag: c.tag, result: { status: 'notAllocated' } }) as Eff[]));
    }
    pending = next;
  }
  return { node, allocs };
}

describe('WormTX RM window set-up', () => {
  it('takes a window whose alloc answers alreadyWritten with its own metadata as its own', () => {
    const { node, allocs } = recoveredNode(42);
    expect(allocs.length).toBe(2);
    const [first] = allocs;
    const out = wosCalls(node.step({ kind: 'wosDone', tag: first.tag, result: { status: 'alreadyWritten', value: segMeta(0, 42) } }) as Eff[]);
    expect(out.map((e) => e.call.kind)).toEqual(['captureSegment']);
  });

  it('still takes a window allocated by someone else (another life or an aborter) as foreign', () => {
    const { node, allocs } = recoveredNode(42);
    const [first] = allocs;
    const out = wosCalls(node.step({ kind: 'wosDone', tag: first.tag, result: { status: 'alreadyWritten', value: segMeta(0, 7) } }) as Eff[]);
    expect(out).toEqual([]);
  });
});
