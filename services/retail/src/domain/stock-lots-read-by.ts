import { assertNever } from '@vezel/errors';
import type { RetailCommand } from './retail-command.ts';
import type { RetailEvent } from './retail-event.ts';

/**
 * The lot ids whose held grams deciding `command` (and evolving its events) reads. A store's stock grows with every
 * lot it ever received, so a repository may load just these lines; the store's version still guards concurrency,
 * and the decision is the same as against the whole stock. A lot the store never received is simply absent.
 */
export function stockLotsReadBy(command: RetailCommand): readonly string[] {
  // Every retail command touches exactly one lot; the switch keeps that a checked fact when commands are added.
  switch (command.type) {
    case 'ReceiveLotAtStore':
    case 'SellItems':
    case 'DonateItems':
    case 'ReturnLot':
      return [command.lotId];
    default:
      return assertNever(command, 'retail command');
  }
}

/** The lot ids whose held grams `event` changes: the stock lines a repository writes back. */
export function stockLotsChangedBy(event: RetailEvent): readonly string[] {
  switch (event.type) {
    case 'LotReceivedAtStore':
    case 'ItemsSold':
    case 'ItemsDonated':
    case 'LotReturned':
      return [event.lotId];
    default:
      return assertNever(event, 'retail event');
  }
}
