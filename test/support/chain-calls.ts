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
 * Until the ledger has applied every event and its refresher has worked off every mark: figures, who may read
 * each node and the feed's settled end are then all current. `token` must read the lag (the operator's).
 */
export async function ledgerSettled(ledger: RunningChain, token: string): Promise<void> {
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
