/** Parsers for the runtime commands' option values; each fails with a one-line UserError. */
import fs from 'node:fs';
import { UserError } from '../errors.ts';
import { parseTokens, type TokenEntry } from '../../server/access.ts';

export interface HostPort {
  host: string;
  port: number;
}

/** parseHostPort reads HOST:PORT (IPv6 hosts in brackets: [::1]:7000). */
export function parseHostPort(text: string, what: string): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 0 || port > 65535) throw new UserError(`${what}: expected HOST:PORT, not ${JSON.stringify(text)}`);
  return { host: (m[1] ?? m[2])!, port };
}

/** parsePort reads a TCP port number. */
export function parsePort(flag: string): (text: string) => number {
  return (text) => {
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UserError(`${flag} must be a port number (0-65535), not ${JSON.stringify(text)}`);
    return Number(text);
  };
}

/**
 * readAuthToken reads a token file: its content without surrounding whitespace. An empty file is
 * refused, since an empty token would look like protection without being any.
 */
export function readAuthToken(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read the auth token file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const token = text.trim();
  if (token.length === 0) throw new UserError(`the auth token file ${file} is empty`);
  if (token.length > 4096) throw new UserError(`the auth token in ${file} is longer than 4096 characters`);
  return token;
}

/** readTokens reads a server's token file (`ROLE TOKEN` lines, or one bare token: admin). */
export function readTokens(file: string): TokenEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read the auth token file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return parseTokens(text, file);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
}

/** readPem reads a certificate or key file for TLS. */
export function readPem(file: string, what: string): Buffer {
  let pem: Buffer;
  try {
    pem = fs.readFileSync(file);
  } catch (err) {
    throw new UserError(`cannot read the ${what} file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (!pem.toString('latin1').includes('-----BEGIN ')) throw new UserError(`${file} is not a PEM file (${what})`);
  return pem;
}
