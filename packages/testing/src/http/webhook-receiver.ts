import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, and what it answered. */
export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly answered: number | 'hung' | 'dropped';
}

/**
 * How a receiver answers one request: a status (with headers, and after `delayMs`: a slow receiver), `hang` (never
 * answer: the sender's timeout is tested) or `drop` (close the connection without an answer).
 */
export type ReceiverAnswer =
  | number
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly delayMs?: number }
  | 'hang'
  | 'drop';

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/<path>`. */
  readonly url: string;
  /** Every request so far, in the order they arrived. */
  readonly received: readonly ReceivedWebhook[];
  /** What the next requests get; receives the request's body, how many requests came before it, and its headers. */
  answerWith(answer: (body: string, index: number, headers: IncomingHttpHeaders) => ReceiverAnswer): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that webhooks are sent to, answering as the test says: it fails, times out,
 * answers 410 or 429, and recovers, as a partner's receiver would.
 */
export async function startWebhookReceiver(path = '/hooks'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let answer: (body: string, index: number, headers: IncomingHttpHeaders) => ReceiverAnswer = () => 204;
  const hung = new Set<ServerResponse>();
  const slow = new Set<NodeJS.Timeout>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const given = answer(body, received.length, req.headers);
      if (given === 'hang') {
        received.push({ headers: req.headers, body, answered: 'hung' });
        hung.add(res);
        return;
      }
      if (given === 'drop') {
        received.push({ headers: req.headers, body, answered: 'dropped' });
        req.socket.destroy();
        return;
      }
      const { status, headers, delayMs } = typeof given === 'number' ? { status: given, headers: {} } : given;
      if (delayMs === undefined) {
        received.push({ headers: req.headers, body, answered: status });
        res.writeHead(status, headers).end();
        return;
      }
      // Answered only once the answer is written: a sender that gave up first, or a close, leaves it hung.
      const request: { -readonly [K in keyof ReceivedWebhook]: ReceivedWebhook[K] } = {
        headers: req.headers,
        body,
        answered: 'hung',
      };
      received.push(request);
      const timer = setTimeout(() => {
        slow.delete(timer);
        if (res.destroyed) return;
        request.answered = status;
        res.writeHead(status, headers).end();
      }, delayMs);
      slow.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answerWith(next) {
      answer = next;
    },
    async close() {
      for (const timer of slow) clearTimeout(timer);
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
