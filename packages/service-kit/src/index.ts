// Executing commands: idempotent, optimistic, transactional with the outbox.
export {
  executeCommand,
  type CommandDefinition,
  type ExecuteCommandOptions,
  type MessageContext,
  type EventToMessage,
} from './execute-command.ts';
export {
  runIdempotentCommand,
  type CommandIdentity,
  type CommandOutcome,
  type CommandRunOptions,
  type CommandWork,
} from './run-idempotent-command.ts';
export type { Decider } from './decider.ts';
export type { AggregateStore, AggregateChange, LoadOptions, Versioned } from './aggregate-store.ts';
export { VersionConflictError, isVersionConflictError } from './version-conflict-error.ts';
export { createPgHolderStockStore, type HolderStockFacts, type HolderStockTables } from './pg-holder-stock-store.ts';
export type { RetryPolicy } from './retry-policy.ts';
export { hashCommandBody } from './command-body-hash.ts';
export { processedCommandsSchemaSql } from './processed-commands.ts';
export { serviceKitMigration, loadServiceMigrations } from './service-migrations.ts';

// Hosting a service: the module shape, the outbox relay's lifecycle, the process composition root.
export type { ServiceModule, ServiceDependencies, ServiceDefinition } from './service-module.ts';
export { createOutboxPublisher, type OutboxPublisher, type OutboxPublisherOptions } from './outbox-publisher.ts';
export { withTopicsEnsured } from './with-topics-ensured.ts';
export { startServiceModule, type ServeOptions, type RunningServiceModule } from './start-service-module.ts';
export {
  startServiceModules,
  type HostedModule,
  type ServeModulesOptions,
  type RunningServiceModules,
} from './start-service-modules.ts';
export { readServiceConfig, type ServiceConfig } from './service-config.ts';
export { serviceEnvironment, serviceProcessEnvironment, type EnvironmentVariable } from './service-environment.ts';
export { runService, type RunServiceOptions, type RunningService } from './run-service.ts';
export { measureRequests } from './measure-requests.ts';

// Who may call: the checks for APIs beyond the declared chain operations.
export { callerOf, grpcCaller, grpcCallerScope, requireCallerScope } from './caller-scope.ts';
export { createAccessAdminRouter } from './access-admin-routes.ts';
export { registerAccessAdminGrpc } from './access-admin-grpc.ts';
export { httpCredential, SESSION_COOKIE } from './http-credential.ts';

// HTTP conventions.
export { commandResponseStatus } from './command-response-status.ts';
export {
  createOpenApiDocument,
  serveOpenApiDocument,
  problems,
  type OpenApiDescription,
  type OpenApiObject,
  type ProblemResponseName,
} from './openapi-document.ts';
export { onlyEvent } from './only-event.ts';
export { assembleServiceModule, type ServiceModuleParts } from './assemble-service-module.ts';
export {
  defineChainService,
  type ChainService,
  type ChainServiceContext,
  type ChainServiceParts,
} from './define-chain-service.ts';
export { COMMAND_IDEMPOTENCY, GRAMS_COMMAND_PROBLEMS, RECORD_COMMAND_PROBLEMS } from './command-problems.ts';
export { createServiceRouter, registerServiceGrpc, serviceOpenApiDocument, type ServiceApi } from './service-api.ts';
export {
  operationsOf,
  type CommandAnswer,
  type CommandDeclaration,
  type CommandHolder,
  type CommandOperation,
  type FactQueryDeclaration,
  type OperationDeclarations,
  type PathParameters,
  type PreparedCommand,
  type QueryDeclaration,
  type QueryOperation,
  type ServiceOperation,
} from './service-operations.ts';
export {
  factLocation,
  type FactCommandDeclaration,
  type FactReadBack,
  type IdNamedBy,
  type ReceiptDeclaration,
} from './fact-command.ts';
export { holderOf } from './holder-of.ts';
export { commandRunnerOf, type CommandRunnerDependencies, type RunCommand } from './command-runner.ts';
export { requireRecordedFact } from './require-recorded-fact.ts';
export type { ApplicationDependencies } from './application-dependencies.ts';
export { blameReusedDelivery, type SettledReceipt, type ReceiptRequest } from './blame-reused-delivery.ts';

// Schemas and bodies several services document alike.
export { bodyAndFactSchemas, gramsLineSchema, type ObjectFields } from './openapi-schemas.ts';
export { runSchemas, type RunSchemaParts } from './run-schemas.ts';
export { deliverySchemas, type Delivery } from './delivery-schemas.ts';
export {
  readReceiptBody,
  receiptSchemas,
  type ReceiptBody,
  type ReceiptBodyWords,
  type ReceiptIdFields,
} from './holder-receipt.ts';
