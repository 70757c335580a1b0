// The catalogue is complete and consistent in every shipped locale: the same keys as English, the
// same ICU arguments (a translation cannot drop {count} or rename {name}), every pattern parses,
// nothing left as an English copy unless listed as rightly identical, and every error code the
// core can return has a message.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors';
import { AREAS, messagesFor } from './catalog';
import { LOCALES } from './locales';
import sameAsEnglish from './same-as-english.json';

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(`${e.value}:${e.type}`);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(`${e.value}:${e.type}`);
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    }
    if (e.type === TYPE.tag) {
      into.add(`<${e.value}>`);
      argumentsOf(e.children, into);
    }
  }
  return into;
}

const english = messagesFor('en');

describe.each(LOCALES)('the %s catalogue', (locale) => {
  const messages = messagesFor(locale);
  it('has exactly the English keys in every area', () => {
    for (const [name, area] of Object.entries(AREAS)) {
      const byLocale = area as Readonly<Record<string, Readonly<Record<string, string>>>>;
      expect({ area: name, keys: Object.keys(byLocale[locale]!).sort() }).toEqual({ area: name, keys: Object.keys(byLocale.en!).sort() });
    }
  });
  it('parses, with the same arguments as English, and no empty message', () => {
    for (const [id, message] of Object.entries(messages)) {
      expect({ id, empty: message.trim() === '' }).toEqual({ id, empty: false });
      const args = [...argumentsOf(parse(message))].sort();
      expect({ id, args }).toEqual({ id, args: [...argumentsOf(parse(english[id]!))].sort() });
    }
  });
  it.skipIf(locale === 'en')('is translated: nothing is an English copy unless listed as rightly identical', () => {
    const allowed = new Set((sameAsEnglish as unknown as Record<string, string[]>)[locale] ?? []);
    const copies = Object.keys(messages).filter((id) => messages[id] === english[id] && !allowed.has(id));
    expect(copies).toEqual([]);
    // The list does not hide translations: everything on it really is identical.
    expect([...allowed].filter((id) => messages[id] !== english[id])).toEqual([]);
  });
});

describe('error codes', () => {
  it('every code the core returns has a message', () => {
    expect(ERROR_CODES.filter((code) => !(`errors.${code}` in english))).toEqual([]);
  });
});
