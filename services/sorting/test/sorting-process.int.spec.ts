import { describeServiceProcess } from '@vezel/service-testing';

describeServiceProcess({
  name: 'sorting',
  main: new URL('../src/main.ts', import.meta.url),
  drain: {
    requests: [
      {
        path: '/v1/sorting/receipts',
        body: {
          receiptId: 'R-MAIN',
          nodeId: 'B-MAIN',
          centreId: 'SC-1',
          grams: 10,
          receivedAt: '2026-03-02T07:30:00Z',
        },
      },
    ],
    key: 'B-MAIN',
    eventTypes: ['vezel.sorting.v1.NodeReceivedAtCentre'],
    lateEventType: 'vezel.sorting.v1.NodeReceivedAtCentre',
  },
  postgresTransport: {
    request: {
      path: '/v1/sorting/receipts',
      body: { receiptId: 'R-PG', nodeId: 'B-PG', centreId: 'SC-1', grams: 10, receivedAt: '2026-03-02T07:30:00Z' },
    },
    key: 'B-PG',
    eventType: 'vezel.sorting.v1.NodeReceivedAtCentre',
  },
  badConfig: {
    env: { KAFKA_BROKERS: 'kafka', GRPC_PORT: 'ninety' },
    messages: ['DATABASE_URL is required', 'GRPC_PORT must be a TCP port', 'KAFKA_BROKERS must list host:port pairs'],
  },
});
