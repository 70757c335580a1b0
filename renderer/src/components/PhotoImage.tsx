// An <img> for a photo handle. Handles are short-lived: when the image fails to load, ask the owner
// for a fresh handle (once per new handle); after repeated failures, say so instead of looping.
import { useEffect, useState } from 'react';
import { useT } from '../i18n';
import { photoUrl } from '../../../shared/contract';

interface Props {
  readonly handle: string | null;
  readonly alt: string;
  readonly width: number;
  readonly height: number;
  readonly className?: string;
  /** Asked for a fresh handle when the current one no longer loads. */
  readonly onExpired: () => void;
  readonly onLoad?: () => void;
}

const MAX_FAILURES = 2;

export function PhotoImage({ handle, alt, width, height, className, onExpired, onLoad }: Props) {
  const t = useT();
  const [failures, setFailures] = useState(0);
  const [failedHandle, setFailedHandle] = useState<string | null>(null);

  // A fresh handle arriving after a failure gets a fair chance to load.
  useEffect(() => {
    if (handle && failedHandle && handle !== failedHandle) setFailedHandle(null);
  }, [handle, failedHandle]);

  if (!handle || failures >= MAX_FAILURES) {
    return (
      <span className={`photo-placeholder ${className ?? ''}`} role="img" aria-label={handle ? `${alt} (image unavailable)` : `${alt} (loading)`}>
        {handle ? t('common.imageUnavailable') : ''}
      </span>
    );
  }

  return (
    <img
      className={className}
      src={photoUrl(handle)}
      alt={alt}
      width={width}
      height={height}
      decoding="async"
      draggable={false}
      onLoad={() => {
        setFailures(0);
        onLoad?.();
      }}
      onError={() => {
        if (failedHandle === handle) return;
        setFailedHandle(handle);
        setFailures((n) => n + 1);
        onExpired();
      }}
    />
  );
}
