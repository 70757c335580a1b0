// Who is signing, as staff entered it before handing the screen over: the signer reads it and can
// ask for a correction before signing.
import type { Signers } from '../../../shared/consent';
import type { Translate } from '../i18n';

/** `t` is the signer's language (the consent form's). */
export function SignerSummary({ t, signers }: { readonly t: Translate; readonly signers: Signers }) {
  const { signer, minorAssent, witness, interpreter } = signers;
  return (
    <dl className="signer-summary" aria-label={t('consent.summary.label')}>
      <dt>{t('consent.summary.signing')}</dt>
      <dd>
        {signer.role === 'patient'
          ? t('consent.summary.patient', { name: signer.name })
          : t('consent.summary.representative', { name: signer.name, role: signer.role, relationship: signer.relationship ?? '', authority: signer.authority ?? '' })}
      </dd>
      {minorAssent ? (
        <>
          <dt>{t('consent.summary.child')}</dt>
          <dd>
            {t(minorAssent.given ? 'consent.summary.childAgrees' : 'consent.summary.childDisagrees', { name: minorAssent.name })}
          </dd>
        </>
      ) : null}
      {witness ? (
        <>
          <dt>{t('consent.summary.witness')}</dt>
          <dd>{witness.name}</dd>
        </>
      ) : null}
      {interpreter ? (
        <>
          <dt>{t('consent.summary.interpreter')}</dt>
          <dd>
            {interpreter.name} ({interpreter.language})
          </dd>
        </>
      ) : null}
    </dl>
  );
}
