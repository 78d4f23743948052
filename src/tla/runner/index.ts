/** The TLC runner: find TLC, run it, and read its output as a CheckResult. */
export { tlcEngine, runTlc, tlcArguments } from './tlc.ts';
export { findJar, findJava, tlcAvailability, requireTlc, cacheDir, cachedJarPath, TLC_HINT } from './locate.ts';
export { installTlc, PINNED_TLC } from './install.ts';
export { interpretTlcOutput, verdictOfExitCode } from './interpret.ts';
export { parseTlcValue } from './values.ts';
