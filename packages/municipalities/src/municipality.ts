/** A Dutch municipality as the CBS classification names it. */
export interface Municipality {
  /** CBS code, `GM` and four digits. */
  readonly code: string;
  readonly name: string;
  readonly province: string;
}

/** The form of a CBS municipality code, whether or not the code is on the list. */
export const MUNICIPALITY_CODE_PATTERN = /^GM\d{4}$/;
