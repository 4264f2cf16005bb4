// The ledger service process. Run with the telemetry hook:
//   node --import @vezel/telemetry/register services/ledger/src/main.ts
// Configuration: DATABASE_URL, DATABASE_SCHEMA (default `ledger`), KAFKA_BROKERS, EVENT_TRANSPORT, HTTP_PORT,
// GRPC_PORT (see @vezel/service-kit), plus
//   LEDGER_TOPICS          comma-separated topics to project instead of the four chain topics
//   LEDGER_REFERENCE_DATA  JSON file of emission factors and market figures (default reference-data/default.json)
//   CHAIN_TIME_ZONE        IANA zone whose days calendar-date periods and UPV years are (default Europe/Amsterdam)
import { runService } from '@vezel/service-kit';
import { readLedgerSettings } from './ledger-settings.ts';
import { ledgerServiceWith } from './module.ts';

await runService(ledgerServiceWith(await readLedgerSettings(process.env)));
