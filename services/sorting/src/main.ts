// The sorting service process. Run with the telemetry hook:
//   node --import @vezel/telemetry/register services/sorting/src/main.ts
// Configuration (DATABASE_URL, KAFKA_BROKERS, HTTP_PORT, GRPC_PORT, EVENT_TRANSPORT ...): see @vezel/service-kit.
import { runService } from '@vezel/service-kit';
import { sortingService } from './module.ts';

await runService(sortingService);
