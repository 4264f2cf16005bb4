import { expect } from 'vitest';
import type { JsonResponse } from './json-response.ts';

/**
 * Sends a request that must be refused and checks the refusal the way every service promises it: the status, a
 * problem+json body naming `field` with a human `detail`, and nothing written (`snapshot` — row counts, or a
 * richer footprint — is the same before and after).
 */
export async function expectRejectedWithNothingWritten(
  snapshot: () => Promise<unknown>,
  send: () => Promise<Pick<JsonResponse, 'status' | 'contentType' | 'body'>>,
  status: number,
  field: string,
): Promise<void> {
  const before = await snapshot();
  const response = await send();
  expect(response.status).toBe(status);
  expect(response.contentType).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, field });
  expect(typeof response.body['detail']).toBe('string');
  expect(await snapshot()).toEqual(before);
}
