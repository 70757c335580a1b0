// Integrity of the shipped value sets: unique, well-formed SNOMED CT ids (Verhoeff check digit,
// partition 00 = concept), unique terms, every template shot names a known site with a laterality
// the site allows, and paired sites demand a side.
import { describe, expect, it } from 'vitest';
import { BODY_SITES, findBodySite, searchBodySites } from './body-sites';
import { CAPTURE_TEMPLATES, STEP_NAMES } from './templates';
import { LATERALITIES, VIEWS, lateralitiesFor } from './views';

// Verhoeff tables: SNOMED CT identifiers end in a Verhoeff check digit.
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const verhoeffValid = (id: string): boolean => [...id].reverse().reduce((c, ch, i) => D[c]![P[i % 8]![Number(ch)]!]!, 0) === 0;

describe('body site value set', () => {
  it('has unique, valid SNOMED CT concept ids', () => {
    const codes = BODY_SITES.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code, code).toMatch(/^[1-9]\d{5,17}$/);
      expect(code.slice(-3, -1), `${code} partition (concept)`).toBe('00');
      expect(verhoeffValid(code), `${code} check digit`).toBe(true);
    }
  });

  it('the check-digit test can fail', () => {
    expect(verhoeffValid('73897004')).toBe(true);
    expect(verhoeffValid('73897005')).toBe(false);
  });

  it('has unique display terms, all naming a skin or nail structure', () => {
    const terms = BODY_SITES.map((s) => s.display);
    expect(new Set(terms).size).toBe(terms.length);
    for (const t of terms) expect(t).toMatch(/^(Skin of|Nail unit of)/);
  });

  it('marks left/right structures paired and midline ones unpaired', () => {
    const paired = (code: string) => findBodySite(code)?.paired;
    expect(paired('36141000')).toBe(true); // cheek
    expect(paired('33712006')).toBe(true); // hand
    expect(paired('68698007')).toBe(false); // forehead
    expect(paired('113179006')).toBe(false); // nose
    expect(lateralitiesFor(true)).toEqual(['left', 'right', 'bilateral']);
    expect(lateralitiesFor(false)).toEqual(['unpaired']);
  });

  it('searches terms and keywords, ignoring case and accents', () => {
    expect(searchBodySites('ARMPIT').map((s) => s.code)).toEqual(['76261009']);
    expect(searchBodySites('skin palm').map((s) => s.code)).toContain('70887009');
    expect(searchBodySites('')).toHaveLength(BODY_SITES.length);
    expect(searchBodySites('no such place')).toEqual([]);
  });
});

describe('capture templates', () => {
  it('include the procedures clinics asked for', () => {
    expect(CAPTURE_TEMPLATES.map((t) => t.name)).toEqual(
      expect.arrayContaining(['Full face 5-view', 'Mole check (total body)', 'Hand eczema', 'Pre/post aesthetic (face)']),
    );
    expect(new Set(CAPTURE_TEMPLATES.map((t) => t.id)).size).toBe(CAPTURE_TEMPLATES.length);
  });

  it.each(CAPTURE_TEMPLATES.map((t) => [t.name, t] as const))('%s: every shot is a valid site, side and view with a prompt', (_n, t) => {
    expect(t.shots.length).toBeGreaterThan(0);
    for (const [i, shot] of t.shots.entries()) {
      const site = findBodySite(shot.siteCode);
      expect(site, `${t.id} step ${i}`).toBeDefined();
      expect(LATERALITIES).toContain(shot.laterality);
      expect(lateralitiesFor(site!.paired), `${t.id} step ${i} laterality`).toContain(shot.laterality);
      expect(VIEWS).toContain(shot.view);
      expect(shot.prompt.length).toBeGreaterThan(10);
    }
  });

  it.each(CAPTURE_TEMPLATES.map((t) => [t.name, t] as const))('%s: every step has its own short name', (_n, t) => {
    const names = t.shots.map((shot) => shot.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(STEP_NAMES).toContain(name);
  });

  it('the full face 5-view takes five distinct views of the face', () => {
    const face = CAPTURE_TEMPLATES.find((t) => t.id === 'face-5-view')!;
    expect(new Set(face.shots.map((s) => s.view)).size).toBe(5);
    expect(new Set(face.shots.map((s) => s.siteCode))).toEqual(new Set(['73897004']));
  });
});
