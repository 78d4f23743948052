/**
 * The WormSpace API calls as proposer operations: one factory per call, each returning a
 * ProposerOp that a runtime (the TCP client library, the simulator) drives.
 *
 * Allocation: data calls (capture, write, read, captureSegment, writeSegment) on a segment whose
 * metadata WOR is unwritten answer `notAllocated`. Unless `allocated` says the client already saw
 * the segment allocated (an allocation is only undone by trim, which turns every answer into
 * `trimmed`, so the knowledge never goes stale), each call first reads the metadata WOR. The
 * returned ChainOp's `firstResult` is that read's answer, for the client to cache.
 */
import type { CaptureId } from '../capture-key.ts';
import { META_OFFSET, TRIM_OFFSET, TRIM_VALUE } from '../address.ts';
import type {
  AllocResult,
  CaptureResult,
  CaptureSegmentResult,
  CheckResult,
  OffsetValue,
  ReadResult,
  TrimResult,
  Value,
  WriteResult,
  WriteSegmentResult,
} from '../messages.ts';
import { ChainOp } from './chain-op.ts';
import type { OpContext, ProposerOp } from './op.ts';
import { PaxosOp, WriteOp } from './paxos-op.ts';
import { CaptureSegmentOp, WriteSegmentOp } from './range-ops.ts';
import { ReadOp } from './read-op.ts';
import { TracedOp } from './traced-op.ts';
import { TrimSegmentOp } from './trim-op.ts';

/** traced wraps a call's op in Invoke/Return trace events when the context has a tracer. */
function traced<R>(ctx: OpContext, call: string, vars: Record<string, unknown>, op: ProposerOp<R>): ProposerOp<R> {
  return ctx.tracer ? new TracedOp(op, ctx.tracer, call, { client: ctx.ballots.clientId, ...vars }) : op;
}

/**
 * allocationCheck returns the answer of the metadata read a data call made before its work (ok:
 * the segment is allocated, worth caching), or undefined when the call made none.
 */
export function allocationCheck(op: ProposerOp<unknown>): ReadResult | undefined {
  const inner = op instanceof TracedOp ? op.op : op;
  return inner instanceof ChainOp && inner.guard ? (inner.firstResult as ReadResult | undefined) : undefined;
}

export interface DataCallOptions {
  /** The client already knows the segment is allocated: skip the metadata read. */
  allocated?: boolean;
}

/** guarded runs `makeOp` only if the segment is allocated (metadata WOR written). */
function guarded<R>(ctx: OpContext, seg: number, opts: DataCallOptions, makeOp: () => ProposerOp<R>): ProposerOp<R> {
  if (opts.allocated) return makeOp();
  const chain = new ChainOp<ReadResult, R>(new ReadOp(ctx, seg, META_OFFSET), (meta) => {
    if (meta.status === 'ok') return { op: makeOp() };
    if (meta.status === 'unwritten') return { result: { status: 'notAllocated' } as R };
    return { result: meta as R };
  });
  chain.guard = true;
  return chain;
}

export function captureOp(ctx: OpContext, seg: number, off: number, opts: DataCallOptions = {}): ProposerOp<CaptureResult> {
  return traced(ctx, 'Capture', { seg, off }, guarded(ctx, seg, opts, () => new PaxosOp(ctx, seg, off, 'capture')));
}

/**
 * writeOp: with a capture id, phase 2 at that ballot (UNSAFE_BALLOT for the unsafe write);
 * without one (null), capture and write in one Paxos run.
 */
export function writeOp(ctx: OpContext, seg: number, off: number, value: Value, captureId: CaptureId | null, opts: DataCallOptions = {}): ProposerOp<WriteResult> {
  const op = guarded(ctx, seg, opts, () => (captureId === null ? new PaxosOp(ctx, seg, off, 'propose', value) : new WriteOp(ctx, seg, off, value, captureId)));
  return traced(ctx, 'Write', { seg, off, value, captureId }, op);
}

export function readOp(ctx: OpContext, seg: number, off: number, opts: DataCallOptions = {}): ProposerOp<ReadResult> {
  return traced(ctx, 'Read', { seg, off }, guarded(ctx, seg, opts, () => new ReadOp(ctx, seg, off)));
}

export function captureSegmentOp(ctx: OpContext, seg: number, start: number, end: number, opts: DataCallOptions = {}): ProposerOp<CaptureSegmentResult> {
  return traced(ctx, 'CaptureSegment', { seg, start, end }, guarded(ctx, seg, opts, () => new CaptureSegmentOp(ctx, seg, start, end)));
}

/**
 * writeSegmentOp: with a capture id, AcceptRange at its ballot; without one (null), a
 * captureSegment first, whose already-written registers are reported in `written` and left out
 * of `preempted`.
 */
export function writeSegmentOp(
  ctx: OpContext,
  seg: number,
  start: number,
  end: number,
  value: Value,
  captureId: CaptureId | null,
  opts: DataCallOptions = {},
): ProposerOp<WriteSegmentResult> {
  return traced(ctx, 'WriteSegment', { seg, start, end, value, captureId }, guarded(ctx, seg, opts, () => {
    if (captureId !== null) return new WriteSegmentOp(ctx, seg, start, end, value, captureId);
    return new ChainOp<CaptureSegmentResult, WriteSegmentResult>(new CaptureSegmentOp(ctx, seg, start, end), (cap) => {
      if (cap.status !== 'ok') return { result: cap };
      const taken = new Set(cap.written.map((w) => w.off));
      if (taken.size === end - start) return { result: { status: 'ok', written: cap.written, preempted: [] } };
      const write = new WriteSegmentOp(ctx, seg, start, end, value, cap.captureId);
      return { op: withWritten(write, cap.written, taken) };
    });
  }));
}

/** withWritten folds a capture's already-written registers into a writeSegment's result. */
function withWritten(write: WriteSegmentOp, written: OffsetValue[], taken: Set<number>): ProposerOp<WriteSegmentResult> {
  const fold = (r: WriteSegmentResult): WriteSegmentResult => {
    if (r.status === 'ok') return { status: 'ok', written, preempted: r.preempted.filter((off) => !taken.has(off)) };
    // Every register refused: still a success for the registers that already held values.
    if (r.status === 'preempted' && written.length > 0) {
      const preempted: number[] = [];
      for (let off = write.startOff; off < write.endOff; off++) if (!taken.has(off)) preempted.push(off);
      return { status: 'ok', written, preempted };
    }
    return r;
  };
  return new ChainOp<WriteSegmentResult, WriteSegmentResult>(write, (r) => ({ result: fold(r) }));
}

/** allocOp: capture+write of `meta` on the metadata WOR; the first writer wins. */
export function allocOp(ctx: OpContext, seg: number, meta: Value): ProposerOp<AllocResult> {
  return traced(ctx, 'Alloc', { seg, value: meta }, new PaxosOp(ctx, seg, META_OFFSET, 'propose', meta));
}

/** checkOp: read the metadata WOR; unwritten means not allocated. */
export function checkOp(ctx: OpContext, seg: number): ProposerOp<CheckResult> {
  return traced(ctx, 'Check', { seg }, metadataCheck(ctx, seg));
}

function metadataCheck(ctx: OpContext, seg: number): ProposerOp<CheckResult> {
  const chain = new ChainOp<ReadResult, CheckResult>(new ReadOp(ctx, seg, META_OFFSET), (r) => {
    if (r.status === 'unwritten') return { result: { status: 'notAllocated' } };
    return { result: r };
  });
  chain.guard = true;
  return chain;
}

/**
 * trimOp: check the segment is allocated, decide the trim WOR, then drop the segment on the
 * partition. Trimming a trimmed segment is ok (the call finishes whatever trim left off).
 */
export function trimOp(ctx: OpContext, seg: number): ProposerOp<TrimResult> {
  const drop = (): { op: ProposerOp<TrimResult> } => ({ op: new TrimSegmentOp(ctx, seg) });
  const decide = new ChainOp<WriteResult, TrimResult>(new PaxosOp(ctx, seg, TRIM_OFFSET, 'propose', TRIM_VALUE), (r) => {
    if (r.status === 'ok' || r.status === 'alreadyWritten' || r.status === 'trimmed') return drop();
    return { result: r };
  });
  const op = new ChainOp<CheckResult, TrimResult>(metadataCheck(ctx, seg), (c) => {
    if (c.status === 'ok') return { op: decide };
    if (c.status === 'trimmed') return drop();
    return { result: c };
  });
  return traced(ctx, 'Trim', { seg }, op);
}
