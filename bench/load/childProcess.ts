import { fork, type ChildProcess } from 'node:child_process';

/** What every benchmark child answers: its own CPU time, so each process's cost is measured alone. */
export interface CpuReply {
  cpuMs: number;
}

/**
 * A benchmark component in a process of its own, driven over IPC: `ask` sends one command and resolves with
 * the child's answer to it (answers carry the command's `seq`).
 */
export interface Child {
  process: ChildProcess;
  ready: Promise<Record<string, unknown>>;
  ask<T>(command: Record<string, unknown>): Promise<T>;
  /** Every message the child sends on its own (not an answer), such as the broker's terminal events. */
  onNotice(listener: (notice: Record<string, unknown>) => void): void;
  stop(): Promise<void>;
}

export function startChild(script: URL, env: Record<string, string> = {}, execArgv: string[] = []): Child {
  const child = fork(script, [], {
    env: { ...process.env, ...env },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // A driver that fails leaves no component running behind it.
  process.once('exit', () => child.kill());
  let seq = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  const listeners: Array<(notice: Record<string, unknown>) => void> = [];
  let readyResolve: (value: Record<string, unknown>) => void = () => {};
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    readyResolve = resolve;
    child.once('exit', (code) =>
      reject(new Error(`${script.pathname} exited with ${code} before it was ready`)),
    );
  });
  child.on('message', (raw) => {
    const message = raw as Record<string, unknown>;
    if (message.ready) return readyResolve(message);
    const answer = typeof message.seq === 'number' ? waiting.get(message.seq) : undefined;
    if (answer) {
      waiting.delete(message.seq as number);
      return answer(message.answer);
    }
    for (const listener of listeners) listener(message);
  });
  return {
    process: child,
    ready,
    ask: <T>(command: Record<string, unknown>) =>
      new Promise<T>((resolve) => {
        const id = ++seq;
        waiting.set(id, resolve as (value: unknown) => void);
        child.send({ ...command, seq: id });
      }),
    onNotice: (listener) => void listeners.push(listener),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ op: 'stop' });
      }),
  };
}

/** The child's side: answers each command with `handle`, and exits on `stop` after `close`. */
export function serveParent(
  handle: (command: Record<string, unknown>) => Promise<unknown> | unknown,
  close: () => Promise<void>,
): void {
  // The IPC channel closes when the driver dies, however it died: nothing is left running behind it.
  process.once('disconnect', () => void close().then(() => process.exit(0)));
  process.on('message', (raw) => {
    const command = raw as Record<string, unknown>;
    if (command.op === 'stop') {
      void close().then(() => process.exit(0));
      return;
    }
    void Promise.resolve(handle(command)).then((answer) => process.send?.({ seq: command.seq, answer }));
  });
}

/** Milliseconds of CPU (user and system) this process has used so far. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
