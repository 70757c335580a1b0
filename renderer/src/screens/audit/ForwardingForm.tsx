// Forwarding to a syslog collector (RFC 5424 over TLS): host, port, the CA certificate that issued
// the collector's certificate, and a switch. Shows how far delivery has got and the last error, so
// the officer can tell a collector that stopped receiving from one that is up to date.
import { useEffect, useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import { fieldErrors, messageFor } from '../../app/errors';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery, useSubmit } from '../../data/hooks';
import { useFormat, useT } from '../../i18n';

type Status = ResponseOf<'audit', 'settings'>['forwarding'];

export function ForwardingForm() {
  const t = useT();
  const f = useFormat();
  const settings = useQuery('audit.settings', (api) => api.audit.settings({}));
  const save = useSubmit();
  const error = save.error ?? settings.error;
  // What the core last said: the settings' answer, or what the last save returned.
  const [saved, setSaved] = useState<Status | null>(null);
  const status = saved ?? settings.data?.forwarding ?? null;
  const [enabled, setEnabled] = useState(false);
  const [host, setHost] = useState('');
  const [port, setPort] = useState('6514');
  const [caPem, setCaPem] = useState('');
  const [portError, setPortError] = useState<string | undefined>();
  const [done, setDone] = useState<string | null>(null);

  // The form starts from the stored settings once they arrive (a refresh updates the status only).
  const loaded = settings.data !== undefined;
  useEffect(() => {
    if (!loaded || !settings.data) return;
    const s = settings.data.forwarding;
    setEnabled(s.enabled);
    setHost(s.host);
    setPort(String(s.port));
  }, [loaded]);

  async function refresh() {
    setSaved(null);
    await settings.reload();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const portText = port.trim();
    if (!/^\d{1,5}$/.test(portText)) return setPortError(t('audit.forwarding.portRange'));
    setPortError(undefined);
    const r = await save.run((api) => api.audit.saveForwarding({ enabled, host: host.trim(), port: Number(portText), caPem }));
    if (!r?.ok) return;
    setCaPem('');
    setSaved(r.value);
    setEnabled(r.value.enabled);
    setHost(r.value.host);
    setPort(String(r.value.port));
    setDone(t(r.value.enabled ? 'audit.forwarding.savedOn' : 'audit.forwarding.savedOff'));
  }

  const fields = fieldErrors(error);
  return (
    <section className="audit-section" aria-label={t('audit.forwarding.title')}>
      <p className="muted audit-lead">{t('audit.forwarding.lead')}</p>

      {status ? (
        <dl className="audit-facts" aria-label={t('audit.forwarding.status')}>
          <div>
            <dt>{t('audit.forwarding.state')}</dt>
            <dd>{status.enabled ? t('audit.forwarding.on', { address: `${status.host}:${status.port}` }) : t('audit.forwarding.off')}</dd>
          </div>
          <div>
            <dt>{t('audit.forwarding.delivered')}</dt>
            <dd>
              {status.deliveredSeq > 0 ? t('audit.forwarding.upTo', { seq: String(status.deliveredSeq), last: String(status.lastSeq) }) : t('audit.forwarding.nothingYet', { last: String(status.lastSeq) })}
              {status.enabled && status.lastSeq > status.deliveredSeq ? t('audit.forwarding.waiting', { count: status.lastSeq - status.deliveredSeq }) : ''}
            </dd>
          </div>
          <div>
            <dt>{t('audit.forwarding.lastDelivery')}</dt>
            <dd>{status.lastDeliveredAt ? f.dateTime(status.lastDeliveredAt, true) : t('audit.forwarding.never')}</dd>
          </div>
          <div>
            <dt>{t('audit.forwarding.ca')}</dt>
            <dd>{status.caSubject ?? t('audit.forwarding.noCa')}</dd>
          </div>
          {status.lastError ? (
            <div className="audit-facts__problem">
              <dt>{t('audit.forwarding.lastError')}</dt>
              <dd className="mono">{status.lastError}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {status ? (
        <p className="audit-refresh">
          <button type="button" className="button button--ghost" onClick={() => void refresh()}>
            {t('audit.forwarding.refresh')}
          </button>
        </p>
      ) : null}

      {status ? (
        <form className="forwarding" onSubmit={(e) => void submit(e)} noValidate aria-label={t('audit.forwarding.title')}>
          <label className="access-toggle">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('audit.forwarding.enable')}
          </label>
          <div className="form-row">
            <Field label={t('audit.forwarding.host')} hint={t('audit.forwarding.hostHint')} error={sentence(t('audit.forwarding.hostName'), fields.host)}>
              {(p) => <input {...p} autoComplete="off" spellCheck={false} value={host} onChange={(e) => setHost(e.target.value)} />}
            </Field>
            <Field label={t('audit.forwarding.port')} error={sentence(t('audit.forwarding.port'), portError ?? fields.port)}>
              {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} />}
            </Field>
          </div>
          <Field
            label={t('audit.forwarding.caPem')}
            hint={t(status.caSubject ? 'audit.forwarding.caKeep' : 'audit.forwarding.caHint')}
            error={sentence(t('audit.forwarding.ca'), fields.caPem)}
          >
            {(p) => <textarea {...p} rows={6} className="mono" spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" value={caPem} onChange={(e) => setCaPem(e.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              {t('audit.forwarding.save')}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorMessage>{error && !error.fields ? messageFor(error) : error ? t('audit.forwarding.attention') : null}</ErrorMessage>
      <InfoMessage>{done}</InfoMessage>
    </section>
  );
}
