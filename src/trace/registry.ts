/**
 * The registry of trace descriptors: the header's `"trace"` field names one of these. A new
 * traced spec adds its descriptor here (one import, one entry); see docs/traces.md, "Tracing a
 * new spec".
 */
import type { TraceDescriptor } from './spec-descriptor.ts';
import { worPaxosDescriptor } from './worpaxos.ts';
import { worAcceptorDescriptor } from './woracceptor.ts';
import { wosDescriptor } from './wos.ts';
import { wosImplDescriptor } from './wosimpl.ts';
import { wormLogDescriptor } from '../apps/wormlog/trace-descriptor.ts';
import { wormTxDescriptor } from '../apps/wormtx/trace.ts';
import { wormCounterDescriptor } from '../apps/wormcounter/trace.ts';
import { wormPaxosDescriptor } from '../apps/wormpaxos/trace-descriptor.ts';

const DESCRIPTORS: TraceDescriptor<any>[] = [
  worPaxosDescriptor,
  worAcceptorDescriptor,
  wosDescriptor,
  wosImplDescriptor,
  wormLogDescriptor,
  wormTxDescriptor,
  wormCounterDescriptor,
  wormPaxosDescriptor,
];

const byName = new Map<string, TraceDescriptor<any>>();
for (const d of DESCRIPTORS) {
  if (byName.has(d.name)) throw new Error(`two trace descriptors are named ${d.name}`);
  byName.set(d.name, d);
}

/** registerDescriptor adds a descriptor at run time (tests, or a spec outside this repository). */
export function registerDescriptor(d: TraceDescriptor<any>): void {
  if (byName.has(d.name) && byName.get(d.name) !== d) throw new Error(`a trace descriptor named ${d.name} is already registered`);
  byName.set(d.name, d);
}

/** descriptorOf finds the descriptor of a header's `trace` name, or undefined. */
export function descriptorOf(name: unknown): TraceDescriptor<any> | undefined {
  return typeof name === 'string' ? byName.get(name) : undefined;
}

/** descriptorNames lists the registered names, in registration order. */
export function descriptorNames(): string[] {
  return [...byName.keys()];
}
