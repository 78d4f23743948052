/**
 * The wire envelope around protocol messages. A connection starts with the client's `hello`
 * (protocol version, when the server requires one the auth token, and optionally the client's id) and the server's `welcome`;
 * after that the client sends `req` frames and the server answers each with a `res` frame carrying
 * the same id, in any order, so many requests can be in flight on one connection (pipelining).
 * An `error` frame reports a broken rule; the server closes the connection after sending one.
 *
 * The bodies of `req` and `res` are the core's messages, checked by the schemas in
 * `message-schema.ts`; this module only knows the envelope.
 */
import { type Schema, literal, object, oneOf, optional, str, taggedUnion, uint } from './schema.ts';

/** PROTOCOL_VERSION changes whenever a message's shape changes incompatibly. */
export const PROTOCOL_VERSION = 1;

export const ERROR_CODES = [
  'unauthorized', // missing or wrong auth token in hello
  'malformed', // undecodable MessagePack or an empty frame
  'oversized', // a frame longer than the limit
  'truncated', // the stream ended inside a frame
  'schema', // a decoded frame with a wrong field type, a missing or unknown field, or unknown kind
  'protocol', // a frame out of order, such as a request before hello or a second hello
  'version', // the client speaks a protocol version the server does not
  'unavailable', // the server could not persist the request (the state did not change)
  'busy', // the server is at its connection cap or its buffered-bytes budget; try again later
  'timeout', // the connection was idle too long, or a frame took too long to arrive
  'forbidden', // the token's role does not allow this request (the state did not change)
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Hello {
  type: 'hello';
  version: number;
  token?: string;
  /** The client's ballot id, when it says it: the server names it in logs and trace events. */
  client?: number;
}
export interface Welcome {
  type: 'welcome';
  version: number;
}
export interface RequestFrame<B> {
  type: 'req';
  id: number;
  body: B;
}
export interface ResponseFrame<B> {
  type: 'res';
  id: number;
  body: B;
}
export interface ErrorFrame {
  type: 'error';
  code: ErrorCode;
  message: string;
  /** id names the request the error is about, when there is one. */
  id?: number;
}

export type ClientFrame<Req> = Hello | RequestFrame<Req>;
export type ServerFrame<Res> = Welcome | ResponseFrame<Res> | ErrorFrame;

const MAX_TOKEN_LENGTH = 4096;

export function clientFrameSchema<Req>(body: Schema<Req>): Schema<ClientFrame<Req>> {
  return taggedUnion('type', {
    hello: object({ type: literal('hello'), version: uint, token: optional(str(MAX_TOKEN_LENGTH)), client: optional(uint) }),
    req: object({ type: literal('req'), id: uint, body }),
  }) as Schema<ClientFrame<Req>>;
}

export function serverFrameSchema<Res>(body: Schema<Res>): Schema<ServerFrame<Res>> {
  return taggedUnion('type', {
    welcome: object({ type: literal('welcome'), version: uint }),
    res: object({ type: literal('res'), id: uint, body }),
    error: object({ type: literal('error'), code: oneOf(ERROR_CODES), message: str(4096), id: optional(uint) }),
  }) as Schema<ServerFrame<Res>>;
}
