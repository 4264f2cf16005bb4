/**
 * The conditions of an EPCIS query (`SimpleEventQuery` parameters) that Vezel answers: a conjunction, each list a
 * disjunction, as the standard defines them. Matched against events as rendered in EPCIS 2.0 JSON-LD.
 */
export interface EpcisQuery {
  /** `eventType`: ObjectEvent, TransformationEvent. */
  readonly eventTypes?: readonly string[];
  /** `GE_eventTime` / `LT_eventTime`. */
  readonly eventTimeFrom?: Date;
  readonly eventTimeBefore?: Date;
  /** `EQ_bizStep`, as bare words (`shipping`, `vezel:sorting`). */
  readonly bizSteps?: readonly string[];
  /** `EQ_action`. */
  readonly actions?: readonly string[];
  /** `MATCH_anyEPCClass`: node URIs in any quantity list (input, output or plain). */
  readonly epcClasses?: readonly string[];
}

const GS1_BIZ_STEP_PREFIXES = ['https://ref.gs1.org/cbv/BizStep-', 'urn:epcglobal:cbv:bizstep:'];

/** A business step as the rendering writes it: GS1's by its bare word, Vezel's own as `vezel:<word>`. */
export function bareBizStep(step: string): string {
  for (const prefix of GS1_BIZ_STEP_PREFIXES) if (step.startsWith(prefix)) return step.slice(prefix.length);
  return step.replace(/^https:\/\/vezel\.dev\/voc\//, 'vezel:');
}

export function matchesEpcisQuery(event: Readonly<Record<string, unknown>>, query: EpcisQuery): boolean {
  if (query.eventTypes !== undefined && !query.eventTypes.includes(String(event['type']))) return false;
  const time = Date.parse(String(event['eventTime']));
  if (query.eventTimeFrom !== undefined && !(time >= query.eventTimeFrom.getTime())) return false;
  if (query.eventTimeBefore !== undefined && !(time < query.eventTimeBefore.getTime())) return false;
  if (query.bizSteps !== undefined && !query.bizSteps.includes(bareBizStep(String(event['bizStep'])))) return false;
  if (query.actions !== undefined && !query.actions.includes(String(event['action']))) return false;
  if (query.epcClasses !== undefined) {
    const classes = ['quantityList', 'inputQuantityList', 'outputQuantityList'].flatMap((list) =>
      Array.isArray(event[list]) ? (event[list] as readonly { epcClass?: unknown }[]).map((q) => q.epcClass) : [],
    );
    if (!classes.some((epcClass) => typeof epcClass === 'string' && query.epcClasses?.includes(epcClass))) {
      return false;
    }
  }
  return true;
}
