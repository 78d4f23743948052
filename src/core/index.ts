/**
 * The pure protocol core of WormSpace: ballots, addresses, messages, the acceptor's step function,
 * and the proposer operations. Runtimes (the TCP server and client, the simulator) import from here.
 */
export * from './ballot.ts';
export * from './capture-key.ts';
export * from './address.ts';
export * from './messages.ts';
export * from './trace.ts';
export { step, EMPTY_WOR, type AcceptorView, type AcceptorContext, type Change, type StepResult, type WorState } from './acceptor.ts';
export { MemoryAcceptorStore } from './memory-store.ts';
export { type OpContext, type OpOutput, type Outgoing, type ProposerOp, DEFAULT_MAX_BALLOTS, DEFAULT_MAX_TIMEOUTS } from './proposer/op.ts';
export { ChainOp } from './proposer/chain-op.ts';
export { PaxosOp, WriteOp } from './proposer/paxos-op.ts';
export { ReadOp } from './proposer/read-op.ts';
export { CaptureSegmentOp, WriteSegmentOp } from './proposer/range-ops.ts';
export { TrimSegmentOp } from './proposer/trim-op.ts';
export { TracedOp } from './proposer/traced-op.ts';
export * from './proposer/operations.ts';
