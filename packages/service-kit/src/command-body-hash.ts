import { createHash } from 'node:crypto';
import { toJsonValue, type JsonValue } from './json-value.ts';

/**
 * SHA-256 (hex) of a command body in canonical JSON: object keys sorted, bigints and Dates tagged, `undefined`
 * left out. Two bodies that mean the same (keys in another order, an absent optional field vs `undefined`, the same
 * command over HTTP and gRPC) hash alike, so a replay is recognised whatever transport or client sent it.
 */
export function hashCommandBody(body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(toJsonValue(body, 'body')))
    .digest('hex');
}

function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: JsonValue) => canonicalJson(item)).join(',')}]`;
  const object = value as { readonly [key: string]: JsonValue };
  const members = Object.keys(object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key] ?? null)}`);
  return `{${members.join(',')}}`;
}
