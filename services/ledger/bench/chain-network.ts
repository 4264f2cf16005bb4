import type { DisposalMethod } from '../src/domain/index.ts';

/*
 * The parties of a generated chain, modelled on a nationwide charity textile operation (ReShare): sorting centres
 * in Deventer, Oosterhout and Sneek, municipalities with their real CBS codes and rough populations (thousands, as
 * collection weights), charity shops, recyclers, exporters and waste-to-energy plants. Coordinates are approximate
 * town centres; they only drive transport kilometres and container locations.
 */

/** A place with coordinates. */
export interface Place {
  readonly latitude: number;
  readonly longitude: number;
}

/** A municipality whose residents fill containers. */
export interface Municipality extends Place {
  /** CBS code, `GM` and four digits. */
  readonly code: string;
  readonly name: string;
  /** Population in thousands: the share of the collection it gets. */
  readonly weight: number;
}

/** A sorting centre. */
export interface Centre extends Place {
  readonly id: string;
}

/** A charity shop. */
export interface Store extends Place {
  readonly id: string;
  readonly municipality: string;
}

/** What a processor does with the lots it receives. */
export type ProcessorKind = 'wipers' | 'open-loop' | 'fibre-to-fibre' | 'upcycling' | 'residual';

/** A recycler, upcycler or residue handler. */
export interface Processor extends Place {
  readonly id: string;
  readonly kind: ProcessorKind;
}

/** A buyer of export grades abroad. */
export interface Exporter {
  readonly id: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** Road and sea kilometres from the sorting centre, roughly. */
  readonly km: number;
}

/** A waste-to-energy plant or landfill that takes residue directly. */
export interface DisposalSite extends Place {
  readonly id: string;
  readonly methods: readonly DisposalMethod[];
}

export const CENTRES: readonly Centre[] = [
  { id: 'centre-deventer', latitude: 52.255, longitude: 6.163 },
  { id: 'centre-oosterhout', latitude: 51.645, longitude: 4.86 },
  { id: 'centre-sneek', latitude: 53.033, longitude: 5.66 },
];

export const MUNICIPALITIES: readonly Municipality[] = [
  { code: 'GM0014', name: 'Groningen', weight: 240, latitude: 53.219, longitude: 6.567 },
  { code: 'GM0034', name: 'Almere', weight: 220, latitude: 52.371, longitude: 5.222 },
  { code: 'GM0074', name: 'Heerenveen', weight: 51, latitude: 52.96, longitude: 5.92 },
  { code: 'GM0080', name: 'Leeuwarden', weight: 125, latitude: 53.201, longitude: 5.799 },
  { code: 'GM0106', name: 'Assen', weight: 69, latitude: 52.993, longitude: 6.562 },
  { code: 'GM0114', name: 'Emmen', weight: 108, latitude: 52.785, longitude: 6.897 },
  { code: 'GM0141', name: 'Almelo', weight: 74, latitude: 52.357, longitude: 6.662 },
  { code: 'GM0150', name: 'Deventer', weight: 102, latitude: 52.255, longitude: 6.163 },
  { code: 'GM0153', name: 'Enschede', weight: 160, latitude: 52.222, longitude: 6.894 },
  { code: 'GM0164', name: 'Hengelo', weight: 82, latitude: 52.266, longitude: 6.793 },
  { code: 'GM0193', name: 'Zwolle', weight: 132, latitude: 52.516, longitude: 6.083 },
  { code: 'GM0200', name: 'Apeldoorn', weight: 167, latitude: 52.211, longitude: 5.969 },
  { code: 'GM0202', name: 'Arnhem', weight: 165, latitude: 51.985, longitude: 5.899 },
  { code: 'GM0228', name: 'Ede', weight: 120, latitude: 52.04, longitude: 5.665 },
  { code: 'GM0268', name: 'Nijmegen', weight: 180, latitude: 51.842, longitude: 5.853 },
  { code: 'GM0301', name: 'Zutphen', weight: 48, latitude: 52.138, longitude: 6.201 },
  { code: 'GM0307', name: 'Amersfoort', weight: 160, latitude: 52.156, longitude: 5.387 },
  { code: 'GM0344', name: 'Utrecht', weight: 370, latitude: 52.091, longitude: 5.122 },
  { code: 'GM0361', name: 'Alkmaar', weight: 110, latitude: 52.632, longitude: 4.754 },
  { code: 'GM0362', name: 'Amstelveen', weight: 92, latitude: 52.3, longitude: 4.863 },
  { code: 'GM0363', name: 'Amsterdam', weight: 930, latitude: 52.373, longitude: 4.893 },
  { code: 'GM0392', name: 'Haarlem', weight: 165, latitude: 52.387, longitude: 4.646 },
  { code: 'GM0394', name: 'Haarlemmermeer', weight: 160, latitude: 52.303, longitude: 4.689 },
  { code: 'GM0402', name: 'Hilversum', weight: 92, latitude: 52.223, longitude: 5.176 },
  { code: 'GM0479', name: 'Zaanstad', weight: 160, latitude: 52.438, longitude: 4.826 },
  { code: 'GM0503', name: 'Delft', weight: 105, latitude: 52.012, longitude: 4.357 },
  { code: 'GM0505', name: 'Dordrecht', weight: 121, latitude: 51.813, longitude: 4.69 },
  { code: 'GM0518', name: "'s-Gravenhage", weight: 560, latitude: 52.078, longitude: 4.288 },
  { code: 'GM0546', name: 'Leiden', weight: 127, latitude: 52.16, longitude: 4.497 },
  { code: 'GM0599', name: 'Rotterdam', weight: 670, latitude: 51.922, longitude: 4.479 },
  { code: 'GM0606', name: 'Schiedam', weight: 80, latitude: 51.919, longitude: 4.399 },
  { code: 'GM0687', name: 'Middelburg', weight: 49, latitude: 51.499, longitude: 3.614 },
  { code: 'GM0748', name: 'Bergen op Zoom', weight: 68, latitude: 51.495, longitude: 4.292 },
  { code: 'GM0758', name: 'Breda', weight: 185, latitude: 51.589, longitude: 4.776 },
  { code: 'GM0772', name: 'Eindhoven', weight: 240, latitude: 51.441, longitude: 5.478 },
  { code: 'GM0794', name: 'Helmond', weight: 93, latitude: 51.481, longitude: 5.661 },
  { code: 'GM0796', name: "'s-Hertogenbosch", weight: 158, latitude: 51.697, longitude: 5.304 },
  { code: 'GM0826', name: 'Oosterhout', weight: 57, latitude: 51.645, longitude: 4.86 },
  { code: 'GM0855', name: 'Tilburg', weight: 225, latitude: 51.555, longitude: 5.091 },
  { code: 'GM0917', name: 'Heerlen', weight: 87, latitude: 50.888, longitude: 5.979 },
  { code: 'GM0935', name: 'Maastricht', weight: 122, latitude: 50.851, longitude: 5.691 },
  { code: 'GM0983', name: 'Venlo', weight: 102, latitude: 51.37, longitude: 6.172 },
  { code: 'GM0995', name: 'Lelystad', weight: 80, latitude: 52.518, longitude: 5.471 },
  { code: 'GM1900', name: 'Súdwest-Fryslân', weight: 92, latitude: 53.033, longitude: 5.66 },
];

const municipalityByCode = new Map(MUNICIPALITIES.map((municipality) => [municipality.code, municipality]));

/** Thirty-one charity shops, each in one of the municipalities (two in Amsterdam). */
export const STORES: readonly Store[] = [
  ['store-amsterdam-oost', 'GM0363'],
  ['store-amsterdam-west', 'GM0363'],
  ['store-rotterdam', 'GM0599'],
  ['store-den-haag', 'GM0518'],
  ['store-utrecht', 'GM0344'],
  ['store-eindhoven', 'GM0772'],
  ['store-groningen', 'GM0014'],
  ['store-tilburg', 'GM0855'],
  ['store-almere', 'GM0034'],
  ['store-breda', 'GM0758'],
  ['store-nijmegen', 'GM0268'],
  ['store-apeldoorn', 'GM0200'],
  ['store-arnhem', 'GM0202'],
  ['store-haarlem', 'GM0392'],
  ['store-enschede', 'GM0153'],
  ['store-amersfoort', 'GM0307'],
  ['store-zwolle', 'GM0193'],
  ['store-leiden', 'GM0546'],
  ['store-leeuwarden', 'GM0080'],
  ['store-maastricht', 'GM0935'],
  ['store-dordrecht', 'GM0505'],
  ['store-deventer', 'GM0150'],
  ['store-sneek', 'GM1900'],
  ['store-oosterhout', 'GM0826'],
  ['store-emmen', 'GM0114'],
  ['store-hengelo', 'GM0164'],
  ['store-alkmaar', 'GM0361'],
  ['store-delft', 'GM0503'],
  ['store-helmond', 'GM0794'],
  ['store-venlo', 'GM0983'],
  ['store-assen', 'GM0106'],
].map(([id, code]) => {
  const municipality = municipalityByCode.get(code!)!;
  const { latitude, longitude } = municipality;
  return { id: id!, municipality: municipality.code, latitude, longitude };
});

export const PROCESSORS: readonly Processor[] = [
  { id: 'processor-wormerveer-wipers', kind: 'wipers', latitude: 52.49, longitude: 4.79 },
  { id: 'processor-tilburg-wipers', kind: 'wipers', latitude: 51.555, longitude: 5.091 },
  { id: 'processor-haaksbergen-recycling', kind: 'open-loop', latitude: 52.156, longitude: 6.739 },
  { id: 'processor-emmen-nonwovens', kind: 'open-loop', latitude: 52.785, longitude: 6.897 },
  { id: 'processor-enschede-fibre', kind: 'fibre-to-fibre', latitude: 52.222, longitude: 6.894 },
  { id: 'processor-tilburg-fibre', kind: 'fibre-to-fibre', latitude: 51.555, longitude: 5.091 },
  { id: 'processor-amsterdam-upcycling', kind: 'upcycling', latitude: 52.373, longitude: 4.893 },
  { id: 'processor-rotterdam-residual', kind: 'residual', latitude: 51.922, longitude: 4.479 },
  { id: 'processor-hengelo-residual', kind: 'residual', latitude: 52.266, longitude: 6.793 },
];

export const EXPORTERS: readonly Exporter[] = [
  { id: 'exporter-gdansk', country: 'PL', km: 1_050 },
  { id: 'exporter-klaipeda', country: 'LT', km: 1_350 },
  { id: 'exporter-dubai', country: 'AE', km: 11_500 },
  { id: 'exporter-karachi', country: 'PK', km: 12_300 },
  { id: 'exporter-accra', country: 'GH', km: 7_600 },
  { id: 'exporter-mombasa', country: 'KE', km: 12_600 },
];

export const DISPOSAL_SITES: readonly DisposalSite[] = [
  { id: 'disposal-avr-rozenburg', methods: ['energy-recovery'], latitude: 51.905, longitude: 4.25 },
  { id: 'disposal-twence-hengelo', methods: ['energy-recovery'], latitude: 52.28, longitude: 6.76 },
  { id: 'disposal-hvc-alkmaar', methods: ['incineration', 'energy-recovery'], latitude: 52.64, longitude: 4.75 },
];

/** Great-circle kilometres times 1.3 for the road, to one decimal. */
export function roadKm(from: Place, to: Place): number {
  const radians = Math.PI / 180;
  const dLat = (to.latitude - from.latitude) * radians;
  const dLon = (to.longitude - from.longitude) * radians;
  const cosines = Math.cos(from.latitude * radians) * Math.cos(to.latitude * radians);
  const h = Math.sin(dLat / 2) ** 2 + cosines * Math.sin(dLon / 2) ** 2;
  const km = 2 * 6_371 * Math.asin(Math.sqrt(h));
  return Math.round((km * 1.3 + 2) * 10) / 10;
}

/** The sorting centre nearest to `place`: where its containers' batches go. */
export function nearestCentre(place: Place): Centre {
  let best = CENTRES[0]!;
  for (const centre of CENTRES) if (roadKm(place, centre) < roadKm(place, best)) best = centre;
  return best;
}
