/**
 * @vezel/contracts: the wire contract of Vezel, generated from /proto by protoc-gen-es v2, and the catalogue of
 * events per topic.
 *
 * Every generated symbol is re-exported flat. Message, enum and service names are unique across all vezel.*
 * packages by design (the retail and recycling receipts are `GetStoreReceipt` and `GetProcessorReceipt`, not
 * two `GetReceipt`s); TypeScript rejects an ambiguous `export *` and a unit test guards the names too.
 * Use `create`, `toBinary`, `fromBinary` from `@bufbuild/protobuf` with the `*Schema` exports.
 */
export * from './gen/vezel/common/v1/destination_pb.js';
export * from './gen/vezel/common/v1/location_pb.js';
export * from './gen/vezel/common/v1/quantities_pb.js';

export * from './gen/vezel/collection/v1/events_pb.js';
export * from './gen/vezel/collection/v1/service_pb.js';
export * from './gen/vezel/sorting/v1/events_pb.js';
export * from './gen/vezel/sorting/v1/service_pb.js';
export * from './gen/vezel/retail/v1/events_pb.js';
export * from './gen/vezel/retail/v1/service_pb.js';
export * from './gen/vezel/recycling/v1/events_pb.js';
export * from './gen/vezel/recycling/v1/service_pb.js';

export * from './gen/vezel/ledger/v1/service_pb.js';

export * from './gen/vezel/access/v1/service_pb.js';

export {
  eventCatalogue,
  eventRegistry,
  eventSchemas,
  eventTopics,
  findEventSchema,
  findEventTopic,
} from './event-catalogue.ts';
export type { EventOf, EventTopic, ProducingService, VezelEvent } from './event-catalogue.ts';
