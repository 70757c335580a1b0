// Which key presses fire the shutter. Space and Enter do whenever focus is not on something they
// already operate (a button, a field, a list, a link); a keyboard-emulating USB foot pedal sends one
// configurable key, which fires the shutter anywhere but in a text field (a pedal is never meant as
// typing). The pedal key is kept per workstation, optionally per user, in the renderer's storage:
// a key name is no patient data.

export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly repeat: boolean;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  /** The focused element's tag name, upper case as the DOM gives it, and its role and type. */
  readonly target: { readonly tag: string; readonly role: string | null; readonly type: string | null; readonly editable: boolean };
}

const OPERATES_SPACE_ENTER = new Set(['BUTTON', 'A', 'INPUT', 'SELECT', 'TEXTAREA', 'SUMMARY', 'OPTION', 'VIDEO', 'DIALOG']);
const INTERACTIVE_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'option', 'slider', 'combobox', 'textbox', 'listbox']);
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'password', 'email', 'number', 'tel', 'url', 'date', 'datetime-local', 'time', 'month', 'week']);

const isTextEntry = (t: KeyPress['target']): boolean =>
  t.editable || t.tag === 'TEXTAREA' || (t.tag === 'INPUT' && TEXT_INPUT_TYPES.has((t.type ?? 'text').toLowerCase()));

/** True when this key press should take a photo. */
export function firesShutter(e: KeyPress, pedalCode: string | null): boolean {
  if (e.repeat || e.altKey || e.ctrlKey || e.metaKey) return false;
  if (pedalCode && e.code === pedalCode) return !isTextEntry(e.target);
  if (e.key !== ' ' && e.key !== 'Enter') return false;
  return !OPERATES_SPACE_ENTER.has(e.target.tag) && !(e.target.role && INTERACTIVE_ROLES.has(e.target.role)) && !isTextEntry(e.target);
}

/** Keys that cannot be the pedal's: they already mean something everywhere. */
export function isReservedPedalKey(code: string): boolean {
  return ['Space', 'Enter', 'NumpadEnter', 'Tab', 'Escape', 'ShiftLeft', 'ShiftRight', 'ControlLeft', 'ControlRight', 'AltLeft', 'AltRight', 'MetaLeft', 'MetaRight', ''].includes(code);
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const WORKSTATION_KEY = 'capture.pedalKey';
const userKey = (userId: string) => `capture.pedalKey.user.${userId}`;

/** The pedal key for this user: their own if set, else the workstation's, else none. */
export function readPedalKey(store: KeyValueStore, userId: string | null): string | null {
  return (userId ? store.getItem(userKey(userId)) : null) ?? store.getItem(WORKSTATION_KEY);
}

/** Saves (or with null clears) the pedal key for this user only or for the whole workstation. */
export function writePedalKey(store: KeyValueStore, scope: 'user' | 'workstation', userId: string | null, code: string | null): void {
  const key = scope === 'user' && userId ? userKey(userId) : WORKSTATION_KEY;
  if (code === null) store.removeItem(key);
  else store.setItem(key, code);
}
