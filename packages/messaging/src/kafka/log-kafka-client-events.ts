import type { ConnectionPoolEventPayload, ConsumerGroupJoinPayload } from '@platformatic/kafka';
import type { KafkaClientLog } from './kafka-client-log.ts';

/** What @platformatic/kafka's clients and connection pools have in common: they are event emitters. */
interface EventSource {
  on(event: string, listener: (...args: never[]) => void): unknown;
}

// Listeners run inside the client's callbacks: one that threw on an odd payload would break the client, so none may.
const address = (payload: ConnectionPoolEventPayload | undefined): string =>
  payload?.broker === undefined ? 'a broker' : `${payload.broker.host}:${payload.broker.port}`;
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Routes a @platformatic/kafka client's events (connections, retries, group membership, heartbeats) to `log`. The
 * client has no logger of its own: these events are how it says what happens. Also listens for `error`, which an
 * event emitter without a listener would throw.
 */
export function logKafkaClientEvents(client: EventSource, log: KafkaClientLog): void {
  client.on('error', (error: Error) => log.error(`kafka client error: ${reason(error)}`, { error }));
  client.on('client:broker:connect', (payload: ConnectionPoolEventPayload) =>
    log.debug(`connected to ${address(payload)}`),
  );
  client.on('client:broker:disconnect', (payload: ConnectionPoolEventPayload) =>
    log.info(`disconnected from ${address(payload)}`),
  );
  client.on('client:broker:failed', (payload: ConnectionPoolEventPayload) =>
    log.error(`connection to ${address(payload)} failed`),
  );
  client.on('client:performWithRetry:retry', (operation: string, attempt: number, retries: number, delay: number) =>
    log.info(`${operation} failed; retry ${attempt + 1} of ${retries} in ${delay} ms`),
  );
  client.on('client:performWithRetry:failed', (operation: string, _retries: number, errors: readonly unknown[]) => {
    log.warn(`${operation} failed: ${reason(errors.at(-1))}`, { attempts: errors.length });
  });
  client.on('consumer:group:join', (payload: ConsumerGroupJoinPayload) => {
    const partitions = (payload.assignments ?? []).reduce((sum, assigned) => sum + assigned.partitions.length, 0);
    log.info(`joined group ${payload.groupId}: generation ${payload.generationId ?? '?'}, ${partitions} partitions`, {
      memberId: payload.memberId,
    });
  });
  client.on('consumer:group:rebalance', () => log.info('the group is rebalancing'));
  client.on('consumer:heartbeat:error', (payload: { error?: unknown } | undefined) =>
    log.warn(`heartbeat failed: ${reason(payload?.error)}`),
  );
  client.on('consumer:heartbeat:stalled', (payload: { stalledFor?: number } | undefined) =>
    log.warn(`no heartbeat answered for ${payload?.stalledFor ?? '?'} ms`),
  );
}

/** Routes the events of a connection pool that no client owns (a subscription's fetch connections) to `log`. */
export function logConnectionPoolEvents(pool: EventSource, log: KafkaClientLog): void {
  pool.on('error', (error: Error) => log.error(`kafka connection error: ${reason(error)}`, { error }));
  pool.on('connect', (payload: ConnectionPoolEventPayload) => log.debug(`connected to ${address(payload)}`));
  pool.on('failed', (payload: ConnectionPoolEventPayload) => log.error(`connection to ${address(payload)} failed`));
}
