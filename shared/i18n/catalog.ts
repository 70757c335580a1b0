// The message catalogue: every area's messages per locale, flattened to "area.key" ids. An area is
// a folder under messages/ with one JSON file per locale (see docs/localisation.md); adding one is
// one import and one entry here.
import type { Messages } from './area';
import type { Locale } from './locales';
import access from './messages/access';
import annotate from './messages/annotate';
import app from './messages/app';
import audit from './messages/audit';
import bodymap from './messages/bodymap';
import camera from './messages/camera';
import capture from './messages/capture';
import checklist from './messages/checklist';
import cli from './messages/cli';
import common from './messages/common';
import compare from './messages/compare';
import consent from './messages/consent';
import corrections from './messages/corrections';
import delivery from './messages/delivery';
import derived from './messages/derived';
import ehr from './messages/ehr';
import errors from './messages/errors';
import fields from './messages/fields';
import format from './messages/format';
import gallery from './messages/gallery';
import importer from './messages/importer';
import keys from './messages/keys';
import measure from './messages/measure';
import patients from './messages/patients';
import pdf from './messages/pdf';
import session from './messages/session';
import setup from './messages/setup';
import shell from './messages/shell';
import staff from './messages/staff';
import timeline from './messages/timeline';
import viewer from './messages/viewer';
import worklist from './messages/worklist';

export const AREAS = { access, annotate, app, audit, bodymap, camera, capture, checklist, cli, common, compare, consent, corrections, delivery, derived, ehr, errors, fields, format, gallery, importer, keys, measure, patients, pdf, session, setup, shell, staff, timeline, viewer, worklist } as const;

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

