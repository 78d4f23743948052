/**
 * Capture keys: who may write at a ballot.
 *
 * A ballot is public: every ReadReply and Nack shows `promised`. Without more, a client that saw a
 * ballot some acceptors promised to another client's Paxos run could send Accept(ballot, its own
 * value) to them and act as that proposer, overwriting a value the run was completing. So every
 * phase 1 draws a fresh Ed25519 key pair: the Prepare carries the public key, the acceptor stores
 * it with the promise, and an Accept at that ballot must carry a signature of its value by the
 * private key (an AcceptProof), else it is refused like an Accept at an unpromised ballot.
 *
 * Why a signature and not a plain secret: a read repairs a half-written register by re-sending
 * Accept(top, v) exactly as top's proposer sent it. The acceptor stores the proof with the value
 * and a ReadReply returns it, so a reader can re-send that very value; the proof signs the value,
 * so it lets nobody send another one. A replayed Accept frame is likewise that proposer's message.
 *
 * The private key is a 32-byte seed derived from the client's secret and the scope of the phase 1
 * (segment, range, ballot), so the proposer side stays deterministic given the secret (the
 * simulator replays), and handing a capture id over hands the key of that one capture only.
 * The capture id itself carries the seed as a property `key` of the ballot array (CaptureId):
 * JSON and msgpack encode an array by its elements, so the seed never rides along into a frame,
 * a trace or a printed ballot by accident; formatCaptureId writes it out on purpose.
 */
import { createHmac, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Ballot } from './ballot.ts';

/** A private key seed, base64url of 32 bytes. */
export type CaptureKey = string;

/** A capture id: the ballot, and the key of its phase 1 when the holder may write with it. */
export type CaptureId = Ballot & { readonly key?: CaptureKey };

/** The signature of one value at one ballot over the registers [start, end) of a segment. */
export interface AcceptProof {
  start: number;
  end: number;
  sig: string;
}

/**
 * Keys are imported as JWK, not DER: OpenSSL 3's DER decoders cost about 500 us a key, the raw
 * JWK import about 40 us. A private JWK needs an `x`, which Node does not use when `d` is given
 * (the public key is derived from d); PLACEHOLDER_X fills it.
 */
const PLACEHOLDER_X = 'A'.repeat(43);
const KEY_RE = /^[A-Za-z0-9_-]{43}$/;
const SIG_RE = /^[A-Za-z0-9_-]{86}$/;

/** isCaptureKey / isPublicKey / isSignature: the shapes of untrusted input (32, 32, 64 bytes). */
export const isCaptureKey = (x: unknown): x is CaptureKey => typeof x === 'string' && KEY_RE.test(x);
export const isPublicKey = isCaptureKey;
export const isSignature = (x: unknown): x is string => typeof x === 'string' && SIG_RE.test(x);

/** Bounded caches of key objects: importing a key costs about as much as a signature. */
class KeyCache {
  private readonly map = new Map<string, KeyObject>();
  constructor(private readonly limit: number) {}
  get(k: string, make: () => KeyObject): KeyObject {
    let v = this.map.get(k);
    if (v === undefined) {
      v = make();
      if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
      this.map.set(k, v);
    }
    return v;
  }
}
const privateKeys = new KeyCache(1024);
const publicKeys = new KeyCache(4096);
const publicOfPrivate = new Map<CaptureKey, string>();

function privateKey(key: CaptureKey): KeyObject {
  return privateKeys.get(key, () => createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: key, x: PLACEHOLDER_X }, format: 'jwk' }));
}

/** deriveCaptureKey: the key of one phase 1, from the client's secret and the phase's scope. */
export function deriveCaptureKey(secret: Uint8Array, seg: number, start: number, end: number, ballot: Ballot): CaptureKey {
  return createHmac('sha256', secret).update(`wormspace-capture-key\n${seg}\n${start}\n${end}\n${ballot[0]}\n${ballot[1]}`).digest('base64url');
}

/** publicKeyOf: the public key a Prepare carries for this private key. */
export function publicKeyOf(key: CaptureKey): string {
  let pub = publicOfPrivate.get(key);
  if (pub === undefined) {
    pub = createPublicKey(privateKey(key)).export({ format: 'jwk' }).x!;
    if (publicOfPrivate.size >= 1024) publicOfPrivate.delete(publicOfPrivate.keys().next().value!);
    publicOfPrivate.set(key, pub);
  }
  return pub;
}

function signedBytes(seg: number, start: number, end: number, ballot: Ballot, value: string): Buffer {
  // JSON makes the encoding unambiguous whatever the value holds.
  return Buffer.from(JSON.stringify(['wormspace-accept', seg, start, end, ballot[0], ballot[1], value]));
}

/** signAccept: the proof that the key's holder sends `value` at `ballot` to [start, end) of `seg`. */
export function signAccept(key: CaptureKey, seg: number, start: number, end: number, ballot: Ballot, value: string): AcceptProof {
  return { start, end, sig: sign(null, signedBytes(seg, start, end, ballot, value), privateKey(key)).toString('base64url') };
}

/**
 * proofHolds: does `proof` sign `value` at `ballot` for register `off` of `seg` (off inside the
 * proof's range) with the private key of public key `pub`?
 */
export function proofHolds(pub: string, seg: number, off: number, ballot: Ballot, value: string, proof: AcceptProof | null | undefined): boolean {
  if (!proof || off < proof.start || off >= proof.end || !isSignature(proof.sig)) return false;
  try {
    const keyObject = publicKeys.get(pub, () => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: pub }, format: 'jwk' }));
    return verify(null, signedBytes(seg, proof.start, proof.end, ballot, value), keyObject, Buffer.from(proof.sig, 'base64url'));
  } catch {
    // A key from a Prepare that is no Ed25519 key at all: nothing it signs holds.
    return false;
  }
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
