/**
 * Linkage of the WormCounter trace (src/apps/wormcounter/trace.ts, tla/apps/TraceWormCounter.tla)
 * to tla/apps/WormCounter.tla and to src/apps/wormcounter/node.ts. The node records raw events
 * (`ev: 'alloc'`, `ev: 'write'`) in onResult; trace.ts orders them into these.
 */
import type { SpecLinkage } from '../linkage.ts';

const NODE = 'src/apps/wormcounter/node.ts';

export const wormCounterLinkage: SpecLinkage = {
  descriptor: 'WormCounter',
  layer: 'wormcounter',
  spec: 'tla/apps/WormCounter.tla',
  events: {
    // ok or alreadyWritten: AllocSeg; unknown or preempted: AllocFailed.
    Alloc: { actions: ['AllocSeg', 'AllocFailed'], impl: { file: NODE, fn: 'CounterNode.onResult' } },
    // The write of capture+write with its answer pinned; unknown (timed out): WriteLost.
    Write: { actions: ['Write', 'WriteLost'], impl: { file: NODE, fn: 'CounterNode.onResult' } },
  },
  unobserved: {
    Capture: { reason: 'the capture half of capture+write is not seen by the code; the wrapper takes it as glue just before the client\'s Write event' },
    Land: { reason: 'a preempted write landing later is a WOS-internal step the clients never see; the wrapper takes it as glue' },
  },
};
