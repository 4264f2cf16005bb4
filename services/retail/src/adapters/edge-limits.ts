// Limits both edges (HTTP and gRPC) enforce on top of the domain's rules, so neither accepts what the other refuses.

/** `items` is a uint32 on the wire (ItemsSold.items): a larger count over HTTP would wrap, so it is refused. */
export const MAX_ITEMS = 2 ** 32 - 1;

/** Longest programme accepted (in characters): it names a programme or gives its id, it does not describe it. */
export const MAX_PROGRAMME_LENGTH = 200;
