// Inline messages: errors are announced assertively, confirmations politely.
import type { ReactNode } from 'react';

export function ErrorMessage({ children }: { readonly children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="notice notice--error" role="alert">
      {children}
    </div>
  );
}

export function InfoMessage({ children }: { readonly children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="notice notice--info" role="status">
      {children}
    </div>
  );
}
