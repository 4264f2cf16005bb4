/** How disposed grams are treated; the outcome they reach is `disposal.<method>`. */
export const DISPOSAL_METHODS = ['energy-recovery', 'incineration', 'landfill'] as const;

/** A method from {@link DISPOSAL_METHODS}. */
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];

const disposalMethods: ReadonlySet<string> = new Set(DISPOSAL_METHODS);

/** Whether `value` is one of the {@link DISPOSAL_METHODS}. */
export function isDisposalMethod(value: string): value is DisposalMethod {
  return disposalMethods.has(value);
}
