// The signing screen speaks the consent form's language, not the staff member's.
import { describe, expect, it } from 'vitest';
import { signingLanguage } from './signing-language';

describe('signingLanguage', () => {
  it('follows the form: a German form under an English UI asks in German', () => {
    const { translator, dir } = signingLanguage('de', 'en');
    expect(translator.t('consent.signing.yes')).toBe('Ja');
    expect(translator.t('consent.signing.agree')).toBe('Ich bin einverstanden, dass meine Fotos verwendet werden für:');
    expect(dir).toBe('ltr');
  });

  it('reads a regional tag by its language, and an Arabic form right to left', () => {
    expect(signingLanguage('fr-CA', 'de').translator.t('consent.signing.no')).toBe('Non');
    const ar = signingLanguage('ar', 'en');
    expect(ar.translator.t('consent.signing.sign')).toBe('توقيع');
    expect(ar.dir).toBe('rtl');
  });

  it('falls back to the staff member’s language for a form in a language not shipped', () => {
    expect(signingLanguage('pt-BR', 'es').translator.t('consent.signing.handBack')).toBe('Devolver al personal');
  });
});
