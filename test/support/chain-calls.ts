import { createPgDb } from '@vezel/db';
import { eventually } from '@vezel/testing';
import { expect } from 'vitest';
import type { RunningChain } from './running-chain.ts';

/** Records a command on the chain service its path names (`/v1/<service>/...`) with `token`; expects 201. */
export async function recordOn(chain: RunningChain, token: string, path: string, body: unknown): Promise<void> {
  const service = path.split('/')[2]!;
  const response = await fetch(`${chain.services[service]!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status, `${path}: ${await response.text()}`).toBe(201);
}

/**
 * Until every event the producers recorded has left their outboxes, the ledger has applied every event and its
 * refresher has worked off every mark: figures, who may read each node and the feed's settled end are then all
 * current. (Without the outboxes, the lag could read "nothing behind" while a relay still holds an event.) `token`
 * must read the lag (the operator's).
 */
export async function ledgerSettled(producers: RunningChain, ledger: RunningChain, token: string): Promise<void> {
  await eventually(async () => ((await unsentEvents(producers)) === 0 ? true : undefined), {
    description: 'the outboxes drained',
    timeoutMs: 60_000,
  });
  await eventually(
    async () => {
      const response = await fetch(`${ledger.services['ledger']!.url}/v1/ledger/lag`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const lag = (await response.json()) as { eventsBehind: number; derivedPending: number };
      return lag.eventsBehind === 0 && lag.derivedPending === 0 ? true : undefined;
    },
    { description: 'the ledger settled', timeoutMs: 60_000 },
  );
}

/** Events recorded by the producers' services and not yet published. */
async function unsentEvents(producers: RunningChain): Promise<number> {
  let unsent = 0;
  for (const [name, url] of Object.entries(producers.databaseUrls)) {
    const db = createPgDb({ connectionString: url, schema: name, maxConnections: 1 });
    try {
      const { rows } = await db.query<{ count: string }>(
        'select count(*)::text as count from outbox where sent_at is null',
      );
      unsent += Number(rows[0]!.count);
    } finally {
      await db.close();
    }
  }
  return unsent;
}
