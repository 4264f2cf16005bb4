/** How textile reaches a collection point. */
export const CONTAINER_CHANNELS = ['street-container', 'store-drop-off', 'door-to-door'] as const;

/** One of {@link CONTAINER_CHANNELS}. */
export type ContainerChannel = (typeof CONTAINER_CHANNELS)[number];
