// The ghost never silently shows another view's photo: only the same view is shown by default.
import { describe, expect, it } from 'vitest';
import { chooseGhost } from './ghost';

const photo = (view: string | null) => ({ handle: 'h'.repeat(43), capturedAt: '2026-03-01T10:00:00.000Z', view });

describe('chooseGhost', () => {
  it('shows a photo of the same view', () => {
    expect(chooseGhost(photo('right lateral'), 'right lateral')).toMatchObject({ kind: 'same-view' });
  });

  it('only offers, by its view, a photo of another view or of no recorded view', () => {
    expect(chooseGhost(photo('anterior'), 'right lateral')).toMatchObject({ kind: 'other-view', view: 'anterior' });
    expect(chooseGhost(photo(null), 'anterior')).toMatchObject({ kind: 'other-view', view: null });
    expect(chooseGhost(photo('anterior'), null)).toMatchObject({ kind: 'other-view', view: 'anterior' });
  });

  it('has nothing without an earlier photo', () => {
    expect(chooseGhost(null, 'anterior')).toEqual({ kind: 'none' });
  });
});
