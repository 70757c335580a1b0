// The signer's language: the consent form's own (its template's language tag), so the patient reads
// the questions, the Yes/No choices and the pad's help in the language of the text they sign,
// whatever language the staff member's screens are in. A form in a language the product does not
// ship ("pt", "tr") falls back to the staff member's language, which is at least the one the
// staff can explain.
import { translator, type Translator } from '../../../shared/i18n/intl';
import { negotiateLocale, textDirection, type Locale } from '../../../shared/i18n/locales';

export interface SigningLanguage {
  readonly translator: Translator;
  /** The document direction for the signing screen ("rtl" for an Arabic form). */
  readonly dir: 'ltr' | 'rtl';
}

export function signingLanguage(formLanguage: string, uiLocale: Locale): SigningLanguage {
  const locale = negotiateLocale([formLanguage]) ?? uiLocale;
  return { translator: translator(locale), dir: textDirection(locale) };
}
