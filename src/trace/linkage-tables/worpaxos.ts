/**
 * Linkage of the WORPaxos trace (one register; src/trace/worpaxos.ts, tla/wor/TraceWORPaxos.tla)
 * to tla/wor/WORPaxos.tla and to src/core. The rows follow the table at the top of the wrapper.
 */
import type { SpecLinkage } from '../linkage.ts';

const ACCEPTOR = 'src/core/acceptor.ts';
const PAXOS = 'src/core/proposer/paxos-op.ts';
const READ = 'src/core/proposer/read-op.ts';
const SERVER = 'src/sim/server.ts';
/** Why verify's WORPaxos seeds never show a capture call (test/trace/worpaxos-handover.test.ts does). */
const HANDOVER_RARE = 'verify traces the metadata WOR, which alloc writes with a propose op (capture+write, no CaptureDone); capture calls and their hand-overs are on data registers, checked by test/trace/worpaxos-handover.test.ts';
/** Measured 2026-12-05 with record.ts's default workload: no preempted answer in seeds 1..60. */
const PREEMPTED = 'a propose op that a quorum refused retries at a fresh ballot without answering, so it answers preempted only after its ballot budget; no traced seed of 1..60 does';

/** Why the default workload's seeds never show a forged write (verify's careless-client rows and test/trace/worpaxos-forged.test.ts do). */
const FORGED = 'only careless and hostile clients write with capture ids they do not hold: the default workload never does; verify\'s "WORPaxos careless and hostile clients" rows and test/trace/worpaxos-forged.test.ts run sharedIdsTraceConfig';

/** The acceptor's events, the same in the WORPaxos and WORAcceptor traces. */
export const ACCEPTOR_EVENTS: SpecLinkage['events'] = {
    Promise: { actions: ['Promise'], impl: { file: ACCEPTOR, fn: 'onPrepare' }, emits: true },
    RejectPrepare: { actions: ['RejectPrepare'], impl: { file: ACCEPTOR, fn: 'onPrepare' }, emits: true },
    Accepted: { actions: ['Accepted'], impl: { file: ACCEPTOR, fn: 'onAccept' }, emits: true },
    RejectAccept: { actions: ['RejectAccept'], impl: { file: ACCEPTOR, fn: 'onAccept' }, emits: true },
    ReadReply: { actions: ['ReadReply'], impl: { file: ACCEPTOR, fn: 'onReadQuery' }, emits: true },
    CrashAcceptor: { actions: ['CrashAcceptor'], impl: { file: SERVER, fn: 'SimServer.crash' }, emits: true },
    RecoverAcceptor: { actions: ['RecoverAcceptor'], impl: { file: SERVER, fn: 'SimServer.restart' }, emits: true },
};

export const worPaxosLinkage: SpecLinkage = {
  descriptor: 'WORPaxos',
  layer: 'wor',
  spec: 'tla/wor/WORPaxos.tla',
  events: {
    ...ACCEPTOR_EVENTS,
    // A fresh ballot: a capture at any later round, or a read's fallback starting (after a refused
    // repair, a retry, or a read that found two values at the top ballot and falls back at once).
    Capture: { actions: ['Capture', 'RepairRefused', 'FallbackRetry', 'ReadDone'], impl: { file: PAXOS, fn: 'PaxosOp.newBallot' }, emits: true },
    // The answers below are traced by BaseOp.finish under a name built from the op's kind
    // (`${kind}Done`, `${kind}Preempted`), so the deciding method does not spell the event.
    CaptureDone: {
      actions: ['CaptureDone'],
      impl: { file: PAXOS, fn: 'PaxosOp.afterPhase1' },
      rare: HANDOVER_RARE,
    },
    CapturePreempted: { actions: ['CapturePreempted'], impl: { file: PAXOS, fn: 'PaxosOp.afterVote' }, rare: PREEMPTED },
    // Phase 2 of a propose op, or of a read's fallback after its phase 1; at ballot [0, 0] the
    // unsafe write (WriteOp.start with capture id 0), UnsafeWrite.
    Write: { actions: ['Write', 'FallbackPromised', 'UnsafeWrite'], impl: { file: PAXOS, fn: 'PaxosOp.afterPhase1' }, emits: true },
    // alreadyWritten from a quorum of refusals (WriteOp, chosenAmong) is WriteAlreadyWritten. A
    // capture call's completion of a revealed value answers as a propose op (record.ts).
    WriteDone: { actions: ['WriteDone', 'WriteAlreadyWritten', 'ForgedWriteAlreadyWritten'], impl: { file: PAXOS, fn: 'WriteOp.handle' } },
    // A WriteOp whose Accept carries no proof, with an id its writer does not hold: record.ts
    // names it ForgedWrite from the Write event's `keyed` (false) and the ids phase 1 keyed.
    ForgedWrite: { actions: ['ForgedWrite'], impl: { file: PAXOS, fn: 'WriteOp.start' }, rare: FORGED },
    // A capture call answers its id to the caller, who keeps it (a holder client) while the
    // client goes on (Release); a write with the id gets it from the holder. record.ts emits both.
    HandOver: { actions: ['HandOver'], impl: { file: PAXOS, fn: 'PaxosOp.afterPhase1' }, rare: HANDOVER_RARE },
    Release: { actions: ['Release'], impl: { file: PAXOS, fn: 'PaxosOp.afterPhase1' }, rare: HANDOVER_RARE },
    ForgetRevealed: { actions: ['ForgetRevealed'], impl: { file: PAXOS, fn: 'PaxosOp.afterCompletion' }, rare: HANDOVER_RARE },
    // A propose op refused in phase 1 answers WritePreempted: the wrapper takes CapturePreempted then.
    WritePreempted: { actions: ['WritePreempted', 'CapturePreempted', 'ForgedWritePreempted'], impl: { file: PAXOS, fn: 'WriteOp.handle' }, rare: PREEMPTED },
    Timeout: { actions: ['Timeout'], impl: { file: 'src/core/proposer/base-op.ts', fn: 'BaseOp.onTimeout' } },
    Read: { actions: ['Read'], impl: { file: READ, fn: 'ReadOp.start' }, emits: true },
    ReadDone: { actions: ['ReadDone'], impl: { file: READ, fn: 'ReadOp.decide' } },
    // A read that decides to repair: the spec's ReadDone with the client left repairing.
    Repair: { actions: ['ReadDone'], impl: { file: READ, fn: 'ReadOp.decide' }, emits: true },
    // The repair's answer, or the fallback's (its phase 2 done, or its phase 1 found nothing);
    // the read then relays that answer as a second RepairDone, a stuttering step.
    RepairDone: { actions: ['RepairDone', 'FallbackDone', 'FallbackPromised'], impl: { file: READ, fn: 'ReadOp.handle' }, emits: true },
    RepairPreempted: { actions: ['FallbackPreempted'], impl: { file: PAXOS, fn: 'PaxosOp.afterVote' }, rare: `needs a read whose repair is refused and whose fallback Paxos run is then preempted; ${PREEMPTED}` },
  },
  unobserved: {
    ClientCrash: { reason: 'a crashed client writes no event: its calls stop, which the spec allows without a step; the wrapper never takes ClientCrash' },
    LoseMessage: { reason: 'the network loses messages silently; the wrapper takes LoseMessage as glue where an event needs a loss (unused promises and replies)' },
  },
};
