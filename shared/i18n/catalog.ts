// The message catalogue: every area's messages per locale, flattened to "area.key" ids. An area is
// a folder under messages/ with one JSON file per locale (see docs/localisation.md); adding one is
// one import and one entry here.
import type { Messages } from './area';
import { LOCALES, type Locale } from './locales';
import app from './messages/app';
import common from './messages/common';
import errors from './messages/errors';
import fields from './messages/fields';
import format from './messages/format';
import shell from './messages/shell';
import gallery from './messages/gallery';
import timeline from './messages/timeline';

export const AREAS = { app, common, errors, fields, format, shell, gallery, timeline } as const;

type Areas = typeof AREAS;
type AreaName = keyof Areas & string;
/** Every message id of the catalogue: "area.key", checked by the compiler where it is used. */
export type MessageId = { [A in AreaName]: `${A}.${keyof Areas[A]['en'] & string}` }[AreaName];

const flattened = new Map<Locale, Messages>();

/** One locale's messages as "area.key" → ICU message. */
export function messagesFor(locale: Locale): Messages {
  let messages = flattened.get(locale);
  if (!messages) {
    const out: Record<string, string> = {};
    for (const [name, messagesOf] of Object.entries(AREAS) as [AreaName, Readonly<Record<Locale, Messages>>][]) {
      for (const [key, message] of Object.entries(messagesOf[locale])) out[`${name}.${key}`] = message;
    }
    messages = out;
    flattened.set(locale, messages);
  }
  return messages;
}

/** True for an id the catalogue has (for ids built at run time, such as an error code's). */
export const hasMessage = (id: string): id is MessageId => id in messagesFor('en');

export const allLocales = LOCALES;
