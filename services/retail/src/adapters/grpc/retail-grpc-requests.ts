import type {
  DonateItemsRequest,
  ReceiveLotAtStoreRequest as ReceiveLotAtStoreProto,
  ReturnLotRequest,
  SellItemsRequest,
} from '@vezel/contracts';
import { InvalidInputError } from '@vezel/errors';
import { fromProtoTimestamp } from '@vezel/rpc';
import type { DonateItemsInput } from '../../app/donate-items.ts';
import type { ReceiveLotAtStoreRequest } from '../../app/receive-lot-at-store.ts';
import type { ReturnLotInput } from '../../app/return-lot.ts';
import type { SellItemsInput } from '../../app/sell-items.ts';
import { MAX_PROGRAMME_LENGTH } from '../edge-limits.ts';
import { fromProtoReturnDestination } from '../protobuf/retail-protobuf.ts';

// The gRPC requests of the retail commands, read to the same inputs as their JSON bodies (so a command sent over
// HTTP and repeated over gRPC is recognised as a replay). Grams, counts and ids are passed on as they came: the
// decider refuses zero or negative grams, zero items and empty ids, naming the field.

export function fromReceiveLotAtStoreProto(request: ReceiveLotAtStoreProto): ReceiveLotAtStoreRequest {
  return {
    ...(request.receiptId === undefined ? {} : { receiptId: request.receiptId }),
    lotId: request.lotId,
    storeId: request.storeId,
    grams: request.grams,
    receivedAt: fromProtoTimestamp(request.receivedAt, 'receivedAt'),
    ...(request.deliveryId === undefined ? {} : { deliveryId: request.deliveryId }),
  };
}

export function fromSellItemsProto(request: SellItemsRequest): SellItemsInput {
  return {
    saleId: request.saleId,
    storeId: request.storeId,
    lotId: request.lotId,
    grams: request.grams,
    items: request.items,
    ...(request.revenueCents === undefined ? {} : { revenueCents: request.revenueCents }),
    soldAt: fromProtoTimestamp(request.soldAt, 'soldAt'),
  };
}

export function fromDonateItemsProto(request: DonateItemsRequest): DonateItemsInput {
  return {
    donationId: request.donationId,
    storeId: request.storeId,
    lotId: request.lotId,
    grams: request.grams,
    programme: requireProgrammeLength(request.programme),
    donatedAt: fromProtoTimestamp(request.donatedAt, 'donatedAt'),
  };
}

export function fromReturnLotProto(request: ReturnLotRequest): ReturnLotInput {
  return {
    returnId: request.returnId,
    storeId: request.storeId,
    lotId: request.lotId,
    grams: request.grams,
    destination: fromProtoReturnDestination(request.destination),
    returnedAt: fromProtoTimestamp(request.returnedAt, 'returnedAt'),
  };
}

function requireProgrammeLength(programme: string): string {
  // Counted in code points, as the HTTP edge counts them.
  if ([...programme].length > MAX_PROGRAMME_LENGTH) {
    throw new InvalidInputError(`must be at most ${MAX_PROGRAMME_LENGTH} characters`, { field: 'programme' });
  }
  return programme;
}
