/**
 * Capture keys: who may write at a ballot.
 *
 * A ballot is public: every ReadReply and Nack shows `promised`. Without more, a client that saw a
 * ballot some acceptors promised to another client's Paxos run could send Accept(ballot, its own
 * value) to them and act as that proposer, overwriting a value the run was completing. So every
 * phase 1 has a fresh secret key: the Prepare carries it, the acceptor stores it with the promise
 * and never hands it out again (no reply, trace event or printed state carries it; only the
 * simulator's `traceIo` Deliver events copy whole requests, keys included, for the mutation
 * oracle's proof checks, inside a simulated run), and an Accept
 * at that ballot must carry a MAC of its value under that key (an AcceptProof: HMAC-SHA256), else
 * it is refused like an Accept at an unpromised ballot.
 *
 * Why a MAC of the value and not the key itself: a read repairs a half-written register by
 * re-sending Accept(top, v) exactly as top's proposer sent it. The acceptor stores the proof with
 * the value and a ReadReply returns it, so a reader can re-send that very value, and every
 * acceptor that promised top holds top's key and can check it; the proof covers the value, so it
 * lets nobody send another one. A replayed Accept frame is likewise that proposer's message.
 *
 * Earlier versions used an Ed25519 key pair (the Prepare carried the public key): the same rules,
 * but a signature cost the proposer about 0.1 ms and each server's check 0.1-0.3 ms per Accept,
 * the largest single cost of a server's request (bench/results/apps-wormpaxos.md). A MAC costs a
 * few microseconds. What it gives up is that the key the acceptor stores is a secret: it rides in
 * the Prepare frame, so the network between clients and servers must be as trusted as it already
 * is for the auth tokens (or run TLS: server --tls-cert), and the acceptor must keep it to itself (it does: ReadReply, Nack and
 * trace events carry no key). Proofs stored by the Ed25519 version (86 characters) are still
 * accepted on the wire and returned by reads, but never hold: an Accept of such a register at an
 * old ballot is refused, and its writer's capture must be taken again.
 *
 * The key is derived from a 32-byte seed, itself derived from the client's secret and the scope
 * of the phase 1 (segment, range, ballot), so the proposer side stays deterministic given the
 * secret (the simulator replays), and handing a capture id over hands the key of that one capture
 * only. The capture id itself carries the seed as a property `key` of the ballot array
 * (CaptureId): JSON and msgpack encode an array by its elements, so the seed never rides along
 * into a frame, a trace or a printed ballot by accident; formatCaptureId writes it out on purpose.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Ballot } from './ballot.ts';

/** A capture key seed, base64url of 32 bytes. */
export type CaptureKey = string;

/** A capture id: the ballot, and the key of its phase 1 when the holder may write with it. */
export type CaptureId = Ballot & { readonly key?: CaptureKey };

/** The MAC of one value at one ballot over the registers [start, end) of a segment. */
export interface AcceptProof {
  start: number;
  end: number;
  sig: string;
}

const KEY_RE = /^[A-Za-z0-9_-]{43}$/;
/** A MAC (32 bytes), or an Ed25519 signature (64 bytes) stored by an earlier version. */
const SIG_RE = /^(?:[A-Za-z0-9_-]{43}|[A-Za-z0-9_-]{86})$/;

/** isCaptureKey / isPrepareKey / isSignature: the shapes of untrusted input (32, 32, 32 or 64 bytes). */
export const isCaptureKey = (x: unknown): x is CaptureKey => typeof x === 'string' && KEY_RE.test(x);
export const isPrepareKey = isCaptureKey;
export const isSignature = (x: unknown): x is string => typeof x === 'string' && SIG_RE.test(x);

/** deriveCaptureKey: the key seed of one phase 1, from the client's secret and the phase's scope. */
export function deriveCaptureKey(secret: Uint8Array, seg: number, start: number, end: number, ballot: Ballot): CaptureKey {
  return createHmac('sha256', secret).update(`wormspace-capture-key\n${seg}\n${start}\n${end}\n${ballot[0]}\n${ballot[1]}`).digest('base64url');
}

/** The last seed prepareKeyOf saw: a leader proves every slot of its segment with one key. */
let lastSeed: CaptureKey | null = null;
let lastPrepareKey = '';

/** prepareKeyOf: the MAC key a Prepare carries for this capture key seed (the acceptor keeps it). */
export function prepareKeyOf(key: CaptureKey): string {
  if (key !== lastSeed) {
    lastPrepareKey = createHmac('sha256', Buffer.from(key, 'base64url')).update('wormspace-accept-mac-key').digest('base64url');
    lastSeed = key;
  }
  return lastPrepareKey;
}

function signedBytes(seg: number, start: number, end: number, ballot: Ballot, value: string): string {
  // JSON makes the encoding unambiguous whatever the value holds.
  return JSON.stringify(['wormspace-accept', seg, start, end, ballot[0], ballot[1], value]);
}

function mac(prepareKey: string, seg: number, start: number, end: number, ballot: Ballot, value: string): Buffer {
  return createHmac('sha256', Buffer.from(prepareKey, 'base64url')).update(signedBytes(seg, start, end, ballot, value)).digest();
}

/** signAccept: the proof that the key's holder sends `value` at `ballot` to [start, end) of `seg`. */
export function signAccept(key: CaptureKey, seg: number, start: number, end: number, ballot: Ballot, value: string): AcceptProof {
  return { start, end, sig: mac(prepareKeyOf(key), seg, start, end, ballot, value).toString('base64url') };
}

/**
 * proofHolds: is `proof` the MAC of `value` at `ballot` for register `off` of `seg` (off inside the
 * proof's range) under `prepareKey`, the key the promise stored?
 */
export function proofHolds(prepareKey: string, seg: number, off: number, ballot: Ballot, value: string, proof: AcceptProof | null | undefined): boolean {
  if (!proof || off < proof.start || off >= proof.end || !isSignature(proof.sig)) return false;
  const given = Buffer.from(proof.sig, 'base64url');
  const want = mac(prepareKey, seg, proof.start, proof.end, ballot, value);
  // An Ed25519 signature from an earlier version (64 bytes) never matches a 32-byte MAC.
  return given.length === want.length && timingSafeEqual(given, want);
}

/** withKey makes the capture id of `ballot` carrying `key` (a fresh array: ballots are shared). */
export function withKey(ballot: Ballot, key: CaptureKey | null): CaptureId {
  const id: [number, number] = [ballot[0], ballot[1]];
  if (key === null) return id;
  Object.defineProperty(id, 'key', { value: key, enumerable: false });
  return id as CaptureId;
}

/** keyOf: the key a capture id carries, or null. */
export function keyOf(id: Ballot): CaptureKey | null {
  return (id as CaptureId).key ?? null;
}

/** plainBallot: the ballot of a capture id without its key, for messages and state. */
export function plainBallot(b: Ballot): Ballot {
  return [b[0], b[1]];
}
