// Every shipped template's name and pose prompts are in the catalogue, and the English there is
// the value set's own text, so the two cannot drift apart.
import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../../shared/i18n/catalog';
import { CAPTURE_TEMPLATES } from '../../../shared/value-sets/templates';
import { templateNameId, templatePromptId } from './template-text';

const english = messagesFor('en');
const same = (a: string | undefined) => a?.replace(/’/g, "'");

describe('template messages', () => {
  it.each(CAPTURE_TEMPLATES.map((t) => [t.id, t] as const))('%s: name and every prompt, matching the value set', (_id, t) => {
    expect(same(english[templateNameId(t)])).toBe(same(t.name));
    for (const shot of t.shots) expect(same(english[templatePromptId(t, shot)]), `${t.id} ${shot.name}`).toBe(same(shot.prompt));
  });
});
