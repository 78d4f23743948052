/**
 * Linkage of the WormPaxos trace (src/apps/wormpaxos/trace.ts, tla/apps/TraceWormPaxos.tla) to
 * tla/apps/WormPaxos.tla and to src/apps/wormpaxos/node.ts. The rows follow the wrapper's table.
 */
import type { SpecLinkage } from '../linkage.ts';

const NODE = 'src/apps/wormpaxos/node.ts';
const N = (fn: string) => ({ file: NODE, fn: `WormPaxosNode.${fn}` });
/** Measured 2026-12-05: verify's simulations (40 steps, every fault) time out no such call in seeds 1..40. */
const NO_TIMEOUT = 'a write or seal call that timed out; no seed of 1..40 of the verify simulation (40 steps, every fault) has one';

export const wormPaxosLinkage: SpecLinkage = {
  descriptor: 'WormPaxos',
  layer: 'wormpaxos',
  spec: 'tla/apps/WormPaxos.tla',
  events: {
    Submit: { actions: ['Submit'], impl: N('onRequest') },
    Drop: { actions: ['Drop'], impl: N('dropProposalsIfFollower') },
    Ack: { actions: ['Ack'], impl: N('applyKnown') },
    Learn: { actions: ['Learn'], impl: N('applyKnown') },
    Alloc: { actions: ['AllocNext'], impl: N('onAlloc') },
    AllocLost: { actions: [], stutter: 'an alloc answered alreadyWritten: the segment is someone else\'s, the wrapper only checks that', impl: N('onAlloc') },
    Capture: { actions: ['LeaderCapture'], impl: N('onCapture') },
    Issue: { actions: ['LeaderIssue'], impl: N('propose') },
    Skip: {
      actions: ['LeaderSkip'],
      impl: N('propose'),
      // Since followers learn from the leader's pushes (s4-perf) they seal only after a tick
      // without a heartbeat, so a live leader seldom finds its next slot sealed.
      rare: 'a live leader finding its next slot already sealed by a follower that missed its heartbeats; the verify seeds stopped reaching it once followers learn by push',
    },
    Write: { actions: ['LeaderWrite'], impl: N('onWrite') },
    WriteLost: { actions: ['WriteLost'], impl: N('onWrite'), rare: NO_TIMEOUT },
    StepDown: { actions: ['StepDown'], impl: N('depose') },
    SealCapture: { actions: ['SealCapture'], impl: N('onSealCapture') },
    SealWrite: { actions: ['SealWrite'], impl: N('onSealWrite') },
    SealLost: { actions: ['SealLost'], impl: N('onSealWrite'), rare: NO_TIMEOUT },
    // A read answered unwritten: its repair at a fresh ballot may have made the capture ids there stale (or changed nothing).
    ReadEmpty: { actions: ['ReadRepair'], impl: N('onRead') },
    // A call whose replica crashed or gave up: the recorder writes it when the replica crashes.
    Stray: { actions: ['StrayWrite', 'StrayAccept', 'StrayCaptureSegment', 'StrayWriteSegment', 'StrayAlloc'], impl: { file: 'src/apps/wormpaxos/trace.ts', fn: 'Recorder.stray' }, emits: true },
  },
  unobserved: {
    LearnSkip: { reason: 'the wrong learner of the LearnerSkipsHole teeth model (a Bug constant); the code never takes it' },
    AllocUnheard: { reason: 'an alloc whose answer never came: the code sees a timeout, and the recorder writes the call as Stray (StrayAlloc) instead' },
    LeadWithoutAlloc: { reason: 'the LeaderWithoutAlloc model\'s replica (a constant of that model); the code leads only a segment it allocated' },
    LandLate: { reason: 'a preempted write landing later is a WOS-internal step the replicas never see; the wrapper takes it as glue' },
  },
};
