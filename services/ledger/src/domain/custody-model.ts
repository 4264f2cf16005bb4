/**
 * The chain-of-custody model every trace is computed with: ISO 22095 mass balance at run level. Identity is kept up
 * to a node's first run; a run pools what it consumes, and each of its outputs (and its loss) has the pool's
 * composition. Traces say so, so that a reader never mistakes a share for physical segregation.
 */
export const CUSTODY_MODEL = 'mass-balance';

/** The value of {@link CUSTODY_MODEL}. */
export type CustodyModel = typeof CUSTODY_MODEL;
