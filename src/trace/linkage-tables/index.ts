/**
 * The linkage tables, one per traced spec (src/trace/linkage.ts). A new trace descriptor in
 * src/trace/registry.ts needs a table here, or test/trace/linkage.test.ts fails.
 */
import type { SpecLinkage } from '../linkage.ts';
import { worPaxosLinkage } from './worpaxos.ts';
import { worAcceptorLinkage } from './woracceptor.ts';
import { wormLogLinkage } from './wormlog.ts';
import { wormTxLinkage } from './wormtx.ts';
import { wormPaxosLinkage } from './wormpaxos.ts';
import { wormCounterLinkage } from './wormcounter.ts';
import { wosLinkage } from './wos.ts';
import { wosImplLinkage } from './wosimpl.ts';

export const LINKAGE_TABLES: SpecLinkage[] = [worPaxosLinkage, worAcceptorLinkage, wormLogLinkage, wormTxLinkage, wormPaxosLinkage, wormCounterLinkage, wosLinkage, wosImplLinkage];

/** linkageOf finds the table of a trace descriptor, or undefined. */
export function linkageOf(descriptor: string): SpecLinkage | undefined {
  return LINKAGE_TABLES.find((t) => t.descriptor === descriptor);
}
