import { InvalidInputError, assertNever } from '@vezel/errors';
import { decideCompleteProcessingRun } from './complete-processing-run.ts';
import { DISPOSAL_METHODS, isDisposalMethod } from './disposal-method.ts';
import { requireId, requireInstant, requirePositiveGrams } from '@vezel/chain-rules';
import type { ProcessorStock } from './processor-stock.ts';
import type { DisposeNode, ReceiveLotAtProcessor, RecyclingCommand } from './recycling-command.ts';
import type { LotReceivedByProcessor, NodeDisposed, RecyclingEvent } from './recycling-event.ts';
import { requireHeldGrams, stockHolder, takenNode } from '@vezel/holder-stock';

/**
 * Decides what a command to a processor's stock means, given that stock: the events to record, or a domain error
 * naming the offending field (nothing is recorded then). The command's own values are checked before the stock.
 *
 * Pure: the same command and stock always give the same answer. Two commands racing for the last grams of a node
 * are serialised by the app layer (version check on the stock); the loser is decided again against the winner's
 * stock and is refused here.
 */
export function decideProcessorStock(command: RecyclingCommand, stock: ProcessorStock): readonly RecyclingEvent[] {
  switch (command.type) {
    case 'ReceiveLotAtProcessor':
      return [receiveLot(command)];
    case 'CompleteProcessingRun':
      return decideCompleteProcessingRun(command, stock);
    case 'DisposeNode':
      return [disposeNode(command, stock)];
    default:
      return assertNever(command, 'recycling command');
  }
}

function receiveLot(command: ReceiveLotAtProcessor): LotReceivedByProcessor {
  // Only the processor's own figures are checked: what was dispatched or returned is another service's fact, and
  // a receipt that disagrees with it is the ledger's anomaly to report, not a reason to refuse what was weighed.
  return {
    type: 'LotReceivedByProcessor',
    receiptId: requireId(command.receiptId, 'receiptId'),
    lotId: requireId(command.lotId, 'lotId'),
    processorId: requireId(command.processorId, 'processorId'),
    grams: requirePositiveGrams(command.grams, 'grams'),
    receivedAt: requireInstant(command.receivedAt, 'receivedAt'),
    ...(command.deliveryId === undefined ? {} : { deliveryId: requireId(command.deliveryId, 'deliveryId') }),
  };
}

function disposeNode(command: DisposeNode, stock: ProcessorStock): NodeDisposed {
  const disposalId = requireId(command.disposalId, 'disposalId');
  const processorId = requireId(command.processorId, 'processorId');
  const nodeId = requireId(command.nodeId, 'nodeId');
  const grams = requirePositiveGrams(command.grams, 'grams');
  const { method } = command;
  if (!isDisposalMethod(method)) {
    throw new InvalidInputError(`must be one of ${DISPOSAL_METHODS.join(', ')}, got "${method}"`, { field: 'method' });
  }
  const disposedAt = requireInstant(command.disposedAt, 'disposedAt');
  requireHeldGrams(stock, { holder: stockHolder('processor', processorId), node: takenNode('node', nodeId), grams });
  return { type: 'NodeDisposed', disposalId, processorId, nodeId, grams, method, disposedAt };
}
