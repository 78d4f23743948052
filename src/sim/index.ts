/**
 * The deterministic simulator: the core's acceptor and proposer operations over a seeded, faulty
 * in-process network, with crashing servers and clients, and checkers that judge a run's history.
 */
export { Prng } from './prng.ts';
export { Scheduler } from './scheduler.ts';
export { SimNetwork, NO_FAULTS, type NetworkFaults, type NetworkStats } from './network.ts';
export { SimServer, type ServerBug } from './server.ts';
export { SimClient } from './client.ts';
export { Workload, type WorkloadConfig } from './workload.ts';
export { simulate, serverIds, DEFAULT_CONFIG, type FaultEvent, type SimConfig, type SimResult, type TimedTraceEvent } from './run.ts';
export { sweep, sweepConfig, type SweepSummary } from './sweep.ts';
export { checkAll, checkAcceptorTrace, checkAgreement, checkAnswers, checkLiveness, checkRealTime, chosenValues, reportsOf } from './checker.ts';
export type { Call, CallRecord, RunLog, Vote } from './history.ts';
export { configOf, type RunShape } from './shape.ts';
export { replay, formatCall } from './replay.ts';
