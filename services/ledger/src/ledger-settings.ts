import { DEFAULT_REFERENCE_DATA, readReferenceDataFile } from './adapters/reference-data-file.ts';
import { DEFAULT_CHAIN_TIME_ZONE, requireTimeZone } from '@vezel/chain-calendar';
import type { EnvironmentVariable } from '@vezel/service-kit';
import type { LedgerModuleOptions } from './module.ts';
import { requireNetworks } from './domain/index.ts';

/**
 * The ledger's own settings from the environment (the common ones are read by runService):
 * `LEDGER_TOPICS` (comma-separated topics instead of the four chain topics) and `LEDGER_REFERENCE_DATA` (a JSON
 * file of emission factors and market figures; default the shipped reference-data/default.json) and
 * `CHAIN_TIME_ZONE` (the IANA zone whose days calendar-date periods and UPV years are; default Europe/Amsterdam) and
 * `LEDGER_QUERY_TIMEOUT_MS` (the longest a query of the API may run; default 10000) and `EPCIS_BASE_URI` (where the
 * EPCIS rendering's node and place URIs live; default https://id.vezel.dev) and, for webhooks,
 * `WEBHOOK_ALLOWED_NETWORKS` (comma-separated private CIDRs or addresses receivers may be on; default none: only
 * public addresses), `WEBHOOK_ALLOW_LOOPBACK_HTTP` (`true`: plain http to loopback, for local development) and
 * `WEBHOOK_TIMEOUT_MS` (how long a receiver has to answer; default 10000, at most 20000) and
 * `WEBHOOK_RETENTION_DAYS` (how long delivered webhook messages are kept; default 7) and `LEDGER_FIGURE_THREAD`
 * (`false`: compute the figures on the main thread, one V8 heap less; default true) and `LEDGER_CONSUMER_GROUP` (the
 * Kafka consumer group the ledger processes of one deployment share; default vezel-ledger: two deployments on one
 * Kafka cluster need two names).
 */
export async function readLedgerSettings(
  env: Readonly<Record<string, string | undefined>>,
): Promise<LedgerModuleOptions> {
  const topics = env['LEDGER_TOPICS']
    ?.split(',')
    .map((topic) => topic.trim())
    .filter((topic) => topic !== '');
  const referenceData = await readReferenceDataFile(env['LEDGER_REFERENCE_DATA'] ?? DEFAULT_REFERENCE_DATA);
  const timeZone = requireTimeZone(env['CHAIN_TIME_ZONE'] ?? DEFAULT_CHAIN_TIME_ZONE, 'CHAIN_TIME_ZONE');
  const timeoutRaw = env['LEDGER_QUERY_TIMEOUT_MS']?.trim();
  if (timeoutRaw !== undefined && timeoutRaw !== '' && !/^[1-9]\d{0,8}$/.test(timeoutRaw)) {
    throw new Error(`LEDGER_QUERY_TIMEOUT_MS must be a whole number of milliseconds, got "${timeoutRaw}"`);
  }
  const queryTimeoutMs = timeoutRaw === undefined || timeoutRaw === '' ? 10_000 : Number(timeoutRaw);
  const epcisBase = env['EPCIS_BASE_URI']?.trim();
  if (epcisBase !== undefined && epcisBase !== '' && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s/?#])?$/.test(epcisBase)) {
    throw new Error(`EPCIS_BASE_URI must be an http(s) URI without a trailing slash, got "${epcisBase}"`);
  }
  const allowedNetworks = requireNetworks(
    (env['WEBHOOK_ALLOWED_NETWORKS'] ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
    'WEBHOOK_ALLOWED_NETWORKS',
  );
  const loopbackRaw = env['WEBHOOK_ALLOW_LOOPBACK_HTTP']?.trim() ?? 'false';
  if (loopbackRaw !== 'true' && loopbackRaw !== 'false') {
    throw new Error(`WEBHOOK_ALLOW_LOOPBACK_HTTP must be true or false, got "${loopbackRaw}"`);
  }
  const webhookTimeoutRaw = env['WEBHOOK_TIMEOUT_MS']?.trim();
  // At most 20 s: a turn on an endpoint ends within its lease (60 s), so no other process takes it over mid-send.
  if (
    webhookTimeoutRaw !== undefined &&
    webhookTimeoutRaw !== '' &&
    (!/^[1-9]\d{0,4}$/.test(webhookTimeoutRaw) || Number(webhookTimeoutRaw) > 20_000)
  ) {
    throw new Error(
      `WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds up to 20000, got "${webhookTimeoutRaw}"`,
    );
  }
  const retentionRaw = env['WEBHOOK_RETENTION_DAYS']?.trim();
  if (retentionRaw !== undefined && retentionRaw !== '' && !/^[1-9]\d{0,3}$/.test(retentionRaw)) {
    throw new Error(`WEBHOOK_RETENTION_DAYS must be a whole number of days from 1, got "${retentionRaw}"`);
  }
  const figureThreadRaw = env['LEDGER_FIGURE_THREAD']?.trim() ?? 'true';
  if (figureThreadRaw !== 'true' && figureThreadRaw !== 'false') {
    throw new Error(`LEDGER_FIGURE_THREAD must be true or false, got "${figureThreadRaw}"`);
  }
  const groupId = env['LEDGER_CONSUMER_GROUP']?.trim();
  if (groupId !== undefined && groupId !== '' && !/^[A-Za-z0-9._-]{1,200}$/.test(groupId)) {
    throw new Error(`LEDGER_CONSUMER_GROUP must be 1-200 letters, digits, '.', '_' or '-', got "${groupId}"`);
  }
  return {
    ...(groupId === undefined || groupId === '' ? {} : { groupId }),
    figureThread: figureThreadRaw === 'true',
    webhooks: {
      rules: { allowedNetworks, allowLoopbackHttp: loopbackRaw === 'true' },
      ...(retentionRaw === undefined || retentionRaw === ''
        ? {}
        : { limits: { retentionMs: Number(retentionRaw) * 24 * 3_600_000 } }),
      ...(webhookTimeoutRaw === undefined || webhookTimeoutRaw === '' ? {} : { timeoutMs: Number(webhookTimeoutRaw) }),
    },
    ...(epcisBase === undefined || epcisBase === '' ? {} : { epcisBase }),
    referenceData,
    timeZone,
    queryTimeoutMs,
    ...(topics === undefined || topics.length === 0 ? {} : { topics }),
  };
}

/** The variables `readLedgerSettings` reads, with their defaults and meaning; only the ledger reads them. */
export const ledgerEnvironment: readonly EnvironmentVariable[] = [
  {
    name: 'LEDGER_TOPICS',
    services: ['ledger'],
    default: 'the four chain topics',
    description: 'The topics to project, separated by commas.',
  },
  {
    name: 'LEDGER_CONSUMER_GROUP',
    services: ['ledger'],
    default: '`vezel-ledger`',
    description: 'The Kafka consumer group the ledger processes of one deployment share: one name per deployment.',
  },
  {
    name: 'LEDGER_REFERENCE_DATA',
    services: ['ledger'],
    default: 'the shipped `reference-data/default.json`',
    description: 'A JSON file of emission factors, market figures and store places.',
  },
  {
    name: 'CHAIN_TIME_ZONE',
    services: ['ledger'],
    default: '`Europe/Amsterdam`',
    description: 'The IANA zone whose days calendar-date periods and UPV years are.',
  },
  {
    name: 'LEDGER_QUERY_TIMEOUT_MS',
    services: ['ledger'],
    default: '`10000`',
    description: 'The longest a query of the API runs before PostgreSQL stops it (503 naming the limit).',
  },
  {
    name: 'EPCIS_BASE_URI',
    services: ['ledger'],
    default: '`https://id.vezel.dev`',
    description: "Where the EPCIS rendering's node and place URIs live (no trailing slash).",
  },
  {
    name: 'WEBHOOK_ALLOWED_NETWORKS',
    services: ['ledger'],
    description: 'Private CIDRs or addresses webhook receivers may be on, separated by commas; unset: public only.',
  },
  {
    name: 'WEBHOOK_ALLOW_LOOPBACK_HTTP',
    services: ['ledger'],
    default: '`false`',
    description: '`true` allows plain http webhooks to loopback, for local development.',
  },
  {
    name: 'WEBHOOK_TIMEOUT_MS',
    services: ['ledger'],
    default: '`10000`',
    description: 'How long a webhook receiver has to answer (at most 20000).',
  },
  {
    name: 'WEBHOOK_RETENTION_DAYS',
    services: ['ledger'],
    default: '`7`',
    description: 'How long delivered webhook messages are kept.',
  },
  {
    name: 'LEDGER_FIGURE_THREAD',
    services: ['ledger'],
    default: '`true`',
    description: '`false` computes the figures on the main thread: one V8 heap less, slower queries while it works.',
  },
];
