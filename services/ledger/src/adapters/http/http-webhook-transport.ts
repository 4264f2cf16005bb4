import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { WebhookTransport } from '../../app/webhook-dispatcher.ts';
import type { Webhook, WebhookDelivery } from '../../app/webhook-store.ts';
import { REFUSED_NETWORKS, retryAfterMsOf, type DeliveryAnswer, type WebhookTargetRules } from '../../domain/index.ts';

/**
 * Sends webhook messages over HTTP(S), signed: Standard Webhooks' `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (one `v1,` signature per live secret, so a receiver mid-rotation verifies with either), or, for
 * an EPCIS subscription, `GS1-Signature` (base64 HMAC-SHA256 of the body under the subscriber's signatureToken).
 * Connections go through agents that check every resolved address against the target rules at connect time, so a
 * name that resolves to a private address is refused even if it did not when the webhook was registered. Redirects
 * are not followed (a redirect could lead anywhere): a 3xx counts as a failed try.
 */
export function createHttpWebhookTransport(options: {
  readonly rules: WebhookTargetRules;
  /** How long a receiver has to answer. Default 10 s. */
  readonly timeoutMs?: number;
}): WebhookTransport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const loopback = options.rules.allowLoopbackHttp ? ['127.0.0.0/8', '::1'] : [];
  const filtering = {
    allowPrivateIPAddress: false,
    allowMetaIPAddress: false,
    allowIPAddressList: [...options.rules.allowedNetworks, ...loopback],
    denyIPAddressList: [...REFUSED_NETWORKS],
    keepAlive: true,
    // Per receiver origin: enough for every worker's round of concurrent sends to one partner.
    maxSockets: 64,
  };
  const httpAgent = new RequestFilteringHttpAgent(filtering);
  const httpsAgent = new RequestFilteringHttpsAgent(filtering);
  return {
    send(webhook, delivery) {
      const url = new URL(webhook.url);
      const headers = signedHeaders(webhook, delivery, new Date());
      return new Promise<DeliveryAnswer>((resolve) => {
        const request = (url.protocol === 'https:' ? https : http).request(
          url,
          {
            method: 'POST',
            agent: url.protocol === 'https:' ? httpsAgent : httpAgent,
            headers: {
              ...headers,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(delivery.body),
              'user-agent': 'Vezel-Webhooks/1',
            },
            signal: AbortSignal.timeout(timeoutMs),
          },
          (response) => {
            // The answer's body is not wanted; reading it frees the connection for the next message.
            response.resume();
            response.on('end', () => {
              const retryAfterMs = retryAfterMsOf(response.headers['retry-after'], new Date());
              resolve({
                kind: 'answered',
                status: response.statusCode ?? 0,
                ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
              });
            });
            response.on('error', (error) => resolve({ kind: 'failed', error: failureOf(error, timeoutMs) }));
          },
        );
        request.on('error', (error) => resolve({ kind: 'failed', error: failureOf(error, timeoutMs) }));
        request.end(delivery.body);
      });
    },
  };
}

/** The headers that sign a message, as of `now` (a retry is signed afresh: its timestamp is when it is sent). */
export function signedHeaders(webhook: Webhook, delivery: WebhookDelivery, now: Date): Record<string, string> {
  const base = {
    'webhook-id': delivery.messageId,
    'webhook-timestamp': Math.floor(now.getTime() / 1000).toString(),
  };
  if (webhook.kind === 'epcis') {
    const token = webhook.secrets[0]?.secret;
    if (token === undefined) return base;
    return { ...base, 'GS1-Signature': createHmac('sha256', token).update(delivery.body).digest('base64') };
  }
  const live = webhook.secrets.filter((key) => key.expiresAt === undefined || key.expiresAt > now);
  const signatures = live.map((key) => new StandardWebhook(key.secret).sign(delivery.messageId, now, delivery.body));
  return { ...base, 'webhook-signature': signatures.join(' ') };
}

/**
 * Why a try got no answer, in the broad words the partner is shown: the exact error (a resolved address, a refused
 * port) would let a partner map the networks the ledger can reach.
 */
function failureOf(error: Error, timeoutMs: number): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (error.name === 'AbortError' || code === 'ETIMEDOUT') return `no answer within ${timeoutMs} ms`;
  if (/is not allowed/.test(error.message)) return 'the address is not one webhooks may reach';
  if (
    /^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)|SSL/.test(code) ||
    /certificate|TLS|SSL/i.test(error.message)
  ) {
    return 'the TLS handshake failed';
  }
  return 'could not connect, or the connection broke';
}
