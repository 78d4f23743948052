/**
 * Linkage of the whole-system WOS trace (src/trace/wos.ts, tla/wos/TraceWOS.tla) to the
 * API-level spec tla/wos/WOS.tla and to the client runtime that records the calls: the
 * simulator's SimClient (src/sim/client.ts), or CallRecorder around the real client library
 * (src/trace/wos-client.ts). A call's WOS step is taken at its linearization point, between its
 * Call and its Return; the Return takes it at the latest.
 */
import type { SpecLinkage } from '../linkage.ts';

const SIM_CLIENT = 'src/sim/client.ts';

export const wosLinkage: SpecLinkage = {
  descriptor: 'WOS',
  layer: 'wos',
  spec: 'tla/wos/WOS.tla',
  next: 'WOSNext',
  events: {
    Call: {
      actions: [],
      stutter: 'an invocation changes nothing yet: the wrapper notes the call (and its answer to come), a lost one as a call that may take effect later',
      impl: { file: SIM_CLIENT, fn: 'SimClient.invoke' },
    },
    // The call's own step, with its arguments and answer pinned (TraceWOS.tla Lin, Match);
    // Refused: a register call on an unallocated or trimmed segment (the parser splits it out of
    // CaptureSegment, Write, WriteSegment and Read).
    Return: { actions: ['Alloc', 'Check', 'Trim', 'CaptureSegment', 'Write', 'Read', 'Refused'], impl: { file: SIM_CLIENT, fn: 'SimClient.handle' } },
  },
  unobserved: {
    WriteSegment: { reason: 'the code writes a range register by register, not atomically: the wrapper takes a writeSegment as one Write per register, each at its own point between Call and Return' },
    SettleMeta: { reason: 'a preempted alloc whose accepts landed after all (a later repair completes it) is seen by no caller: glue' },
    Settle: { reason: 'a preempted or lost write landing late (an accept in flight, a read\'s repair) is seen by no caller: glue' },
  },
};
