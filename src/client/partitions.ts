/**
 * Partitions: the server list is cut into `partitions` consecutive groups of equal size, each a
 * replica set of 2F+1 servers; segment `seg` lives on group `seg mod partitions`.
 * `servers: [a, b, c, d, e, f], partitions: 2` gives groups [a, b, c] and [d, e, f].
 */
import { partitionOf } from '../core/address.ts';
import { misuse } from './misuse.ts';

export class PartitionMap {
  readonly groups: readonly (readonly string[])[];

  constructor(servers: readonly string[], partitions: number) {
    if (!Number.isSafeInteger(partitions) || partitions < 1) misuse(`partitions must be a positive integer, got ${partitions}`);
    if (servers.length === 0) misuse('servers must name at least one server');
    if (new Set(servers).size !== servers.length) misuse('servers must be distinct');
    if (servers.length % partitions !== 0) misuse(`${servers.length} servers cannot be cut into ${partitions} equal partitions`);
    const size = servers.length / partitions;
    // An even group gains no fault tolerance over the odd group one smaller, and a tie can stall it.
    if (size % 2 === 0) misuse(`each partition needs an odd number (2F+1) of servers, got ${size}`);
    this.groups = Array.from({ length: partitions }, (_, p) => servers.slice(p * size, (p + 1) * size));
  }

  /** acceptorsOf returns the servers of the segment's partition. */
  acceptorsOf(seg: number): readonly string[] {
    return this.groups[partitionOf(seg, this.groups.length)]!;
  }
}
