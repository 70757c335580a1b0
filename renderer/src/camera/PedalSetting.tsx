// The foot pedal's key: a keyboard-emulating USB pedal sends one key, which the photographer teaches
// the capture screen by pressing the pedal once. Saved for this user or for the whole workstation
// (shutter-keys.ts); Space, Enter and keys that already mean something are refused.
import { useEffect, useId, useState } from 'react';
import { useT } from '../i18n';
import { isReservedPedalKey, readPedalKey, writePedalKey } from './shutter-keys';

interface Props {
  readonly userId: string | null;
  readonly onChange: (code: string | null) => void;
}

export function PedalSetting({ userId, onChange }: Props) {
  const t = useT();
  const id = useId();
  const [scope, setScope] = useState<'user' | 'workstation'>('user');
  const [current, setCurrent] = useState<string | null>(() => readPedalKey(window.localStorage, userId));
  const [learning, setLearning] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);

  useEffect(() => {
    if (!learning) return;
    const learn = (e: KeyboardEvent) => {
      e.preventDefault();
      e.stopImmediatePropagation();
      if (e.code === 'Escape') return setLearning(false);
      if (isReservedPedalKey(e.code)) return setRefused(e.code || e.key);
      writePedalKey(window.localStorage, scope, userId, e.code);
      setCurrent(e.code);
      setRefused(null);
      setLearning(false);
      onChange(e.code);
    };
    // Capture phase: the pedal's key must reach nothing else while it is being learnt.
    window.addEventListener('keydown', learn, true);
    return () => window.removeEventListener('keydown', learn, true);
  }, [learning, scope, userId, onChange]);

  function clear() {
    writePedalKey(window.localStorage, scope, userId, null);
    const next = readPedalKey(window.localStorage, userId);
    setCurrent(next);
    onChange(next);
  }

  return (
    <details className="pedal">
      <summary>{current ? t('camera.pedal.summarySet', { key: current }) : t('camera.pedal.summaryNone')}</summary>
      <p className="muted pedal__help">{t('camera.pedal.help')}</p>
      <div className="field">
        <label htmlFor={id}>{t('camera.pedal.scope')}</label>
        <select id={id} value={scope} onChange={(e) => setScope(e.target.value === 'workstation' ? 'workstation' : 'user')} disabled={learning}>
          <option value="user">{t('camera.pedal.scopeUser')}</option>
          <option value="workstation">{t('camera.pedal.scopeWorkstation')}</option>
        </select>
      </div>
      <div className="pedal__actions">
        <button type="button" className="button" aria-pressed={learning} onClick={() => setLearning((v) => !v)}>
          {learning ? t('camera.pedal.listening') : t('camera.pedal.learn')}
        </button>
        <button type="button" className="button button--ghost" onClick={clear} disabled={learning}>
          {t('camera.pedal.clear')}
        </button>
      </div>
      <p className="field__hint" role="status">
        {refused ? t('camera.pedal.reserved', { key: refused }) : ''}
      </p>
    </details>
  );
}
