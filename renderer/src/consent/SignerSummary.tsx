// Who is signing, as staff entered it before handing the screen over: the signer reads it and can
// ask for a correction before signing.
import type { Signers } from '../../../shared/consent';

const ROLE: Record<Signers['signer']['role'], string> = {
  patient: 'the patient',
  parent: 'parent',
  guardian: 'guardian',
  'legal-representative': 'legal representative',
};

export function SignerSummary({ signers }: { readonly signers: Signers }) {
  const { signer, minorAssent, witness, interpreter } = signers;
  return (
    <dl className="signer-summary" aria-label="Who is signing">
      <dt>Signing</dt>
      <dd>
        {signer.name}, {ROLE[signer.role]}
        {signer.role === 'patient' ? null : ` (${signer.relationship ?? ''}; ${signer.authority ?? ''})`}
      </dd>
      {minorAssent ? (
        <>
          <dt>Child's agreement</dt>
          <dd>
            {minorAssent.name}: {minorAssent.given ? 'agrees' : 'does not agree'}
          </dd>
        </>
      ) : null}
      {witness ? (
        <>
          <dt>Witness</dt>
          <dd>{witness.name}</dd>
        </>
      ) : null}
      {interpreter ? (
        <>
          <dt>Interpreter</dt>
          <dd>
            {interpreter.name} ({interpreter.language})
          </dd>
        </>
      ) : null}
    </dl>
  );
}
