// "Detect automatically" for the colour checker (issue 10, "Colour"; docs/compare.md): asks the
// core to find a 24-patch checker in both photos. Found in both: its four corners become the
// picked corner pairs (numbered markers on both photos, to check before matching), and patches
// covered in either photo are left out of the match. Not found in
// either: says which, and the person clicks the corners as before. The core never guesses.
import { useState } from 'react';
import type { CheckerDetection } from '../../../shared/channels/compare';
import type { Photo } from '../../../shared/domain';
import { CallError } from '../data/CallError';
import { useSubmit } from '../data/hooks';
import { useT, type MessageId } from '../i18n';

type Corner = readonly [number, number];
/** Corner k of the first photo's checker with corner k of the second's, in the order checker.ts takes them. */
export type CornerPairs = ReadonlyArray<readonly [Corner, Corner]>;

interface Props {
  readonly first: Photo;
  readonly second: Photo;
  /** The corner pairs, and the patches (published order) to leave out: covered or glaring in either photo. */
  readonly onFound: (pairs: CornerPairs, leaveOut: ReadonlySet<number>) => void;
  readonly onNotFound: () => void;
}

type Outcome = { readonly found: true; readonly first: number; readonly second: number; readonly covered: number } | { readonly found: false; readonly message: MessageId };

/** What to say when the checker is missing from one photo or both. */
const notFoundMessage = (first: CheckerDetection, second: CheckerDetection): MessageId =>
  !first.found && !second.found ? 'compare.checkerNotFoundBoth' : !first.found ? 'compare.checkerNotFoundFirst' : 'compare.checkerNotFoundSecond';

export function CheckerDetect({ first, second, onFound, onNotFound }: Props) {
  const t = useT();
  const detecting = useSubmit();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const detect = async () => {
    setOutcome(null);
    // One photo after the other: the core runs one detection at a time in its worker anyway.
    const a = await detecting.run((api) => api.compare.detectChecker({ photoId: first.id }));
    if (!a?.ok) return;
    const b = await detecting.run((api) => api.compare.detectChecker({ photoId: second.id }));
    if (!b?.ok) return;
    const [x, y] = [a.value, b.value];
    if (x.found && y.found) {
      const covered = new Set([...x.mismatched, ...y.mismatched]);
      onFound(
        x.corners.map((corner, k) => [corner, y.corners[k]!] as const),
        covered,
      );
      setOutcome({ found: true, first: x.confidence, second: y.confidence, covered: covered.size });
    } else {
      onNotFound();
      setOutcome({ found: false, message: notFoundMessage(x, y) });
    }
  };

  return (
    <>
      <button type="button" className="button button--secondary" disabled={detecting.pending} onClick={() => void detect()}>
        {detecting.pending ? t('compare.checkerDetecting') : t('compare.checkerDetect')}
      </button>
      {outcome ? (
        <p className="compare-hint" role="status">
          {outcome.found ? t('compare.checkerFound', { first: outcome.first, second: outcome.second }) : t(outcome.message)}
          {outcome.found && outcome.covered > 0 ? ` ${t('compare.checkerCovered', { count: outcome.covered })}` : null}
        </p>
      ) : null}
      {detecting.error ? <CallError error={detecting.error} /> : null}
    </>
  );
}
