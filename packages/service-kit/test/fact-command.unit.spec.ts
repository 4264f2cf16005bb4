import type { RetailService } from '@vezel/contracts';
import { describe, expect, it } from 'vitest';
import {
  GRAMS_COMMAND_PROBLEMS,
  holderOf,
  operationsOf,
  RECORD_COMMAND_PROBLEMS,
  type CommandHolder,
  type CommandOperation,
  type QueryOperation,
} from '../src/index.ts';

interface Sale {
  readonly saleId: string;
  readonly storeId: string;
}
interface Receipt {
  readonly receiptId: string;
  readonly storeId: string;
}

/** An application that records and reads back one sale and one receipt, and says what it was asked. */
function anApplication() {
  const asked: string[] = [];
  const sale: Sale = { saleId: 'SALE 1', storeId: 'S-1' };
  const receipt: Receipt = { receiptId: 'R-1', storeId: 'S-1' };
  return {
    asked,
    sellItems: async (input: Sale) => (asked.push(`sellItems ${input.saleId}`), { replayed: false, result: input }),
    getSale: async (saleId: string) => (asked.push(`getSale ${saleId}`), sale),
    receiveLotAtStore: async (input: Receipt) => ({ replayed: false, result: input }),
    getReceipt: async (receiptId: string) => (asked.push(`getReceipt ${receiptId}`), receipt),
  };
}
type Application = ReturnType<typeof anApplication>;

const { factCommand, receipt } = operationsOf<Application, typeof RetailService>();

const [sellItems, getSale] = factCommand({
  id: 'sellItems',
  collection: 'sales',
  parameter: 'saleId',
  summary: 'Record a sale',
  body: 'SellItems',
  result: 'Sale',
  resultName: 'The sale',
  fromJson: (body: unknown) => body as Sale,
  fromProto: (request) => ({ saleId: request.saleId, storeId: request.storeId }),
  holder: holderOf.store,
  run: (application, input) => application.sellItems(input),
  toJson: (sale: Sale) => ({ json: sale.saleId }),
  toEvent: (sale) => ({ saleId: sale.saleId }),
  readBack: {
    id: 'getSale',
    summary: 'Read a sale',
    resultName: 'A sale',
    read: (application, saleId) => application.getSale(saleId),
    protoField: 'sale',
  },
});

const [receiveLotAtStore, getStoreReceipt] = receipt({
  id: 'receiveLotAtStore',
  summary: 'Record a receipt',
  body: 'ReceiveLotAtStore',
  fromJson: (body: unknown) => body as Receipt,
  fromProto: (request) => ({ receiptId: request.receiptId ?? '', storeId: request.storeId }),
  holder: holderOf.store,
  run: (application, input) => application.receiveLotAtStore(input),
  toJson: (fact: Receipt) => fact,
  toEvent: (fact) => ({ receiptId: fact.receiptId }),
  readBack: { id: 'getStoreReceipt' },
});

/** Records the holder each query checks; lets every read through. */
function checks(): { readonly holders: CommandHolder[]; readonly check: (holder: CommandHolder) => Promise<void> } {
  const holders: CommandHolder[] = [];
  return { holders, check: async (holder) => void holders.push(holder) };
}

async function record(command: CommandOperation<Application>, body: unknown) {
  const application = anApplication();
  const prepared = command.fromJson(body, {});
  const holder = await prepared.holder(application);
  const answer = await prepared.run(application);
  return { holder, location: answer.location, json: answer.json(), proto: answer.proto(), asked: application.asked };
}

async function readBack(query: QueryOperation<Application>, parameters: Record<string, string>) {
  const application = anApplication();
  const http = checks();
  const grpc = checks();
  return {
    json: await query.overHttp(application, parameters, http.check),
    proto: await query.overGrpc?.(application, parameters, grpc.check),
    holders: [...http.holders, ...grpc.holders],
    asked: application.asked,
  };
}

describe('a fact command', () => {
  it('records at POST /<collection> and reads back at GET /<collection>/:<parameter>', () => {
    expect(sellItems).toMatchObject({ kind: 'command', id: 'sellItems', path: '/sales', body: 'SellItems' });
    expect(getSale).toMatchObject({ kind: 'query', id: 'getSale', path: '/sales/:saleId', summary: 'Read a sale' });
  });

  it('documents one result, its name on the query where it has its own, and moves grams unless it says not', () => {
    expect(sellItems).toMatchObject({ result: 'Sale', resultName: 'The sale', problems: GRAMS_COMMAND_PROBLEMS });
    expect(getSale).toMatchObject({ result: 'Sale', resultName: 'A sale' });
    expect(getSale).not.toHaveProperty('problems');
  });

  it('answers with where the fact is read, its JSON and its event, recording for the holder its input names', async () => {
    expect(await record(sellItems, { saleId: 'SALE 1', storeId: 'S-1' })).toEqual({
      holder: { kind: 'store', id: 'S-1' },
      location: '/sales/SALE%201',
      json: { json: 'SALE 1' },
      proto: { event: { saleId: 'SALE 1' } },
      asked: ['sellItems SALE 1'],
    });
  });

  it('reads the fact back by its id, checks its holder, and answers its JSON or its event in the gRPC field', async () => {
    expect(await readBack(getSale, { saleId: 'SALE 1' })).toEqual({
      json: { json: 'SALE 1' },
      proto: { sale: { saleId: 'SALE 1' } },
      holders: [
        { kind: 'store', id: 'S-1' },
        { kind: 'store', id: 'S-1' },
      ],
      asked: ['getSale SALE 1', 'getSale SALE 1'],
    });
  });
});

describe('a receipt', () => {
  it('is a fact command at /receipts that moves no held grams', async () => {
    expect(receiveLotAtStore).toMatchObject({ path: '/receipts', result: 'Receipt', resultName: 'The receipt' });
    expect(receiveLotAtStore).toMatchObject({ problems: RECORD_COMMAND_PROBLEMS });
    expect((await record(receiveLotAtStore, { receiptId: 'R-1', storeId: 'S-1' })).location).toBe('/receipts/R-1');
  });

  it('is read back at /receipts/:receiptId with getReceipt, over HTTP only when its gRPC field is not named', async () => {
    expect(getStoreReceipt).toMatchObject({
      path: '/receipts/:receiptId',
      summary: 'Read a receipt',
      result: 'Receipt',
      resultName: 'The receipt',
    });
    expect(getStoreReceipt.overGrpc).toBeUndefined();
    expect(await readBack(getStoreReceipt, { receiptId: 'R-1' })).toMatchObject({
      holders: [{ kind: 'store', id: 'S-1' }],
      asked: ['getReceipt R-1'],
    });
  });
});
