/**
 * Linkage of the WormLog trace (src/apps/wormlog/trace-descriptor.ts, tla/apps/TraceWormLog.tla)
 * to tla/apps/WormLog.tla and to src/apps/wormlog. The rows follow the wrapper's table.
 */
import type { SpecLinkage } from '../linkage.ts';

const NODE = 'src/apps/wormlog/node.ts';
const TRACE = 'src/apps/wormlog/trace.ts';

export const wormLogLinkage: SpecLinkage = {
  descriptor: 'WormLog',
  layer: 'wormlog',
  spec: 'tla/apps/WormLog.tla',
  events: {
    SeqAlloc: { actions: ['SeqAlloc'], impl: { file: NODE, fn: 'SequencerNode.alloc' }, emits: true },
    SeqAllocLost: { actions: [], stutter: 'an alloc answered alreadyWritten: the segment is allocated already, the wrapper only checks that', impl: { file: NODE, fn: 'SequencerNode.alloc' }, emits: true },
    SeqCapture: { actions: ['SeqCapture'], impl: { file: NODE, fn: 'SequencerNode.capture' }, emits: true },
    Grant: { actions: ['Grant'], impl: { file: NODE, fn: 'SequencerNode.handle' } },
    GrantLost: { actions: ['GrantLost'], impl: { file: TRACE, fn: 'Recorder.trace' }, emits: true },
    ClientWrite: { actions: ['ClientWrite'], impl: { file: NODE, fn: 'ClientNode.write' }, emits: true },
    Read: { actions: ['ReaderRead'], impl: { file: NODE, fn: 'ReaderNode.read' }, emits: true },
    ReaderCapture: { actions: ['ReaderCapture'], impl: { file: NODE, fn: 'ReaderNode.capture' }, emits: true },
    ReaderFill: { actions: ['ReaderFill'], impl: { file: NODE, fn: 'ReaderNode.fill' }, emits: true },
    // A call whose caller crashed or gave up: the recorder writes it when the caller's node crashes.
    Stray: { actions: ['StrayWrite', 'StrayCapture', 'StrayCaptureSegment', 'StrayAlloc'], impl: { file: TRACE, fn: 'Recorder.stray' }, emits: true },
  },
  unobserved: {
    SeqAllocUnheard: { reason: 'an alloc whose answer never came: the code sees a timeout, and the recorder writes the call as Stray (StrayAlloc) instead' },
    ReaderSkip: { reason: 'reads that find a position unwritten or unallocated are not recorded (they change nothing; see TraceWormLog.tla)' },
    LandLate: { reason: 'a preempted write landing later (a repair, a late accept) is a WOS-internal step the application never sees; the wrapper takes it as glue' },
  },
};
