// The privacy officer's audit screens: the searchable log, its integrity, the anomaly list with
// its thresholds, and syslog forwarding. Each part shows only what the signed-in role may use.
import { useEffect, useRef, useState } from 'react';
import { useAppStore, type AuditSection } from '../../app/store';
import { AnomaliesSection } from './AnomaliesSection';
import { AuditLogSection, NO_FILTERS, type Filters } from './AuditLogSection';
import { ForwardingForm } from './ForwardingForm';
import { IntegrityPanel } from './IntegrityPanel';
import { useT } from '../../i18n';

const SECTIONS: ReadonlyArray<{ id: AuditSection; needs: string }> = [
  { id: 'log', needs: 'audit.read' },
  { id: 'integrity', needs: 'audit.read' },
  { id: 'anomalies', needs: 'audit.read' },
  { id: 'forwarding', needs: 'audit.settings' },
];

export function AuditScreen({ section }: { readonly section: AuditSection }) {
  const t = useT();
  const permissions = useAppStore((s) => s.session?.permissions ?? []);
  const showView = useAppStore((s) => s.showView);
  const can = (p: string) => permissions.includes(p);
  const visible = SECTIONS.filter((s) => can(s.needs));
  const current = visible.find((s) => s.id === section) ?? visible[0];
  const heading = useRef<HTMLHeadingElement>(null);
  // Set when an anomaly opens the log on its records; a tab click opens it unfiltered.
  const [logFilters, setLogFilters] = useState<Filters>(NO_FILTERS);
  const [logKey, setLogKey] = useState(0);

  function open(id: AuditSection, filters: Filters = NO_FILTERS) {
    setLogFilters(filters);
    setLogKey((k) => k + 1);
    showView({ name: 'audit', section: id });
  }

  // A new section is a new page for a screen reader: move focus to its title.
  useEffect(() => heading.current?.focus(), [section]);

  if (!current) return null;
  return (
    <main className="page page--audit" aria-labelledby="audit-title">
      <div className="page__head">
        <h1 id="audit-title" tabIndex={-1} ref={heading}>
          {t(`audit.section.${current.id}`)}
        </h1>
      </div>
      <nav className="subnav" aria-label={t('audit.section.nav')}>
        {visible.map((s) => (
          <button
            key={s.id}
            type="button"
            className={s.id === current.id ? 'subnav__item subnav__item--current' : 'subnav__item'}
            aria-current={s.id === current.id ? 'page' : undefined}
            onClick={() => open(s.id)}
          >
            {t(`audit.section.${s.id}`)}
          </button>
        ))}
      </nav>
      {current.id === 'log' ? <AuditLogSection key={logKey} canExport={can('audit.export')} initial={logFilters} /> : null}
      {current.id === 'integrity' ? <IntegrityPanel canExport={can('audit.export')} /> : null}
      {current.id === 'anomalies' ? <AnomaliesSection canConfigure={can('audit.settings')} onShowRecords={(f) => open('log', f)} /> : null}
      {current.id === 'forwarding' ? <ForwardingForm /> : null}
    </main>
  );
}
