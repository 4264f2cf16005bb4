import type { ChainCommand } from './simulate-chain.ts';

/** A command a service refused: the simulation stops there, since everything after it may depend on it. */
export class CommandRefusedError extends Error {
  override readonly name = 'CommandRefusedError';
  readonly command: ChainCommand;
  readonly status: number;
  readonly problem: unknown;

  constructor(command: ChainCommand, status: number, problem: unknown) {
    super(
      `POST /v1/${command.service}/${command.path} was refused (${status}): ${JSON.stringify(problem)}; body ${JSON.stringify(command.body)}`,
    );
    this.command = command;
    this.status = status;
    this.problem = problem;
  }
}

export interface DriveOptions {
  /** The base URL the services' APIs hang under (`/v1/<service>/`), one for all (vezel up) or one per service. */
  readonly urlOf: (service: ChainCommand['service']) => string;
  /** Commands in flight at once (default 8); commands on the same node always go one after another. */
  readonly concurrency?: number;
  /** Told after each command: how many are done. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The API key the commands are sent with (the operator's: it records for every holder nobody else owns). */
  readonly apiKey?: string;
}

/**
 * Sends the commands to the services' real HTTP APIs and resolves with the time taken. A command waits for every
 * earlier command that names one of its nodes, containers or deliveries (a run waits for its inputs' receipts, a
 * sale for its lot's receipt); unrelated commands overlap, up to `concurrency`. A refused command stops it with a
 * CommandRefusedError carrying the service's problem+json.
 */
export async function driveSimulation(commands: readonly ChainCommand[], options: DriveOptions): Promise<number> {
  const started = performance.now();
  const concurrency = options.concurrency ?? 8;
  const lastOnKey = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  let failure: Error | undefined;
  for (const command of commands) {
    if (failure !== undefined) break;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    const keys = keysOf(command);
    const before = keys.flatMap((key) => {
      const last = lastOnKey.get(key);
      return last === undefined ? [] : [last];
    });
    const sent = Promise.all(before)
      .then(() => send(command, options))
      .then(() => options.onProgress?.(++done, commands.length));
    const settled = sent.catch((error: unknown) => {
      failure ??= error instanceof Error ? error : new Error(String(error));
    });
    for (const key of keys) lastOnKey.set(key, sent);
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return performance.now() - started;
}

/**
 * Failures after which a command is sent again: the connection closed before an answer came (a kept-alive
 * connection the server closed as the command went out, a server busy past its idle timeout). A resend cannot record
 * anything twice: every command carries its own id, and a service answers the same id and body with the first
 * result.
 */
const CLOSED_BEFORE_ANSWER = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
const SENDS_PER_COMMAND = 3;

async function send(command: ChainCommand, options: DriveOptions): Promise<void> {
  const url = `${options.urlOf(command.service)}/v1/${command.service}/${command.path}`;
  const init: RequestInit = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }),
    },
    body: JSON.stringify(command.body),
  };
  let response: Response | undefined;
  for (let sent = 1; response === undefined; sent++) {
    try {
      response = await fetch(url, init);
    } catch (error) {
      if (sent >= SENDS_PER_COMMAND || !closedBeforeAnswer(error)) throw error;
    }
  }
  const text = await response.text();
  if (response.status < 200 || response.status > 299) {
    let problem: unknown = text;
    try {
      problem = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    throw new CommandRefusedError(command, response.status, problem);
  }
}

/** The ids a command depends on or creates: nodes, containers, and the node in its path. */
function keysOf(command: ChainCommand): string[] {
  const body = command.body;
  const keys = new Set<string>();
  for (const field of ['batchId', 'nodeId', 'lotId', 'containerId']) {
    const value = body[field];
    if (typeof value === 'string') keys.add(value);
  }
  for (const list of ['inputs', 'outputs']) {
    const entries = body[list];
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as Record<string, unknown>[]) {
      for (const field of ['nodeId', 'lotId', 'productId']) {
        const value = entry[field];
        if (typeof value === 'string') keys.add(value);
      }
    }
  }
  const pathNode = /^(?:batches|lots)\/([^/]+)\//.exec(command.path)?.[1];
  if (pathNode !== undefined) keys.add(decodeURIComponent(pathNode));
  return [...keys];
}

/** Whether fetch failed because the connection closed before the answer (its cause carries the socket's code). */
function closedBeforeAnswer(error: unknown): boolean {
  const code = error instanceof Error ? (error.cause as { readonly code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' && CLOSED_BEFORE_ANSWER.has(code);
}
