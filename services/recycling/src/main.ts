// The recycling service process. Run with the telemetry hook:
//   node --import @vezel/telemetry/register services/recycling/src/main.ts
// Configuration (DATABASE_URL, KAFKA_BROKERS, HTTP_PORT, GRPC_PORT, EVENT_TRANSPORT ...): see @vezel/service-kit.
import { runService } from '@vezel/service-kit';
import { recyclingService } from './module.ts';

await runService(recyclingService);
