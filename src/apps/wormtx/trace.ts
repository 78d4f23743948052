/** WormTX trace events and their validation against tla/apps/WormTX.tla (in progress). */
import type { TxEvent } from './types.ts';
export type TimedTxEvent = TxEvent & { at: number; seq: number };
/** checkTxTrace: null while the validator is not built (the simulation then says the trace was not checked). */
export async function checkTxTrace(_events: TimedTxEvent[], _o: { nRms: number; window: number; started: Map<number, number[]> }): Promise<{ events: number; accepted: boolean; message: string } | null> {
  return null;
}
