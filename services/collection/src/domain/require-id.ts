// The chain's id rule lives in one place (@vezel/chain-ids); collection names it requireId.
export { MAX_ID_LENGTH, requireChainId as requireId } from '@vezel/chain-ids';
