import { parseArgs } from 'node:util';
import { createOperatorKey, openAccessControl, readAccessConfig } from '@vezel/access';
import { createPgDb } from '@vezel/db';
import { credentialHeader } from './api-credential.ts';
import { chainBaseOf } from './chain-url.ts';
import { LedgerAnswerError } from './people/ledger-client.ts';
import { UsageError } from './usage-error.ts';

export const partnersUsage = `vezel partners add <partnerId> --kind <operator|centre|store|processor|exporter|municipality|auditor> --name <name>
  vezel partners give <partnerId> <centre|store|processor|municipality|exporter> <holderId>   vezel partners list   [--url]
  who may call the chain and what each partner owns (the operator's VEZEL_API_KEY, scope admin)`;
export const keysUsage = `vezel keys create <partnerId> --scope "read record" [--label] [--expires 2027-01-01T00:00:00Z]
  vezel keys list [<partnerId>]   vezel keys revoke <keyId>   [--url]
  vezel keys bootstrap   (DATABASE_URL, ACCESS_SCHEMA): the operator and its first admin key, straight in the directory
  API keys: the token is printed once, at creation; only its id is kept, listed and logged`;

/** `vezel partners ...` over the chain's `/v1/access` API. */
export async function partnersCommand(args: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { url: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [subcommand, ...rest] = positionals;
  const base = chainBaseOf(values.url);
  switch (subcommand) {
    case 'add': {
      const [partnerId] = rest;
      if (partnerId === undefined || values.kind === undefined || values.name === undefined) {
        throw new UsageError('partners add needs <partnerId>, --kind and --name');
      }
      print(await callAccess(base, 'POST', 'partners', { partnerId, kind: values.kind, name: values.name }));
      return;
    }
    case 'give': {
      const [partnerId, kind, id] = rest;
      if (partnerId === undefined || kind === undefined || id === undefined) {
        throw new UsageError('partners give needs <partnerId> <kind> <holderId>');
      }
      print(await callAccess(base, 'POST', `partners/${encodeURIComponent(partnerId)}/holders`, { kind, id }));
      return;
    }
    case 'list':
      print(await callAccess(base, 'GET', 'partners'));
      return;
    case undefined:
      throw new UsageError('partners needs add, give or list');
    default:
      throw new UsageError(`unknown partners subcommand "${subcommand}"`);
  }
}

/** `vezel keys ...` over the chain's `/v1/access` API. */
export async function keysCommand(args: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      url: { type: 'string' },
      scope: { type: 'string' },
      label: { type: 'string' },
      expires: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [subcommand, target] = positionals;
  const base = chainBaseOf(values.url);
  switch (subcommand) {
    case 'create': {
      if (target === undefined || values.scope === undefined)
        throw new UsageError('keys create needs <partnerId> and --scope');
      const created = (await callAccess(base, 'POST', 'keys', {
        partnerId: target,
        scope: values.scope,
        ...(values.label === undefined ? {} : { label: values.label }),
        ...(values.expires === undefined ? {} : { expiresAt: values.expires }),
      })) as { keyId: string; token: string };
      process.stdout.write(`key ${created.keyId} for ${target} (${values.scope})\n`);
      process.stdout.write(`token (shown this once; keep it as a secret): ${created.token}\n`);
      return;
    }
    case 'list':
      print(
        await callAccess(base, 'GET', target === undefined ? 'keys' : `keys?partnerId=${encodeURIComponent(target)}`),
      );
      return;
    case 'bootstrap':
      await bootstrapOperatorKey();
      return;
    case 'revoke':
      if (target === undefined) throw new UsageError('keys revoke needs <keyId>');
      print(await callAccess(base, 'POST', `keys/${encodeURIComponent(target)}/revoke`));
      return;
    case undefined:
      throw new UsageError('keys needs create, list or revoke');
    default:
      throw new UsageError(`unknown keys subcommand "${subcommand}"`);
  }
}

/**
 * The first key cannot come from the API (which needs an admin key): whoever holds the database's credentials
 * registers the operator and makes its admin key directly in the access directory.
 */
async function bootstrapOperatorKey(): Promise<void> {
  const access = readAccessConfig(process.env);
  const { config } = access;
  const databaseUrl = process.env['DATABASE_URL']?.trim();
  const problems = [
    ...(databaseUrl === undefined || databaseUrl === '' ? ['DATABASE_URL is required'] : []),
    ...access.problems,
  ];
  if (problems.length > 0 || config.mode !== 'enabled' || databaseUrl === undefined) {
    throw new UsageError(`keys bootstrap: ${problems.join('; ') || 'AUTH=disabled: there is no directory'}`);
  }
  const db = createPgDb({ connectionString: databaseUrl, schema: config.schema, maxConnections: 1 });
  try {
    const { directory } = await openAccessControl(db, config);
    const created = await createOperatorKey(directory, { label: 'bootstrap' });
    process.stdout.write(`key ${created.keyId} for operator (admin)\n`);
    process.stdout.write(`token (shown this once; keep it as a secret): ${created.token}\n`);
  } finally {
    await db.close();
  }
}

async function callAccess(base: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${base}/v1/access/${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...credentialHeader(base) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json().catch(() => ({}))) as { detail?: string; field?: string };
  if (!response.ok) {
    const field = answer.field === undefined ? '' : ` (${answer.field})`;
    throw new LedgerAnswerError(
      `the chain answered ${response.status}: ${answer.detail ?? 'no reason given'}${field}`,
      response.status,
    );
  }
  return answer;
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
