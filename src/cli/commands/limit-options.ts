/**
 * The resource limits of a server (DEFAULT_LIMITS in transport/tcp-server.ts, and the frame limit)
 * as flags of `wormspace server` and `wormspace cluster`. Values are parsed and checked here, so a
 * bad one stops the command with one line naming the flag, before any server starts.
 */
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { DEFAULT_LIMITS } from '../../transport/tcp-server.ts';
import { DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES } from '../../transport/frame.ts';
import type { ServerLimits } from '../../server/server.ts';

export interface LimitFlags {
  maxConnections?: string;
  maxFrame?: string;
  maxBuffered?: string;
  maxUnsent?: string;
  helloTimeout?: string;
  idleTimeout?: string;
  frameTimeout?: string;
}

/** The parsed limits: what startServer takes as `limits` and `maxFrameBytes`. */
export interface ParsedLimits {
  limits: ServerLimits;
  maxFrameBytes?: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: KiB, kib: KiB, m: MiB, mib: MiB, g: GiB, gib: GiB };
const TIME_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

interface Spec {
  key: keyof LimitFlags;
  flag: string;
  kind: 'count' | 'size' | 'time';
  min: number;
  max: number;
  fallback: number;
  help: string;
}

// Bounds: the lower ones keep a server usable (a 1 ms idle timeout would drop every client), the
// upper ones keep numbers within what a frame header (32 bits) and Node's timers (2^31-1 ms) hold.
const SPECS: readonly Spec[] = [
  { key: 'maxConnections', flag: '--max-connections', kind: 'count', min: 1, max: 1_000_000, fallback: DEFAULT_LIMITS.maxConnections, help: 'connections served at once; more get a `busy` frame and are closed' },
  { key: 'maxFrame', flag: '--max-frame', kind: 'size', min: 64 * KiB, max: GiB, fallback: DEFAULT_MAX_FRAME_BYTES, help: 'largest frame (request or reply), refused from its header' },
  { key: 'maxBuffered', flag: '--max-buffered', kind: 'size', min: MiB, max: 64 * GiB, fallback: DEFAULT_LIMITS.maxBufferedBytes, help: 'server-wide bytes of partial frames' },
  { key: 'maxUnsent', flag: '--max-unsent', kind: 'size', min: MiB, max: 64 * GiB, fallback: DEFAULT_LIMITS.maxUnsentBytes, help: 'server-wide bytes of replies not yet taken by their peers' },
  { key: 'helloTimeout', flag: '--hello-timeout', kind: 'time', min: 100, max: 2 ** 31 - 1, fallback: DEFAULT_LIMITS.helloTimeoutMs, help: 'a connection must say hello within this time' },
  { key: 'idleTimeout', flag: '--idle-timeout', kind: 'time', min: 1000, max: 2 ** 31 - 1, fallback: DEFAULT_LIMITS.idleTimeoutMs, help: 'a greeted connection silent this long with nothing in flight is closed' },
  { key: 'frameTimeout', flag: '--frame-timeout', kind: 'time', min: 100, max: 2 ** 31 - 1, fallback: DEFAULT_LIMITS.frameTimeoutMs, help: 'a frame must arrive whole within this time of its first byte' },
];

function describeValue(kind: Spec['kind'], n: number): string {
  if (kind === 'count') return String(n);
  if (kind === 'size') return n % MiB === 0 ? `${n / MiB}MiB` : n % KiB === 0 ? `${n / KiB}KiB` : `${n}`;
  return n % 60_000 === 0 ? `${n / 60_000}min` : n % 1000 === 0 ? `${n / 1000}s` : `${n}ms`;
}

function parseValue(spec: Spec, text: string): number {
  const units = spec.kind === 'size' ? SIZE_UNITS : spec.kind === 'time' ? TIME_UNITS : { '': 1 };
  const m = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? units[m[2]!.toLowerCase()] : undefined;
  const example = spec.kind === 'size' ? 'like 4MiB, 512KiB or 65536' : spec.kind === 'time' ? 'like 30s, 5min or 1500ms' : 'a whole number';
  if (!m || unit === undefined) throw new UserError(`${spec.flag} must be ${example}, not ${JSON.stringify(text)}`);
  const n = Number(m[1]) * unit;
  if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max) {
    throw new UserError(`${spec.flag} must be between ${describeValue(spec.kind, spec.min)} and ${describeValue(spec.kind, spec.max)}, not ${JSON.stringify(text)}`);
  }
  return n;
}

/** addLimitOptions declares the limit flags on a command (server or cluster). */
export function addLimitOptions(cmd: Command): Command {
  for (const s of SPECS) {
    const unit = s.kind === 'size' ? '<bytes>' : s.kind === 'time' ? '<duration>' : '<n>';
    cmd.option(`${s.flag} ${unit}`, `${s.help} (default ${describeValue(s.kind, s.fallback)})`);
  }
  return cmd;
}

/** parseLimits checks every limit flag given, and that one frame fits in the buffered budget. */
export function parseLimits(flags: LimitFlags): ParsedLimits {
  const v: Partial<Record<keyof LimitFlags, number>> = {};
  for (const s of SPECS) if (flags[s.key] !== undefined) v[s.key] = parseValue(s, flags[s.key]!);
  const frame = v.maxFrame ?? DEFAULT_MAX_FRAME_BYTES;
  const buffered = v.maxBuffered ?? DEFAULT_LIMITS.maxBufferedBytes;
  // A frame the budget cannot hold could never be received: every such request would be refused.
  if (frame + FRAME_HEADER_BYTES > buffered) {
    throw new UserError(`--max-frame (${describeValue('size', frame)}) must fit in --max-buffered (${describeValue('size', buffered)})`);
  }
  const limits: ServerLimits = {};
  if (v.maxConnections !== undefined) limits.maxConnections = v.maxConnections;
  if (v.maxBuffered !== undefined) limits.maxBufferedBytes = v.maxBuffered;
  if (v.maxUnsent !== undefined) limits.maxUnsentBytes = v.maxUnsent;
  if (v.helloTimeout !== undefined) limits.helloTimeoutMs = v.helloTimeout;
  if (v.idleTimeout !== undefined) limits.idleTimeoutMs = v.idleTimeout;
  if (v.frameTimeout !== undefined) limits.frameTimeoutMs = v.frameTimeout;
  return v.maxFrame === undefined ? { limits } : { limits, maxFrameBytes: v.maxFrame };
}

/** limitArgs repeats the limit flags given, for the servers `wormspace cluster` starts. */
export function limitArgs(flags: LimitFlags): string[] {
  return SPECS.flatMap((s) => (flags[s.key] === undefined ? [] : [s.flag, flags[s.key]!]));
}
