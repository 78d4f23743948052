/**
 * Access control: tokens with roles. A token file lists one token per line, `ROLE TOKEN`, with
 * ROLE one of `read`, `write`, `admin`; blank lines and lines starting with `#` are ignored. A
 * file holding one bare token (the format of earlier versions) grants that token `admin`.
 *
 * What each role may send (each role includes the ones before it):
 * - read: ReadQuery, on any register (reads, check).
 * - write: Prepare, Accept, PrepareRange, AcceptRange on data registers (capture, write, the
 *   segment calls, and the repair a read does when it finds a half-written register).
 * - admin: the same on the metadata and trim registers, and TrimSegment (alloc, trim).
 */
import { randomBytes } from 'node:crypto';
import { isControlOffset } from '../core/address.ts';
import type { Request } from '../core/messages.ts';

export const ROLES = ['read', 'write', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenEntry {
  role: Role;
  token: string;
}

const MAX_TOKEN_LENGTH = 4096;

/** parseTokens reads a token file's text; it throws an Error with a one-line reason. */
export function parseTokens(text: string, file: string): TokenEntry[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const meaningful = lines.filter((l) => l !== '' && !l.startsWith('#'));
  if (meaningful.length === 0) throw new Error(`the auth token file ${file} holds no token`);
  // One bare token (no role): the old single-secret format, which granted everything.
  if (meaningful.length === 1 && !/\s/.test(meaningful[0]!)) return [{ role: 'admin', token: checkToken(meaningful[0]!, file, 1) }];
  const out: TokenEntry[] = [];
  lines.forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\S+)\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`${file}:${i + 1}: expected "ROLE TOKEN" (ROLE is read, write or admin)`);
    if (!(ROLES as readonly string[]).includes(m[1]!)) throw new Error(`${file}:${i + 1}: unknown role ${JSON.stringify(m[1])} (read, write or admin)`);
    out.push({ role: m[1] as Role, token: checkToken(m[2]!, file, i + 1) });
  });
  const tokens = new Set(out.map((e) => e.token));
  if (tokens.size !== out.length) throw new Error(`${file}: one token is listed twice`);
  return out;
}

function checkToken(token: string, file: string, line: number): string {
  if (token.length > MAX_TOKEN_LENGTH) throw new Error(`${file}:${line}: the token is longer than ${MAX_TOKEN_LENGTH} characters`);
  return token;
}

/** newToken makes a random token: 32 bytes, base64url (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** requiredRole is the least role allowed to send the request. */
export function requiredRole(request: Request): Role {
  switch (request.type) {
    case 'ReadQuery':
      return 'read';
    case 'TrimSegment':
      return 'admin';
    case 'Prepare':
    case 'Accept':
      return isControlOffset(request.off) ? 'admin' : 'write';
    case 'PrepareRange':
    case 'AcceptRange':
      return 'write';
  }
}

/** allows: does `role` include `needed`? */
export function allows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** forbiddenMessage is the one line a client gets for a request its role may not send. */
export function forbiddenMessage(role: Role, request: Request): string {
  const needed = requiredRole(request);
  const what = request.type === 'Prepare' || request.type === 'Accept' ? `${request.type} on ${request.off === -1 ? 'a metadata' : request.off === -2 ? 'a trim' : 'a data'} register` : request.type;
  return `this token has the role ${role}; ${what} needs the role ${needed}`;
}
