// The bar across the top: which clinic, who is signed in and as what, and sign out.
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { call } from '../app/clinic';
import { useAppStore } from '../app/store';
import { SyncIndicator } from '../screens/delivery/SyncIndicator';
import { useLocale, useT } from '../i18n';

export function Header() {
  const session = useAppStore((s) => s.session);
  const clinicName = useAppStore((s) => s.clinicName);
  const signedOut = useAppStore((s) => s.signedOut);
  const showPatients = useAppStore((s) => s.showPatients);
  const showView = useAppStore((s) => s.showView);
  const locked = useAppStore((s) => s.locked);
  const header = useRef<HTMLElement>(null);
  const nav = useRef<HTMLElement>(null);
  const twoRows = useNavNeedsOwnRow(header, nav, session !== null);
  const t = useT();
  const locale = useLocale();
  if (!session) return null;

  async function lock() {
    locked();
    await call((api) => api.session.lock({}));
  }

  async function signOut() {
    await call((api) => api.session.signOut({}));
    // Whatever the core answered, this window no longer shows patient data.
    signedOut();
  }

  return (
    <header ref={header} className={`app-header${twoRows ? ' app-header--two-rows' : ''}`}>
      <div className="app-header__brand">
        <span className="app-header__product">{t('app.product')}</span>
        <span className="app-header__clinic">{clinicName}</span>
      </div>
      <nav ref={nav} aria-label={t('app.nav.main')} className="app-header__nav">
        {session.permissions.includes('patient.read') ? (
          <button type="button" className="button button--nav" onClick={showPatients}>
            {t('app.nav.patients')}
          </button>
        ) : null}
        {session.permissions.includes('access.restrict') || session.permissions.includes('access.review') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'access' })}>
            {t('app.nav.access')}
          </button>
        ) : null}
        {session.permissions.includes('user.manage') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'users' })}>
            {t('app.nav.staff')}
          </button>
        ) : null}
        {session.permissions.includes('keys.manage') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'keys' })}>
            {t('app.nav.keys')}
          </button>
        ) : null}
        {session.permissions.includes('delivery.manage') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'delivery' })}>
            {t('app.nav.delivery')}
          </button>
        ) : null}
        {session.permissions.includes('consent.manage-templates') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'consentForms' })}>
            {t('app.nav.consentForms')}
          </button>
        ) : null}
        {session.permissions.includes('access.alerts') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'accessAlerts' })}>
            {t('app.nav.accessAlerts')}
          </button>
        ) : null}
        {session.permissions.includes('audit.read') ? (
          <button type="button" className="button button--nav" onClick={() => showView({ name: 'audit', section: 'log' })}>
            {t('app.nav.audit')}
          </button>
        ) : null}
      </nav>
      <SyncIndicator />
      <div className="app-header__user">
        <span className="app-header__who">
          <span className="app-header__name">{session.user.displayName}</span>
          <span className="app-header__role">{t(`app.role.${session.user.role}`)}</span>
        </span>
        <button type="button" className="button button--secondary app-header__language" onClick={() => showView({ name: 'language' })} aria-label={t('app.language.button')} title={t('app.language.button')}>
          <span aria-hidden="true">{locale.toUpperCase()}</span>
        </button>
        <button type="button" className="button button--secondary" onClick={() => showView({ name: 'account' })}>
          {t('app.myAccount')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => void lock()}>
          {t('app.lock')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => void signOut()}>
          {t('app.signOut')}
        </button>
      </div>
    </header>
  );
}

/**
 * True when the sections do not fit on one row beside the clinic, the sync status and the user's
 * buttons: the header then puts them on a row of their own instead of hiding some. Measured from
 * the items' own widths, which do not depend on the layout, so the answer does not flip back and
 * forth; measured again when the window or any item changes size, or an item comes or goes (the
 * sync status appears with the first delivery and changes its text).
 */
function useNavNeedsOwnRow(header: RefObject<HTMLElement | null>, nav: RefObject<HTMLElement | null>, signedIn: boolean): boolean {
  const [twoRows, setTwoRows] = useState(false);
  useLayoutEffect(() => {
    const bar = header.current;
    const links = nav.current;
    if (!signedIn || !bar || !links) return;
    const width = (el: Element) => el.getBoundingClientRect().width;
    const gap = (el: Element) => parseFloat(getComputedStyle(el).columnGap) || 0;
    const measure = () => {
      const sections = [...links.children];
      const needed = sections.reduce((w, el) => w + width(el), 0) + gap(links) * Math.max(0, sections.length - 1);
      const others = [...bar.children].filter((el) => el !== links);
      const style = getComputedStyle(bar);
      const inner = bar.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      setTwoRows(needed > inner - others.reduce((w, el) => w + width(el), 0) - gap(bar) * others.length);
    };
    const resized = new ResizeObserver(measure);
    const watch = () => {
      resized.disconnect();
      for (const el of [bar, ...bar.children, ...links.children]) resized.observe(el);
    };
    const changed = new MutationObserver(() => {
      watch();
      measure();
    });
    changed.observe(bar, { childList: true, subtree: true, characterData: true });
    watch();
    measure();
    return () => {
      resized.disconnect();
      changed.disconnect();
    };
  }, [header, nav, signedIn]);
  return twoRows;
}
