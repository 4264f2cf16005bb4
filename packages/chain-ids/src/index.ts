export { MAX_ID_LENGTH, requireChainId } from './require-chain-id.ts';
