/**
 * Linkage of the WORAcceptor trace (the acceptors of one register, any client;
 * src/trace/woracceptor.ts, tla/wor/TraceWORAcceptor.tla) to tla/wor/WORPaxos.tla and src/core.
 * A range step is projected onto the register (src/trace/range-projection.ts), so the range
 * handlers implement the same actions as the single-register ones.
 */
import type { SpecLinkage } from '../linkage.ts';
import { ACCEPTOR_EVENTS } from './worpaxos.ts';

const CLIENTS = 'the clients are the open environment of TraceWORAcceptor.tla (each request delivered to an acceptor is a Deliver event, recorded by the simulator); their steps are checked by the WORPaxos trace';

export const worAcceptorLinkage: SpecLinkage = {
  descriptor: 'WORAcceptor',
  layer: 'wor',
  spec: 'tla/wor/WORPaxos.tla',
  events: {
    ...ACCEPTOR_EVENTS,
    // Steps of the whole segment: WORPaxos has no trim; the wrapper keeps the acceptors that
    // dropped the segment (`dropped`) and checks them against the trim register's accepted value.
    Trim: { actions: [], stutter: 'a trim changes no register\'s promise or accepted value; the wrapper records the drop (dropped) and checks the trim register holds a value', impl: { file: 'src/core/acceptor.ts', fn: 'onTrimSegment' }, emits: true },
    RejectTrim: { actions: [], stutter: 'a refused TrimSegment changes nothing; the wrapper checks the trim register holds no value', impl: { file: 'src/core/acceptor.ts', fn: 'onTrimSegment' }, emits: true },
    ReplyTrimmed: { actions: [], stutter: 'an answer of a trimmed segment changes nothing; the wrapper checks the acceptor dropped it', impl: { file: 'src/core/acceptor.ts', fn: 'step' }, emits: true },
    // The acceptor's inputs and outputs, recorded outside its code (SimConfig.traceIo).
    Deliver: { actions: [], stutter: 'the network delivers a request: it becomes the one message in flight (msgs), and the acceptor must take one step for it (io)', impl: { file: 'src/sim/server.ts', fn: 'SimServer.receive' }, emits: true },
    Reply: { actions: [], stutter: 'the reply the acceptor sent: the wrapper checks it is the one its step owes (io)', impl: { file: 'src/sim/server.ts', fn: 'SimServer.receive' }, emits: true },
    End: { actions: [], stutter: 'the end of the recorded run: every request delivered was answered', impl: { file: 'src/trace/record-acceptor.ts', fn: 'extractAcceptorEvents' }, emits: true },
  },
  unobserved: {
    LoseMessage: { reason: 'the network loses messages silently; a Deliver event drops every message but the request it delivers (losses, which no acceptor step reads)' },
    ...Object.fromEntries(
    ['Capture', 'CaptureDone', 'CapturePreempted', 'Write', 'UnsafeWrite', 'WriteDone', 'WritePreempted', 'WriteAlreadyWritten', 'HandOver', 'Release', 'ForgetRevealed', 'Read', 'ReadDone', 'RepairDone', 'RepairRefused', 'FallbackRetry', 'FallbackPromised', 'FallbackDone', 'FallbackPreempted', 'Timeout', 'ClientCrash', 'ForgedWrite', 'ForgedWritePreempted', 'ForgedWriteAlreadyWritten'].map((a) => [a, { reason: CLIENTS }]),
    ),
  },
};
