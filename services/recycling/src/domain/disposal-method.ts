// How disposed grams are treated: the chain's one vocabulary, checked here for the processor's disposals.
export { DISPOSAL_METHODS, isDisposalMethod, type DisposalMethod } from '@vezel/chain-events';
