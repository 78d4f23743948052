/**
 * WosPort: the one door through which an application reaches WormSpace. An application's state
 * machine never calls the client library itself: it emits `WosCall`s as effects, and a host
 * (TcpHost on the real client library, SimHost on the simulator's SimClient) runs them and feeds
 * each result back as an input. The same application code therefore runs on TCP and in the
 * seeded simulator, and its traces are exact in both.
 *
 * A WosCall is the simulator's `Call` (src/sim/history.ts): the WOS API of the paper, one
 * variant per call. `captureId: null` in a write means capture+write in one call.
 */
import type { AnyResult } from '../../core/messages.ts';
import type { WormSpace } from '../../client/wormspace.ts';
import type { Call } from '../../sim/history.ts';

export type WosCall = Call;

/** A port runs WOS calls for one client identity (one ballot id). */
export interface WosPort {
  readonly clientId: number;
  /** invoke runs `call`; `onDone` receives its result (never, if the host crashes first). */
  invoke(call: WosCall, onDone: (result: AnyResult) => void): void;
}

/** wormSpacePort binds a port to the TCP client library. Errors thrown for misuse reach `onError`. */
export function wormSpacePort(ws: WormSpace, onError: (err: unknown) => void): WosPort {
  const run = (call: WosCall): Promise<AnyResult> => {
    switch (call.kind) {
      case 'alloc':
        return ws.alloc(call.seg, call.value);
      case 'check':
        return ws.check(call.seg);
      case 'trim':
        return ws.trim(call.seg);
      case 'capture':
        return ws.capture(call.seg, call.off);
      case 'write':
        return ws.write(call.seg, call.off, call.value, call.captureId ?? undefined);
      case 'read':
        return ws.read(call.seg, call.off);
      case 'captureSegment':
        return ws.captureSegment(call.seg, call.start, call.end);
      case 'writeSegment':
        return ws.writeSegment(call.seg, call.start, call.end, call.value, call.captureId ?? undefined);
    }
  };
  return {
    clientId: ws.clientId,
    invoke(call, onDone) {
      run(call).then(onDone, onError);
    },
  };
}
