// The child half of processes/ipc-protocol.ts, shared by the echo bot, the bot and the sandbox:
// say ready, answer the parent's questions (gc and memory for every child), and stop when the
// parent goes away, so that no bench process can outlive the run.
import type { Answers, Question, QuestionType, Questions, Ready } from './ipc-protocol';
import { isQuestion } from './ipc-protocol';

type Handlers = { [K in QuestionType]?: (question: Questions[K]) => Answers[K] };

function send(message: object): void {
  if (!process.send) throw new Error('bench child: started without an IPC channel (run it through bench/run.ts)');
  process.send(message);
}

export function sendReady(ready: Omit<Ready, 'type'>): void {
  send({ type: 'ready', ...ready });
}

/** Answers every question; gc and memory unless `handlers` answers them itself. */
export function answerQuestions(handlers: Handlers = {}): void {
  const all: Handlers = {
    gc: () => {
      (globalThis as { gc?: () => void }).gc?.();
      return {};
    },
    memory: () => ({ memory: process.memoryUsage() }),
    ...handlers
  };
  process.on('message', (msg: unknown) => {
    if (!isQuestion(msg)) return;
    const handler = all[msg.type] as ((q: Question) => object) | undefined;
    if (handler) send({ ...handler(msg), type: msg.type, id: msg.id });
  });
}

/**
 * Runs `close` once when the parent disconnects or signals, then exits; after 3 s it exits
 * regardless (a server that will not close must not keep the run waiting).
 */
export function stopWithParent(close: () => Promise<void> | void = () => {}): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 3000).unref();
    Promise.resolve()
      .then(close)
      .finally(() => process.exit(0));
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
