/*
 * The places of a charity textile operation modelled on the Dutch Salvation Army's ReShare: municipalities with
 * their CBS codes, its three sorting centres, second-hand stores, exporters, recyclers, an upcycling workshop and
 * an energy-from-waste plant. The ids are the simulator's own; the municipality codes are real.
 */

export interface Centre {
  readonly id: string;
  readonly name: string;
}

export const CENTRES: readonly Centre[] = [
  { id: 'CENTRE-DEVENTER', name: 'Deventer' },
  { id: 'CENTRE-OOSTERHOUT', name: 'Oosterhout' },
  { id: 'CENTRE-SNEEK', name: 'Sneek' },
];

export interface Municipality {
  readonly code: string;
  readonly name: string;
  /** Index into CENTRES: where its textile is sorted. */
  readonly centre: number;
  /** Road kilometres to that centre. */
  readonly km: number;
}

export const MUNICIPALITIES: readonly Municipality[] = [
  { code: 'GM0150', name: 'Deventer', centre: 0, km: 6 },
  { code: 'GM0193', name: 'Zwolle', centre: 0, km: 38 },
  { code: 'GM0200', name: 'Apeldoorn', centre: 0, km: 17 },
  { code: 'GM0202', name: 'Arnhem', centre: 0, km: 52 },
  { code: 'GM0268', name: 'Nijmegen', centre: 0, km: 70 },
  { code: 'GM0153', name: 'Enschede', centre: 0, km: 72 },
  { code: 'GM0141', name: 'Almelo', centre: 0, km: 45 },
  { code: 'GM0177', name: 'Raalte', centre: 0, km: 18 },
  { code: 'GM0826', name: 'Oosterhout', centre: 1, km: 5 },
  { code: 'GM0758', name: 'Breda', centre: 1, km: 14 },
  { code: 'GM0855', name: 'Tilburg', centre: 1, km: 28 },
  { code: 'GM0796', name: "'s-Hertogenbosch", centre: 1, km: 45 },
  { code: 'GM0772', name: 'Eindhoven', centre: 1, km: 62 },
  { code: 'GM0599', name: 'Rotterdam', centre: 1, km: 55 },
  { code: 'GM0505', name: 'Dordrecht', centre: 1, km: 30 },
  { code: 'GM0748', name: 'Bergen op Zoom', centre: 1, km: 48 },
  { code: 'GM0518', name: "'s-Gravenhage", centre: 1, km: 80 },
  { code: 'GM0344', name: 'Utrecht', centre: 1, km: 75 },
  { code: 'GM1900', name: 'Súdwest-Fryslân', centre: 2, km: 4 },
  { code: 'GM0080', name: 'Leeuwarden', centre: 2, km: 25 },
  { code: 'GM0014', name: 'Groningen', centre: 2, km: 80 },
  { code: 'GM0074', name: 'Heerenveen', centre: 2, km: 26 },
  { code: 'GM0114', name: 'Emmen', centre: 2, km: 120 },
  { code: 'GM0106', name: 'Assen', centre: 2, km: 95 },
  { code: 'GM0363', name: 'Amsterdam', centre: 2, km: 110 },
  { code: 'GM0479', name: 'Zaanstad', centre: 2, km: 100 },
];

export interface Store {
  readonly id: string;
  readonly centre: number;
  readonly km: number;
  /** CBS code of the municipality it is in: one of its centre's collecting municipalities. */
  readonly municipality: string;
}

/** Ten stores per centre, 5-90 km away, spread over the municipalities that centre sorts for. */
export const STORES: readonly Store[] = CENTRES.flatMap((centre, centreIndex) => {
  const around = MUNICIPALITIES.filter((municipality) => municipality.centre === centreIndex);
  return Array.from({ length: 10 }, (_, index) => ({
    id: `STORE-${centre.name.toUpperCase()}-${String(index + 1).padStart(2, '0')}`,
    centre: centreIndex,
    km: 5 + ((index * 37 + centreIndex * 11) % 86),
    municipality: around[index % around.length]!.code,
  }));
});

/** Where the simulated stores are, as the ledger's reference data takes it (for local-for-local). */
export const SIMULATED_STORE_PLACES: readonly { readonly storeId: string; readonly municipality: string }[] =
  STORES.map((store) => ({ storeId: store.id, municipality: store.municipality }));

export const EXPORTERS = [
  { id: 'EXPORT-PL-WROCLAW', country: 'PL' },
  { id: 'EXPORT-LT-KAUNAS', country: 'LT' },
  { id: 'EXPORT-GH-ACCRA', country: 'GH' },
] as const;

export type ProcessorKind = 'fibre-to-fibre' | 'open-loop' | 'upcycling';

export interface Processor {
  readonly id: string;
  readonly kind: ProcessorKind;
  /** What its products count as (docs/domain.md outcomes). */
  readonly outcome: 'recycling.fibre-to-fibre' | 'recycling.open-loop' | 'upcycling';
  readonly productKind: string;
  /** Per cent of the input lost in a run: min and max. */
  readonly lossPercent: readonly [number, number];
}

export const PROCESSORS: readonly Processor[] = [
  {
    id: 'PROC-F2F-ENSCHEDE',
    kind: 'fibre-to-fibre',
    outcome: 'recycling.fibre-to-fibre',
    productKind: 'recycled-fibre',
    lossPercent: [6, 12],
  },
  {
    id: 'PROC-OPEN-TILBURG',
    kind: 'open-loop',
    outcome: 'recycling.open-loop',
    productKind: 'industrial-wipers',
    lossPercent: [3, 8],
  },
  {
    id: 'PROC-UPCYCLE-AMSTERDAM',
    kind: 'upcycling',
    outcome: 'upcycling',
    productKind: 'tote-bag',
    lossPercent: [8, 15],
  },
];

export const DISPOSAL_SITE = { id: 'AVR-DUIVEN', method: 'energy-recovery' } as const;

/** What one kilogram of sorted textile becomes, in per mille (docs/domain.md's proportions, summing to 1000 with loss). */
export const SORTING_SPLIT = [
  { fraction: 'reuse.creme', perMille: 120 },
  { fraction: 'reuse.export', perMille: 420 },
  { fraction: 'recycling.wipers', perMille: 160 },
  { fraction: 'recycling.fibre-to-fibre', perMille: 150 },
  { fraction: 'residual.textile', perMille: 140 },
] as const;
/** The rest of a run's input: dust, moisture, tags. */
export const SORTING_LOSS_PER_MILLE = 10;
