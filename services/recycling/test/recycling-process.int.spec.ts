import { describeServiceProcess } from '@vezel/service-testing';

describeServiceProcess({
  name: 'recycling',
  main: new URL('../src/main.ts', import.meta.url),
  drain: {
    requests: [
      {
        path: '/v1/recycling/receipts',
        body: {
          receiptId: 'R-MAIN',
          lotId: 'L-MAIN',
          processorId: 'P-MAIN',
          grams: 10,
          receivedAt: '2026-03-10T08:00:00Z',
        },
      },
      {
        path: '/v1/recycling/disposals',
        body: {
          disposalId: 'DISP-MAIN',
          processorId: 'P-MAIN',
          nodeId: 'L-MAIN',
          grams: 10,
          method: 'incineration',
          disposedAt: '2026-03-10T09:00:00Z',
        },
      },
    ],
    key: 'L-MAIN',
    eventTypes: ['vezel.recycling.v1.LotReceivedByProcessor', 'vezel.recycling.v1.NodeDisposed'],
    lateEventType: 'vezel.recycling.v1.LotReceivedByProcessor',
  },
  postgresTransport: {
    request: {
      path: '/v1/recycling/receipts',
      body: { lotId: 'L-PG', processorId: 'P-PG', grams: 5, receivedAt: '2026-03-10T08:00:00Z' },
    },
    key: 'L-PG',
    eventType: 'vezel.recycling.v1.LotReceivedByProcessor',
  },
  badConfig: {
    env: { KAFKA_BROKERS: 'kafka', HTTP_PORT: 'eighty' },
    messages: ['DATABASE_URL is required', 'HTTP_PORT must be a TCP port', 'KAFKA_BROKERS must list host:port pairs'],
  },
});
