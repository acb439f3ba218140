// What the bench's child processes and the load generator say to each other over Node's IPC
// channel. A child sends {type:'ready', port, ...} once it listens; after that the parent asks
// (each question carries an id) and the child answers with the same type and id.

/** One request as the bot process saw it: [server time ms, Graph wait ms, Graph calls]. */
export type Sample = [totalMs: number, graphMs: number, graphCalls: number];

/** One Graph request the bot made: [sent, answered] (epoch ms, this machine's clock), method, path, status. */
export type GraphCall = [sentAt: number, answeredAt: number, method: string, path: string, status: number];

export interface Ready {
  type: 'ready';
  port: number;
  /** The sandbox's origin (its /_sandbox control routes) and Graph base URL. */
  origin?: string;
  baseUrl?: string;
}

/** Question type → what it carries besides type and id. */
export interface Questions {
  /** Start (on) or stop recording per-request timings; either way clears what was recorded. */
  record: { on: boolean };
  /** The samples since the last question, then cleared. */
  timings: Record<string, never>;
  /** The bot: how many turns are still running (a round's last requests outlive its sockets). */
  busy: Record<string, never>;
  /** The bot: start (on) logging every Graph request, in or outside a turn; off answers the log and stops. */
  graphLog: { on: boolean };
  /** A full garbage collection (the child runs with --expose-gc). */
  gc: Record<string, never>;
  memory: Record<string, never>;
}

export interface Answers {
  record: Record<string, never>;
  timings: { samples: Sample[]; unattributedGraphCalls: number };
  busy: { turns: number };
  graphLog: { calls: GraphCall[] };
  gc: Record<string, never>;
  memory: { memory: NodeJS.MemoryUsage };
}

export type QuestionType = keyof Questions;
export type Question = { [K in QuestionType]: { type: K; id: number } & Questions[K] }[QuestionType];

const QUESTION_TYPES: readonly string[] = [
  'record',
  'timings',
  'busy',
  'graphLog',
  'gc',
  'memory'
] satisfies QuestionType[];

export function isQuestion(msg: unknown): msg is Question {
  if (typeof msg !== 'object' || msg === null) return false;
  const { type, id } = msg as { type?: unknown; id?: unknown };
  return typeof type === 'string' && QUESTION_TYPES.includes(type) && typeof id === 'number';
}

export function isReady(msg: unknown): msg is Ready {
  if (typeof msg !== 'object' || msg === null) return false;
  const { type, port } = msg as { type?: unknown; port?: unknown };
  return type === 'ready' && typeof port === 'number';
}

/** The answer to question `id`, if `msg` is one. */
export function answerId(msg: unknown): number | undefined {
  if (typeof msg !== 'object' || msg === null) return undefined;
  const { id } = msg as { id?: unknown };
  return typeof id === 'number' ? id : undefined;
}
