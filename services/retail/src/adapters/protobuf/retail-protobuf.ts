import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  DestinationKind,
  DestinationSchema,
  DisposalMethod,
  ItemsDonatedSchema,
  ItemsSoldSchema,
  LotReceivedAtStoreSchema,
  LotReturnedSchema,
  NodeGramsSchema,
  type Destination as DestinationProto,
  type ItemsDonated as ItemsDonatedProto,
  type ItemsSold as ItemsSoldProto,
  type LotReceivedAtStore as LotReceivedAtStoreProto,
  type LotReturned as LotReturnedProto,
  type NodeGrams as NodeGramsProto,
} from '@vezel/contracts';
import { InvalidInputError } from '@vezel/errors';
import {
  listHeldLots,
  type ItemsDonated,
  type ItemsSold,
  type LotReceivedAtStore,
  type LotReturned,
  type ReturnDestinationKind,
  type StoreStock,
} from '../../domain/index.ts';

// Protobuf is the wire contract, not the domain model: the retail service maps at this edge, both ways.

// The chain's shared destination vocabulary in its HTTP spelling. A store may ask for any of them; the decider
// accepts only a centre or a processor and explains why not the others.
const destinationKinds: ReadonlyMap<DestinationKind, string> = new Map([
  [DestinationKind.CENTRE, 'centre'],
  [DestinationKind.STORE, 'store'],
  [DestinationKind.PROCESSOR, 'processor'],
  [DestinationKind.EXPORTER, 'exporter'],
  [DestinationKind.DISPOSAL, 'disposal'],
]);

const protoReturnDestinationKinds: Readonly<Record<ReturnDestinationKind, DestinationKind>> = {
  centre: DestinationKind.CENTRE,
  processor: DestinationKind.PROCESSOR,
};

/**
 * A return's destination as the decider's command takes it: `{kind, id}` as in the HTTP body. A return carries no
 * country or disposal method (those belong to terminal dispatches), so a request setting them is refused rather
 * than silently losing them.
 */
export function fromProtoReturnDestination(
  destination: DestinationProto | undefined,
  field = 'destination',
): { readonly kind: string; readonly id: string } {
  if (destination === undefined) throw new InvalidInputError('is required', { field });
  const kind = destinationKinds.get(destination.kind);
  if (kind === undefined) {
    throw new InvalidInputError('must be DESTINATION_KIND_CENTRE or DESTINATION_KIND_PROCESSOR', {
      field: `${field}.kind`,
    });
  }
  if (destination.country !== undefined) {
    throw new InvalidInputError('a return names only kind and id', { field: `${field}.country` });
  }
  if (destination.method !== DisposalMethod.UNSPECIFIED) {
    throw new InvalidInputError('a return names only kind and id', { field: `${field}.method` });
  }
  return { kind, id: destination.id };
}

/** `LotReceivedAtStore` on the wire (also the gRPC answer of ReceiveLotAtStore and GetStoreReceipt). */
export function toLotReceivedAtStoreProto(event: LotReceivedAtStore): LotReceivedAtStoreProto {
  return create(LotReceivedAtStoreSchema, {
    receiptId: event.receiptId,
    lotId: event.lotId,
    storeId: event.storeId,
    grams: event.grams,
    receivedAt: timestampFromDate(event.receivedAt),
    ...(event.deliveryId === undefined ? {} : { deliveryId: event.deliveryId }),
  });
}

/** `ItemsSold` on the wire. */
export function toItemsSoldProto(event: ItemsSold): ItemsSoldProto {
  return create(ItemsSoldSchema, {
    saleId: event.saleId,
    storeId: event.storeId,
    lotId: event.lotId,
    grams: event.grams,
    items: event.items,
    ...(event.revenueCents === undefined ? {} : { revenueCents: event.revenueCents }),
    soldAt: timestampFromDate(event.soldAt),
  });
}

/** `ItemsDonated` on the wire. */
export function toItemsDonatedProto(event: ItemsDonated): ItemsDonatedProto {
  return create(ItemsDonatedSchema, {
    donationId: event.donationId,
    storeId: event.storeId,
    lotId: event.lotId,
    grams: event.grams,
    programme: event.programme,
    donatedAt: timestampFromDate(event.donatedAt),
  });
}

/** `LotReturned` on the wire. */
export function toLotReturnedProto(event: LotReturned): LotReturnedProto {
  return create(LotReturnedSchema, {
    returnId: event.returnId,
    storeId: event.storeId,
    lotId: event.lotId,
    grams: event.grams,
    destination: create(DestinationSchema, {
      kind: protoReturnDestinationKinds[event.destination.kind],
      id: event.destination.id,
    }),
    returnedAt: timestampFromDate(event.returnedAt),
  });
}

/** A store's stock lines as GetStoreStock answers them: lots with grams > 0, by lot id. */
export function toStockLinesProto(stock: StoreStock): NodeGramsProto[] {
  return listHeldLots(stock).map((line) => create(NodeGramsSchema, { nodeId: line.lotId, grams: line.grams }));
}
