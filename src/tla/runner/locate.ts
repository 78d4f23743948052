/**
 * Where TLC comes from. TLC (`tla2tools.jar`) is not on npm, Debian or Maven Central, so the
 * project never ships it: a user points TLA2TOOLS_JAR at a jar, or runs `wormspace tlc install`
 * to download the pinned release into the cache folder. Java 11 or newer must be on PATH (or
 * JAVA_HOME).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../cli/errors.ts';

/** The hint every "TLC is missing" message ends with. */
export const TLC_HINT = 'set TLA2TOOLS_JAR to a tla2tools.jar, or run `wormspace tlc install`';

/** cacheDir is where `wormspace tlc install` puts the jar: $WORMSPACE_CACHE_DIR, else $XDG_CACHE_HOME/wormspace, else ~/.cache/wormspace. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WORMSPACE_CACHE_DIR) return env.WORMSPACE_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'wormspace');
}

export function cachedJarPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'tla2tools.jar');
}

export type JarLookup = { jar: string; source: 'TLA2TOOLS_JAR' | 'cache' } | { jar: null; reason: string };

/** findJar looks at TLA2TOOLS_JAR first, then the cache folder. */
export function findJar(env: NodeJS.ProcessEnv = process.env): JarLookup {
  const fromEnv = env.TLA2TOOLS_JAR;
  if (fromEnv) {
    if (!existsSync(fromEnv) || !statSync(fromEnv).isFile()) {
      return { jar: null, reason: `TLA2TOOLS_JAR points at ${fromEnv}, which is not a file; ${TLC_HINT}` };
    }
    return { jar: fromEnv, source: 'TLA2TOOLS_JAR' };
  }
  const cached = cachedJarPath(env);
  if (existsSync(cached)) return { jar: cached, source: 'cache' };
  return { jar: null, reason: `TLC not found: ${TLC_HINT}` };
}

export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** parseJavaMajor reads the major version out of `java -version` (`"17.0.15"`, `"1.8.0_392"`). */
export function parseJavaMajor(versionOutput: string): number | null {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!m) return null;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

export type JavaLookup = { java: string; major: number } | { java: null; reason: string };

export function findJava(env: NodeJS.ProcessEnv = process.env): JavaLookup {
  const java = javaCommand(env);
  const run = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 20_000 });
  if (run.error) return { java: null, reason: `Java not found (${java}): TLC needs Java 11 or newer; ${TLC_HINT}` };
  const major = parseJavaMajor(`${run.stderr}${run.stdout}`);
  if (major === null) return { java: null, reason: `could not read the version of ${java}` };
  if (major < 11) return { java: null, reason: `TLC needs Java 11 or newer, found Java ${major} (${java})` };
  return { java, major };
}

export interface TlcSetup {
  java: string;
  jar: string;
  /** COMMUNITY_MODULES_JAR: the CommunityModules jar, put on TLC's class path after tla2tools.jar */
  communityJar?: string;
}

/** tlcAvailability says whether TLC can run here, and if not, why, in one line. */
export function tlcAvailability(env: NodeJS.ProcessEnv = process.env): TlcSetup | { reason: string } {
  const jar = findJar(env);
  if (jar.jar === null) return { reason: jar.reason };
  const java = findJava(env);
  if (java.java === null) return { reason: java.reason };
  const community = env.COMMUNITY_MODULES_JAR;
  if (community && !existsSync(community)) return { reason: `COMMUNITY_MODULES_JAR points at ${community}, which is not a file` };
  return { java: java.java, jar: jar.jar, ...(community ? { communityJar: community } : {}) };
}

/** requireTlc returns the TLC setup or throws a one-line UserError naming TLA2TOOLS_JAR. */
export function requireTlc(env: NodeJS.ProcessEnv = process.env): TlcSetup {
  const setup = tlcAvailability(env);
  if ('reason' in setup) throw new UserError(setup.reason);
  return setup;
}
