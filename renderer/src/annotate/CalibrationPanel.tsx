// The calibration flow: the scale in force with its source, "Find the ruler" (the core reads the
// photo's millimetre scale), or a segment drawn along a ruler in the photo with its known length.
// Without a calibration the panel says that measurements are in pixels.
import { useState } from 'react';
import type { Calibration, Point } from '../../../shared/annotations/document';
import { manualScale } from '../../../shared/annotations/measure';
import { CallError } from '../data/CallError';
import { useSubmit } from '../data/hooks';
import { useFormat, useT } from '../i18n';
import { scaleText } from './measure-label';

interface Props {
  readonly photoId: string;
  readonly calibration: Calibration | null;
  readonly readOnly: boolean;
  /** The segment drawn with the calibrate tool, waiting for its length. */
  readonly segment: readonly [Point, Point] | null;
  readonly onCalibrate: (calibration: Calibration | null) => void;
}

export function CalibrationPanel({ photoId, calibration, readOnly, segment, onCalibrate }: Props) {
  const t = useT();
  const f = useFormat();
  const detect = useSubmit();
  const [notFound, setNotFound] = useState(false);
  const [lengthMm, setLengthMm] = useState('10');
  const length = Number(lengthMm.replace(',', '.'));

  const find = async () => {
    setNotFound(false);
    const result = await detect.run((api) => api.annotations.detectRuler({ photoId }));
    if (result?.ok) {
      if (result.value.calibration) onCalibrate(result.value.calibration);
      else setNotFound(true);
    }
  };

  return (
    <section className="annotate-panel__section" aria-labelledby="annotate-calibration">
      <h3 id="annotate-calibration">{t('annotate.calibration')}</h3>
      <p className="annotate-calibration__state" data-testid="calibration-state">
        {calibration ? scaleText(calibration, t, f) : t('annotate.notCalibrated')}
      </p>
      {readOnly ? null : (
        <>
          <div className="annotate-panel__row">
            <button type="button" onClick={() => void find()} disabled={detect.pending}>
              {detect.pending ? t('annotate.detecting') : t('annotate.detectRuler')}
            </button>
            {calibration ? (
              <button type="button" onClick={() => onCalibrate(null)}>
                {t('annotate.removeCalibration')}
              </button>
            ) : null}
          </div>
          {notFound ? <p role="status">{t('annotate.noRulerFound')}</p> : null}
          <CallError error={detect.error} />
          {segment ? (
            <div className="annotate-panel__row">
              <label>
                {t('annotate.knownLength')}
                <input type="text" inputMode="decimal" value={lengthMm} onChange={(e) => setLengthMm(e.target.value)} size={6} />
              </label>
              <button
                type="button"
                disabled={!(length > 0 && length <= 10_000)}
                onClick={() => onCalibrate({ source: 'manual', from: segment[0], to: segment[1], lengthMm: length, ...manualScale(segment[0], segment[1], length) })}
              >
                {t('annotate.applyCalibration')}
              </button>
            </div>
          ) : (
            <p className="annotate-panel__hint">{t('annotate.calibrateHint')}</p>
          )}
        </>
      )}
    </section>
  );
}
