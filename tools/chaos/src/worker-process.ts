import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { WORKER_CONFIG_ENV, WORKER_KEY_ENV } from './protocol';
import type { ParentCommand, WorkerConfig, WorkerEvent } from './protocol';

const STDERR_TAIL = 8_000;

/** How a worker process ended. */
export interface WorkerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The end of what it wrote to stderr. */
  readonly stderr: string;
}

/**
 * One worker process (the bundle of `src/worker/worker.ts`, see `bundleWorker`) with an IPC channel. `exited` resolves
 * once the process is gone and every message it sent has been delivered to `onEvent`.
 */
export class WorkerProcess {
  readonly exited: Promise<WorkerExit>;
  private readonly child: ChildProcess;
  private stderr = '';

  constructor(entry: string, config: WorkerConfig, key: string, onEvent: (event: WorkerEvent) => void) {
    this.child = fork(entry, [], {
      execArgv: [],
      env: { ...process.env, [WORKER_CONFIG_ENV]: JSON.stringify(config), [WORKER_KEY_ENV]: key },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.on('message', (message) => onEvent(message as WorkerEvent));
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL);
    });
    this.exited = new Promise<WorkerExit>((resolve) => {
      this.child.once('close', (code, signal) => {
        const done = () => resolve({ code, signal, stderr: this.stderr });
        if (this.child.connected) this.child.once('disconnect', done);
        else done();
      });
    });
  }

  /** The process id (undefined if it could not start). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends a command; silently dropped when the process is gone. */
  send(command: ParentCommand): void {
    if (this.child.connected) this.child.send(command, (error) => void error);
  }

  /** SIGKILL: no handler, no flush, no goodbye. */
  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }
}
