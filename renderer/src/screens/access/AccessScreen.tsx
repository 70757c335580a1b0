// Access control for administrators and the privacy officer: restricted patients, time-bound
// grants, account access expiry and the break-glass settings. Each section shows only what the
// signed-in role may see, and its controls only what it may change.
import { useAppStore } from '../../app/store';
import { GrantsSection } from './GrantsSection';
import { RestrictedSection } from './RestrictedSection';
import { AccessSettingsSection } from './AccessSettingsSection';
import { StaffExpirySection } from './StaffExpirySection';
import { useT } from '../../i18n';

export function AccessScreen() {
  const t = useT();
  const permissions = useAppStore((s) => s.session?.permissions ?? []);
  const can = (p: string) => permissions.includes(p);
  return (
    <main className="page page--access" aria-labelledby="access-title">
      <div className="page__head">
        <h1 id="access-title">{t('access.title')}</h1>
      </div>
      <p className="muted">{t('access.lead')}</p>
      {can('access.restrict') ? <RestrictedSection /> : null}
      {can('access.review') ? <GrantsSection canEdit={can('access.grant')} /> : null}
      {can('access.review') ? <StaffExpirySection canEdit={can('access.grant')} /> : null}
      {can('access.review') ? <AccessSettingsSection canEdit={can('access.configure')} /> : null}
    </main>
  );
}
