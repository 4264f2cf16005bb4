import { InvalidInputError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { DUTCH_MUNICIPALITIES, DUTCH_PROVINCES, municipalityOf, requireMunicipality } from '../src/index.ts';
import { parseMunicipalityCsv } from '../src/parse-municipality-csv.ts';

describe('the shipped CBS municipality list of 2025', () => {
  it('holds all 342 municipalities, each code once, in twelve provinces with the counts CBS gives', () => {
    expect(DUTCH_MUNICIPALITIES).toHaveLength(342);
    expect(new Set(DUTCH_MUNICIPALITIES.map((m) => m.code)).size).toBe(342);
    const perProvince = Object.fromEntries(
      DUTCH_PROVINCES.map((province) => [province, DUTCH_MUNICIPALITIES.filter((m) => m.province === province).length]),
    );
    expect(perProvince).toEqual({
      Drenthe: 12,
      Flevoland: 6,
      Friesland: 18,
      Gelderland: 51,
      Groningen: 10,
      Limburg: 31,
      'Noord-Brabant': 56,
      'Noord-Holland': 44,
      Overijssel: 25,
      Utrecht: 26,
      Zeeland: 13,
      'Zuid-Holland': 50,
    });
  });

  it('names the chain’s sorting-centre towns and reads the one quoted name whole', () => {
    expect(municipalityOf('GM0150')).toEqual({ code: 'GM0150', name: 'Deventer', province: 'Overijssel' });
    expect(municipalityOf('GM0826')?.name).toBe('Oosterhout');
    expect(municipalityOf('GM1900')?.name).toBe('Súdwest-Fryslân');
    expect(DUTCH_MUNICIPALITIES.find((m) => m.name.includes(','))?.name).toBe('Nuenen, Gerwen en Nederwetten');
    expect(municipalityOf('GM0518')?.name).toBe("'s-Gravenhage");
  });

  it('refuses a code of the wrong form and a well-formed code that names no municipality, naming the field', () => {
    expect(requireMunicipality('GM0150', 'municipality').name).toBe('Deventer');
    for (const [value, message] of [
      ['gm0150', 'must be a CBS municipality code such as GM0150'],
      ['GM9999', 'must be the code of a Dutch municipality (CBS classification of 2025), got "GM9999"'],
    ] as const) {
      const error = (() => {
        try {
          requireMunicipality(value, 'municipality');
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toContain(message);
      expect((error as InvalidInputError).field).toBe('municipality');
    }
  });

  it('fails loudly on a malformed list instead of dropping a municipality', () => {
    const header = 'code,name,province\n';
    expect(() => parseMunicipalityCsv(`${header}GM0150,Deventer\n`)).toThrow('line 2');
    expect(() => parseMunicipalityCsv(`${header}GM0150,"Deventer,Overijssel\n`)).toThrow('unterminated quote');
    expect(() => parseMunicipalityCsv('code;name;province\n')).toThrow('unexpected header');
    expect(parseMunicipalityCsv(`${header}GM0001,"A ""quoted"", name",P\n`)).toEqual([
      { code: 'GM0001', name: 'A "quoted", name', province: 'P' },
    ]);
  });
});
