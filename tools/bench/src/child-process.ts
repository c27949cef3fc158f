import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of a sibling module of this file (the bench's own child entry points). */
export function siblingPath(file: string): string {
  return fileURLToPath(new URL(file, import.meta.url));
}

/**
 * Starts `node <file> ...args` with this process's loader flags (tsx), stdin piped so the child
 * can exit when the parent goes away. Resolves with the child and its first JSON line on stdout.
 */
export function spawnJsonChild<T>(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; first: T }> {
  const child = spawn(process.execPath, [...process.execArgv, siblingPath(file), ...args], { stdio: ['pipe', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      child.stdout?.off('data', onData);
      try {
        resolve({ child, first: JSON.parse(buffer.slice(0, newline)) as T });
      } catch (error) {
        reject(new Error(`${file} printed ${buffer.slice(0, newline)}: ${String(error)}`));
      }
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${file} exited with code ${code} before answering`)));
  });
}

/** Runs a child to completion and resolves with its one JSON line. */
export async function runJsonChild<T>(file: string, args: readonly string[]): Promise<T> {
  const { child, first } = await spawnJsonChild<T>(file, args);
  child.stdin?.end();
  await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
  return first;
}

/** The bench's loopback HTTP server (see loopback-server-main.ts). */
export interface LoopbackServer {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts the loopback server in its own process on 127.0.0.1. */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const { child, first } = await spawnJsonChild<{ port: number }>('./loopback-server-main.ts', []);
  child.removeAllListeners('exit');
  return {
    baseUrl: `http://127.0.0.1:${first.port}`,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}
