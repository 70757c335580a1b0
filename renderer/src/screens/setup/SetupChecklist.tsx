// What an administrator still has to set up, shown on the patient list while it is empty (a new
// workstation): staff accounts, a camera, a consent form, a delivery target. Each item is checked
// against the core, links to its screen, and is ticked once done; the list goes away with the
// first patient.
import type { ReactNode } from 'react';
import type { ClinicApi } from '../../../../shared/bridge';
import type { Result } from '../../../../shared/result';
import { useAppStore, type View } from '../../app/store';
import { useQuery } from '../../data/hooks';
import { useT, type MessageId } from '../../i18n';
import './setup.css';

interface Item {
  readonly key: string;
  readonly title: MessageId;
  readonly hint: MessageId;
  readonly done: (api: ClinicApi) => Promise<Result<boolean>>;
  /** The screen where it is done; none for a camera, which is plugged in. */
  readonly view: View | null;
  readonly permission: string;
}

const map = async <T,>(r: Promise<Result<T>>, f: (v: T) => boolean): Promise<Result<boolean>> => {
  const x = await r;
  return x.ok ? { ok: true, value: f(x.value) } : x;
};

const ITEMS: readonly Item[] = [
  {
    key: 'staff',
    title: 'checklist.staffTitle',
    hint: 'checklist.staffHint',
    done: (api) => map(api.users.list({}), (users) => users.filter((u) => !u.disabledAt).length > 1),
    view: { name: 'users' },
    permission: 'user.manage',
  },
  {
    key: 'camera',
    title: 'checklist.cameraTitle',
    hint: 'checklist.cameraHint',
    done: (api) => map(api.cameras.list({}), (cameras) => cameras.some((c) => c.kind !== 'simulated')),
    view: null,
    permission: 'photo.capture',
  },
  {
    key: 'consent',
    title: 'checklist.consentTitle',
    hint: 'checklist.consentHint',
    // The example form seeded at setup has no author: done once the clinic has saved a form of its own.
    done: (api) => map(api.consent.listTemplates({}), (templates) => templates.some((tpl) => tpl.createdBy !== null)),
    view: { name: 'consentForms' },
    permission: 'consent.manage-templates',
  },
  {
    key: 'delivery',
    title: 'checklist.deliveryTitle',
    hint: 'checklist.deliveryHint',
    done: (api) => map(api.delivery.listTargets({}), (targets) => targets.length > 0),
    view: { name: 'delivery' },
    permission: 'delivery.manage',
  },
];

function ChecklistItem({ item }: { readonly item: Item }) {
  const t = useT();
  const showView = useAppStore((s) => s.showView);
  const state = useQuery(['setup-checklist', item.key], item.done);
  const done = state.data === true;
  let action: ReactNode = null;
  if (!done && item.view) {
    const view = item.view;
    action = (
      <button type="button" className="button button--secondary" onClick={() => showView(view)}>
        {t('checklist.open')}
      </button>
    );
  }
  return (
    <li className={done ? 'checklist__item checklist__item--done' : 'checklist__item'}>
      <span className="checklist__mark" aria-hidden="true">
        {done ? '✓' : ''}
      </span>
      <div className="checklist__text">
        <strong>{t(item.title)}</strong>
        <span className="visually-hidden">{done ? t('checklist.doneState') : t('checklist.todoState')}</span>
        <p className="muted">{t(item.hint)}</p>
      </div>
      {action}
    </li>
  );
}

export function SetupChecklist() {
  const t = useT();
  const permissions = useAppStore((s) => s.session?.permissions ?? []);
  const items = ITEMS.filter((i) => permissions.includes(i.permission));
  return (
    <section className="checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title">{t('checklist.title')}</h2>
      <p>{t('checklist.lead')}</p>
      <ol className="checklist__items">
        {items.map((item) => (
          <ChecklistItem key={item.key} item={item} />
        ))}
      </ol>
    </section>
  );
}
