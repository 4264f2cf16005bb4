export { startEmbeddedChain, type EmbeddedChain, type EmbeddedChainOptions } from './start-embedded-chain.ts';
