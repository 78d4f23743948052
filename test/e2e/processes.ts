/**
 * Child processes for end-to-end tests: servers and clusters started with the real
 * `node bin/wormspace.js`, on 127.0.0.1, each tracked so that afterAll can kill whatever is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/wormspace.js');

const children = new Set<ChildProcess>();

/** killAll SIGKILLs every child still running; call it from afterAll. */
export function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}

export interface ServerProcess {
  child: ChildProcess;
  address: string;
  port: number;
  exited: Promise<void>;
}

/** spawnServer starts `wormspace server` and resolves once it printed its address. */
export function spawnServer(dataDir: string, port = 0, extra: string[] = []): Promise<ServerProcess> {
  // With an IPC channel the server stops by itself if the test process dies before afterAll.
  const child = spawn(process.execPath, [BIN, 'server', '--listen', `127.0.0.1:${port}`, '--data', dataDir, ...extra], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    // A start deadline, not a speed check: on a loaded 2-core machine loading the CLI alone can
    // take over 60 s (three TLS servers missed 60 s twice at load average 30). A server that
    // misses it is killed, so nothing outlives the test.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 180 s: ${err}`));
    }, 180_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (127\.0\.0\.1):(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, address: `${m[1]}:${m[2]}`, port: Number(m[2]), exited });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening: ${err.trim()}`));
    });
  });
}

/** kill9 sends SIGKILL and waits for the process to be gone. */
export async function kill9(p: ServerProcess): Promise<void> {
  p.child.kill('SIGKILL');
  await p.exited;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** runCli runs one `wormspace` command to completion. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.once('close', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** spawnTracked starts any long-running wormspace command and tracks it for killAll. */
export function spawnTracked(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
