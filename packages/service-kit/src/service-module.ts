import type { AccessControl } from '@vezel/access';
import type { Server } from '@grpc/grpc-js';
import type { Db, Migration } from '@vezel/db';
import type { EventLog } from '@vezel/messaging';
import type { ReadinessCheck } from '@vezel/rpc';
import type { Logger } from '@vezel/telemetry';
import type { RequestHandler } from 'express';

/**
 * One write-side service, ready to be hosted: by its own process (`runService`), by the embedded single-process
 * `npm start`, or by a test. It owns no servers and no connections; the host gives it a Db and an EventLog,
 * applies `migrations`, mounts `httpRoutes` and `registerGrpc` on its servers, and calls `start` / `stop`.
 */
export interface ServiceModule {
  /** `collection`, `sorting`, ...: the service name in logs, health answers and the HTTP path `/v1/<name>/`. */
  readonly name: string;
  /** Applied in order (with `migrate` from `@vezel/db`) before `start` and before any request is served. */
  readonly migrations: readonly Migration[];
  /** Express routers with full paths (`/v1/<name>/...`), for `createHttpApp({ routes })`. */
  readonly httpRoutes: readonly RequestHandler[];
  /** Adds the service's gRPC services to a server (before it binds). */
  registerGrpc(server: Server): void;
  /** What `/readyz` checks (the database, at least). */
  readonly readinessChecks: readonly ReadinessCheck[];
  /**
   * The topics the module's outbox publishes to (a write-side service's one topic). A host whose event log may not
   * create topics checks at start-up that they exist; the ledger, which only reads, checks its own in `start`.
   */
  readonly publishesTo?: readonly string[];
  /** Starts the background work: the outbox relay. */
  start(): Promise<void>;
  /** Drains the outbox (bounded) and stops the background work. Call after intake has stopped. */
  stop(): Promise<void>;
  /**
   * Ends answers that would otherwise stay open (the ledger's feed streams), so the servers can close without
   * waiting out their shutdown timeout. Called when the host starts shutting down, before the servers close.
   */
  endOpenAnswers?(): void;
}

/** What a host hands a module. */
export interface ServiceDependencies {
  /** The service's own database (schema); the module's migrations go here. */
  readonly db: Db;
  readonly eventLog: EventLog;
  readonly logger: Logger;
  /** The topic to publish to instead of the service's own (`vezel.<name>.v1`): tests and shared clusters. */
  readonly topic?: string;
  /** The service's clock. Default `new Date()`. */
  readonly clock?: () => Date;
  /** How long `stop` waits for the outbox to empty. Default 10 s. */
  readonly drainTimeoutMs?: number;
  /** The schema `db` works in, when the host gave it one (DATABASE_SCHEMA). */
  readonly schema?: string;
  /**
   * The PostgreSQL server `db` connects to (DATABASE_URL), for work a module runs on threads with connections of
   * their own (the ledger's figures); absent in the embedded mode.
   */
  readonly databaseUrl?: string;
  /**
   * Checks every request: who is asking, and whether they may record for the holder a command names or read. Absent,
   * the module serves everyone: only tests and an explicit `AUTH=disabled` run it so.
   */
  readonly access?: AccessControl;
  /**
   * Opens a Db on another schema of the same database (the ledger rebuilds into a fresh schema, then swaps), or on
   * its own schema with a statement timeout (the ledger's query pool).
   */
  readonly openSchema?: (schema: string, options?: { readonly statementTimeoutMs?: number }) => Db;
}

/** A service as its `module.ts` exports it: a name known before anything is created, and a factory. */
export interface ServiceDefinition {
  readonly name: string;
  create(dependencies: ServiceDependencies): Promise<ServiceModule>;
}
