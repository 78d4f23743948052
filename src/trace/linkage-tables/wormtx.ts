/**
 * Linkage of the WormTX trace (one transaction; src/apps/wormtx/trace.ts, tla/apps/TraceWormTX.tla)
 * to tla/apps/WormTX.tla and to src/apps/wormtx/node.ts. The node records raw events
 * (`ev: 'vote'`, ...) that trace.ts (txTraces) turns into these; the rows name the RM method
 * that takes the step.
 */
import type { SpecLinkage } from '../linkage.ts';

const NODE = 'src/apps/wormtx/node.ts';

export const wormTxLinkage: SpecLinkage = {
  descriptor: 'WormTX',
  layer: 'wormtx',
  spec: 'tla/apps/WormTX.tla',
  events: {
    Vote: { actions: ['VoteYes', 'VoteNo'], impl: { file: NODE, fn: 'RmNode.vote' } },
    // A capture of a silent RM's register after a timeout (a capture that found the register
    // written only reads it: no step).
    Capture: { actions: ['TimeoutCapture'], impl: { file: NODE, fn: 'RmNode.onResult' } },
    AbortWrite: { actions: ['TimeoutWrite'], impl: { file: NODE, fn: 'RmNode.onResult' } },
    Read: { actions: [], stutter: 'a poll or recovery read of a vote register changes nothing; the wrapper checks the value read', impl: { file: NODE, fn: 'RmNode.onResult' } },
    Decide: { actions: ['DecideCommit', 'DecideAbort'], impl: { file: NODE, fn: 'RmNode.tryDecide' } },
  },
  unobserved: {
    LandLate: { reason: 'a preempted vote landing later is a WOS-internal step the RMs never see; the wrapper takes it as glue' },
  },
};
