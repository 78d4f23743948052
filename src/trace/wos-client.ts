/**
 * WOS traces of the real client library: CallRecorder wraps WormSpace clients so that every API
 * call is recorded (call, answer, invocation and return) in the simulator's CallRecord form, for
 * wosTraceOf (wos.ts). The clock is a counter bumped at every invocation and every answer, so in
 * one process it orders them as they really happened; a call that throws (closed client, no
 * answer) is recorded without an answer, as a simulated client's crash is.
 */
import { UNSAFE_BALLOT, type Ballot } from '../core/ballot.ts';
import type { AnyResult, Value } from '../core/messages.ts';
import type { WormSpace, CaptureIdInput } from '../client/wormspace.ts';
import type { Call, CallRecord } from '../sim/history.ts';

/** The calls of WormSpace the WOS trace covers, with the same signatures. */
export type RecordedClient = Pick<WormSpace, 'alloc' | 'check' | 'trim' | 'capture' | 'write' | 'read' | 'captureSegment' | 'writeSegment'>;

const idOf = (c: CaptureIdInput | undefined): Ballot | null => (c === undefined ? null : c === 0 ? UNSAFE_BALLOT : c);

export class CallRecorder {
  readonly calls: CallRecord[] = [];
  private clock = 0;

  private async run<R extends AnyResult>(client: number, call: Call, go: () => Promise<R>): Promise<R> {
    const rec: CallRecord = { id: this.calls.length, client, call, invokedAt: ++this.clock, returnedAt: null, result: null, liveness: false };
    this.calls.push(rec);
    const r = await go(); // a throw leaves the record without an answer (unknown)
    rec.result = r;
    rec.returnedAt = ++this.clock;
    return r;
  }

  /** wrap returns ws's API with every call recorded as client number `client` of the trace. */
  wrap(ws: WormSpace, client: number): RecordedClient {
    return {
      alloc: (seg: number, meta: Value = '') => this.run(client, { kind: 'alloc', seg, value: meta }, () => ws.alloc(seg, meta)),
      check: (seg: number) => this.run(client, { kind: 'check', seg }, () => ws.check(seg)),
      trim: (seg: number) => this.run(client, { kind: 'trim', seg }, () => ws.trim(seg)),
      capture: (seg: number, off: number) => this.run(client, { kind: 'capture', seg, off }, () => ws.capture(seg, off)),
      write: (seg: number, off: number, value: Value, captureId?: CaptureIdInput) =>
        this.run(client, { kind: 'write', seg, off, value, captureId: idOf(captureId) }, () => ws.write(seg, off, value, captureId)),
      read: (seg: number, off: number) => this.run(client, { kind: 'read', seg, off }, () => ws.read(seg, off)),
      captureSegment: (seg: number, start: number, end: number) => this.run(client, { kind: 'captureSegment', seg, start, end }, () => ws.captureSegment(seg, start, end)),
      writeSegment: (seg: number, start: number, end: number, value: Value, captureId?: CaptureIdInput) =>
        this.run(client, { kind: 'writeSegment', seg, start, end, value, captureId: idOf(captureId) }, () => ws.writeSegment(seg, start, end, value, captureId)),
    };
  }
}
