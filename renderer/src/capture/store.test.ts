// The capture-standards store and the body map's data: a template prefills and advances only past
// good photos, a failed photo waits for keep or retake, a discard frees its step, the side follows
// what the site allows; every map region names a value-set site with a side it allows.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Photo } from '../../../shared/domain';
import { hasMessage } from '../../../shared/i18n/catalog';
import { findBodySite } from '../../../shared/value-sets/body-sites';
import { lateralitiesFor } from '../../../shared/value-sets/views';
import { BACK_REGIONS, FRONT_REGIONS } from './body-map-regions';
import { ZOOMS, isTargetAt, mapWidthPx, zoomFor } from './body-map-zoom';
import { selectCaptureContext, useCaptureStandards } from './store';

const store = () => useCaptureStandards.getState();
const context = () => selectCaptureContext(store());

function photo(id: string, step: number, failed: Array<'blur' | 'glare'> = []): Photo {
  const c = context()!;
  return {
    id: id.padEnd(32, '0'),
    context: { ...c, template: { id: 'hand-eczema', step } },
    quality: { sharpness: failed.includes('blur') ? 2 : 300, meanLuminance: 0.5, darkClipped: 0, brightClipped: 0, glare: 0, failed },
  } as unknown as Photo;
}

beforeEach(() => store().reset());

describe('capture standards store', () => {
  it('has no context until site, side and view are all chosen', () => {
    expect(context()).toBeNull();
    store().chooseSite('33712006'); // hand: paired, no side yet
    expect(store().laterality).toBeNull();
    store().chooseLaterality('left');
    expect(context()).toBeNull();
    store().chooseView('dorsal');
    expect(context()).toEqual({ bodySite: { code: '33712006', display: 'Skin of hand' }, laterality: 'left', view: 'dorsal' });
  });

  it('gives unpaired sites their only side, keeps a side that still fits, and refuses one that does not', () => {
    store().chooseSite('113179006'); // nose
    expect(store().laterality).toBe('unpaired');
    store().chooseLaterality('left');
    expect(store().laterality).toBe('unpaired');
    store().chooseSite('36141000', 'right'); // cheek from the map
    expect(store().laterality).toBe('right');
    store().chooseSite('76261009'); // axilla: right still fits
    expect(store().laterality).toBe('right');
  });

  it('runs a template: prefill, advance past a good photo, wait on a failed one, keep or discard', () => {
    store().startTemplate('hand-eczema');
    expect(context()).toMatchObject({ bodySite: { code: '70887009' }, laterality: 'bilateral', view: 'palmar', template: { id: 'hand-eczema', step: 0 } });

    store().noteCapture(photo('a', 0));
    expect(store().run?.step).toBe(1);
    expect(context()).toMatchObject({ bodySite: { code: '281642007' }, view: 'dorsal', template: { step: 1 } });

    const blurred = photo('b', 1, ['blur']);
    store().noteCapture(blurred);
    expect(store().run?.step).toBe(1); // waits for the photographer
    expect(store().lastCapture?.id).toBe(blurred.id);

    store().markDiscarded(blurred.id);
    expect(store().run?.results[1]).toBeUndefined();
    expect(store().discarded.has(blurred.id)).toBe(true);
    expect(store().run?.step).toBe(1);

    store().noteCapture(photo('c', 1, ['glare']));
    store().keepLast();
    expect(store().run?.step).toBe(2);

    store().skipStep();
    expect(store().run?.step).toBe(3);
    expect(store().run?.results[2]).toBe('skipped');

    store().goToStep(0); // a retake of the first shot
    expect(context()).toMatchObject({ view: 'palmar', template: { step: 0 } });
  });
});

describe('capture session owner', () => {
  it('keeps the state for the same patient and user, and starts afresh for another', () => {
    store().beginFor('u1:p1');
    store().chooseSite('113179006');
    store().noteCapture(photo('k', 0));
    store().beginFor('u1:p1'); // the screen remounted
    expect(store().site?.code).toBe('113179006');
    expect(store().shots).toHaveLength(1);
    store().beginFor('u1:p2');
    expect(store().site).toBeNull();
    expect(store().shots).toHaveLength(0);
    store().beginFor('u2:p2');
    expect(store().owner).toBe('u2:p2');
  });
});

describe('a finished template', () => {
  it('has no current step and no capture context once every step is done, until a step is revisited', () => {
    store().startTemplate('hand-eczema');
    for (let step = 0; step < 6; step++) {
      expect(store().run).toMatchObject({ step, complete: false });
      store().noteCapture(photo(`p${step}`, step));
    }
    expect(store().run?.complete).toBe(true);
    expect(context()).toBeNull(); // the shutter has nothing to take
    expect(store().lastCapture?.id).toBe('p5'.padEnd(32, '0')); // the last shot and its verdict stay on screen

    store().goToStep(2); // a retake of one step makes it current again
    expect(store().run).toMatchObject({ step: 2, complete: false });
    expect(context()).toMatchObject({ view: 'close-up', template: { step: 2 } });
  });

  it('comes back to a step left open earlier instead of finishing', () => {
    store().startTemplate('hand-eczema');
    store().goToStep(4);
    store().noteCapture(photo('e', 4));
    store().noteCapture(photo('f', 5));
    expect(store().run).toMatchObject({ step: 0, complete: false });
  });
});

describe('discard and retake', () => {
  it('withdraws the saved note and the filmstrip shot, and makes the freed step current again', () => {
    store().startTemplate('hand-eczema');
    const good = photo('g', 0);
    store().noteCapture(good);
    const blurred = photo('h', 1, ['blur']);
    store().noteCapture(blurred);
    expect(store().saved?.id).toBe(blurred.id);
    expect(store().shots.map((p) => p.id)).toEqual([good.id, blurred.id]);

    store().markDiscarded(blurred.id);
    expect(store().saved).toBeNull();
    expect(store().shots.map((p) => p.id)).toEqual([good.id]);
    expect(store().run).toMatchObject({ step: 1, complete: false });
  });
});

describe('body map regions', () => {
  it('each names a shipped site, with a side the site allows, under a unique id', () => {
    const regions = [...FRONT_REGIONS, ...BACK_REGIONS];
    for (const r of regions) {
      const site = findBodySite(r.code);
      expect(site, r.id).toBeDefined();
      expect(lateralitiesFor(site!.paired), r.id).toContain(r.laterality);
    }
    expect(new Set(regions.map((r) => r.id)).size).toBe(regions.length);
  });

  it('puts the patient’s right on the viewer’s left on the front, and on the right on the back', () => {
    const x = (id: string, list: typeof FRONT_REGIONS) => {
      const s = list.find((r) => r.id === id)!.shape;
      return s.kind === 'rect' ? s.x : s.cx;
    };
    expect(x('cheek-right', FRONT_REGIONS)).toBeLessThan(100);
    expect(x('buttock-right', BACK_REGIONS)).toBeGreaterThan(100);
  });

  it('names every region from the catalogue', () => {
    for (const r of [...FRONT_REGIONS, ...BACK_REGIONS]) expect(hasMessage(`bodymap.${r.paired ? 'pair' : 'single'}.${r.name}`), r.id).toBe(true);
  });

  it('makes every region a target of at least 32 × 32 px at some zoom level, and every level fits a 300 px column', () => {
    for (const r of [...FRONT_REGIONS, ...BACK_REGIONS]) expect(zoomFor(r), r.id).not.toBeNull();
    for (const z of ZOOMS) expect(mapWidthPx(z), z).toBeLessThanOrEqual(300);
    expect(FRONT_REGIONS.filter((r) => isTargetAt(r, 'whole')).map((r) => r.id)).toEqual(['chest', 'abdomen']);
    // Each region is offered where a clinician looks for it: buttocks and groin with the trunk.
    for (const id of ['buttock-left', 'buttock-right']) expect(isTargetAt(BACK_REGIONS.find((r) => r.id === id)!, 'trunk'), id).toBe(true);
    for (const id of ['groin-left', 'genitals']) expect(isTargetAt(FRONT_REGIONS.find((r) => r.id === id)!, 'trunk'), id).toBe(true);
  });
});
