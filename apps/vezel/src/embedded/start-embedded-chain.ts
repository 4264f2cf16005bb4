import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { collectionService } from '@vezel/collection/module';
import { createPgliteDb, type Db } from '@vezel/db';
import { ledgerServiceWith, readLedgerSettings } from '@vezel/ledger/module';
import { createPostgresEventLog, type EventLog } from '@vezel/messaging';
import { recyclingService } from '@vezel/recycling/module';
import { retailService } from '@vezel/retail/module';
import { sortingService } from '@vezel/sorting/module';
import {
  startServiceModules,
  type HostedModule,
  type RunningServiceModules,
  type ServiceDefinition,
} from '@vezel/service-kit';
import { createLogger, type Logger } from '@vezel/telemetry';
import { openEmbeddedAccess, type EmbeddedAccess } from './embedded-access.ts';

export interface EmbeddedChainOptions {
  /** Where the databases live, one directory per service plus the event log; kept across restarts. */
  readonly dataDir: string;
  /** 0 picks a free port (tests). */
  readonly httpPort: number;
  readonly grpcPort: number;
  /** Default loopback. */
  readonly host?: string;
  readonly logger?: Logger;
  /** Where stores are (ledger reference data, for local-for-local), beside the shipped reference data. */
  readonly storePlaces?: readonly { readonly storeId: string; readonly municipality: string }[];
}

/** The whole chain running in this process. */
export interface EmbeddedChain {
  /** The HTTP base URL every service's API hangs under (`/v1/<service>/`). */
  readonly url: string;
  /** The operator's admin key (also in `<data dir>/operator.key`): what the simulator and scripts call with. */
  readonly apiKey: string;
  readonly keyFile: string;
  /** A new one-time URL that logs a browser in to the dashboard (a read-only session). */
  loginUrl(): string;
  readonly grpcPort: number;
  readonly eventLog: EventLog;
  /** Stops intake, drains every outbox, closes the databases. Safe to call twice. */
  stop(): Promise<void>;
}

/** The chain services in the order they start: producers first, so their topics exist when the ledger subscribes. */
const producers: readonly ServiceDefinition[] = [collectionService, sortingService, retailService, recyclingService];

/**
 * The five services in one process on embedded defaults (`vezel up`, `npm start`; ADR 11): each service keeps its own PGlite
 * database under `dataDir/<service>` (a service owns its data here too, and their tables may share names), the
 * events go through the PostgreSQL event log in `dataDir/event-log`, and one HTTP server and one gRPC server
 * serve every API. Nothing else is needed: no database server, no Kafka.
 */
export async function startEmbeddedChain(options: EmbeddedChainOptions): Promise<EmbeddedChain> {
  const logger = options.logger ?? createLogger('vezel', { level: 'warn' });
  const opened: Db[] = [];
  const open = async (name: string): Promise<Db> => {
    const dataDir = join(options.dataDir, name);
    await mkdir(dataDir, { recursive: true });
    const db = await createPgliteDb({ dataDir });
    opened.push(db);
    return db;
  };
  let eventLog: EventLog | undefined;
  let running: RunningServiceModules | undefined;
  let access: EmbeddedAccess | undefined;
  const closeAll = async (): Promise<void> => {
    await eventLog?.close();
    for (const db of opened.reverse()) await db.close();
  };
  try {
    eventLog = await createPostgresEventLog({ db: await open('event-log') });
    // The chain's calendar and reference data follow the environment as in production; its topics stay the chain's.
    // Webhooks may go to loopback over plain http here: the embedded chain is one person's machine, where a
    // receiver under development listens on localhost.
    const settings = await readLedgerSettings({
      CHAIN_TIME_ZONE: process.env['CHAIN_TIME_ZONE'],
      LEDGER_REFERENCE_DATA: process.env['LEDGER_REFERENCE_DATA'],
      WEBHOOK_ALLOW_LOOPBACK_HTTP: process.env['WEBHOOK_ALLOW_LOOPBACK_HTTP'] ?? 'true',
      WEBHOOK_ALLOWED_NETWORKS: process.env['WEBHOOK_ALLOWED_NETWORKS'],
    });
    const ledgerService = ledgerServiceWith(
      options.storePlaces === undefined || settings.referenceData === undefined
        ? settings
        : {
            ...settings,
            referenceData: {
              ...settings.referenceData,
              storePlaces: [...settings.referenceData.storePlaces, ...options.storePlaces],
            },
          },
    );
    access = await openEmbeddedAccess(await open('access'), options.dataDir);
    const hosted: HostedModule[] = [];
    for (const definition of [...producers, ledgerService]) {
      const db = await open(definition.name);
      const module = await definition.create({
        db,
        eventLog,
        logger: logger.child({ service: definition.name }),
        access: access.control,
      });
      hosted.push({ module, db });
    }
    running = await startServiceModules(hosted, {
      name: 'vezel',
      extraRoutes: [access.loginRoute],
      httpPort: options.httpPort,
      grpcPort: options.grpcPort,
      ...(options.host === undefined ? {} : { host: options.host }),
      reportUnexpectedError: (error, context) => logger.error('unexpected error', { ...context, error }),
    });
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }
  const served = running;
  const { apiKey, keyFile, sessions } = access;
  let stopping: Promise<void> | undefined;
  return {
    url: served.http.url,
    apiKey,
    keyFile,
    loginUrl: () => `${served.http.url}/login?token=${sessions.issueLoginToken()}`,
    grpcPort: served.grpc.port,
    eventLog,
    stop() {
      stopping ??= (async () => {
        try {
          await served.stop();
        } finally {
          await closeAll();
        }
      })();
      return stopping;
    },
  };
}
