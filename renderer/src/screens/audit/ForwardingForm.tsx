// Forwarding to a syslog collector (RFC 5424 over TLS): host, port, the CA certificate that issued
// the collector's certificate, and a switch. Shows how far delivery has got and the last error, so
// the officer can tell a collector that stopped receiving from one that is up to date.
import { useEffect, useState, type FormEvent } from 'react';
import type { ResponseOf } from '../../../../shared/contract';
import { fieldErrors, messageFor } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { Field, sentence } from '../../components/Field';
import { ErrorMessage, InfoMessage } from '../../components/Notice';
import { useQuery, useSubmit } from '../../data/hooks';

type Status = ResponseOf<'audit', 'settings'>['forwarding'];

export function ForwardingForm() {
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
    if (!/^\d{1,5}$/.test(portText)) return setPortError('must be a number from 1 to 65535');
    setPortError(undefined);
    const r = await save.run((api) => api.audit.saveForwarding({ enabled, host: host.trim(), port: Number(portText), caPem }));
    if (!r?.ok) return;
    setCaPem('');
    setSaved(r.value);
    setEnabled(r.value.enabled);
    setHost(r.value.host);
    setPort(String(r.value.port));
    setDone(r.value.enabled ? 'Forwarding saved. New records will be sent to the collector.' : 'Forwarding saved. It is switched off.');
  }

  const fields = fieldErrors(error);
  return (
    <section className="audit-section" aria-label="Syslog forwarding">
      <p className="muted audit-lead">
        Sends every audit record and checkpoint, as it is written, to a collector over TLS (RFC 5424, port 6514 by default). The collector’s copy
        is the evidence that the log on this workstation has not been rewritten.
      </p>

      {status ? (
        <dl className="audit-facts" aria-label="Delivery status">
          <div>
            <dt>State</dt>
            <dd>{status.enabled ? `On, to ${status.host}:${status.port}` : 'Off'}</dd>
          </div>
          <div>
            <dt>Delivered</dt>
            <dd>
              {status.deliveredSeq > 0 ? `Up to record #${status.deliveredSeq} of #${status.lastSeq}` : `Nothing yet (latest record #${status.lastSeq})`}
              {status.enabled && status.lastSeq > status.deliveredSeq ? `, ${status.lastSeq - status.deliveredSeq} waiting` : ''}
            </dd>
          </div>
          <div>
            <dt>Last delivery</dt>
            <dd>{status.lastDeliveredAt ? formatDateTime(status.lastDeliveredAt, true) : 'Never'}</dd>
          </div>
          <div>
            <dt>CA certificate</dt>
            <dd>{status.caSubject ?? 'None'}</dd>
          </div>
          {status.lastError ? (
            <div className="audit-facts__problem">
              <dt>Last error</dt>
              <dd className="mono">{status.lastError}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {status ? (
        <p className="audit-refresh">
          <button type="button" className="button button--ghost" onClick={() => void refresh()}>
            Refresh status
          </button>
        </p>
      ) : null}

      {status ? (
        <form className="forwarding" onSubmit={(e) => void submit(e)} noValidate aria-label="Syslog forwarding">
          <label className="access-toggle">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Forward audit records
          </label>
          <div className="form-row">
            <Field label="Collector host" hint="Host name or IP address, as written in the collector’s certificate." error={sentence('Host', fields.host)}>
              {(p) => <input {...p} autoComplete="off" spellCheck={false} value={host} onChange={(e) => setHost(e.target.value)} />}
            </Field>
            <Field label="Port" error={sentence('Port', portError ?? fields.port)}>
              {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} />}
            </Field>
          </div>
          <Field
            label="CA certificate (PEM)"
            hint={status.caSubject ? 'Leave empty to keep the current certificate.' : 'The certificate of the authority that issued the collector’s certificate.'}
            error={sentence('CA certificate', fields.caPem)}
          >
            {(p) => <textarea {...p} rows={6} className="mono" spellCheck={false} placeholder="-----BEGIN CERTIFICATE-----" value={caPem} onChange={(e) => setCaPem(e.target.value)} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              Save forwarding
            </button>
          </div>
        </form>
      ) : null}
      <ErrorMessage>{error && !error.fields ? messageFor(error) : error ? 'Some fields need attention.' : null}</ErrorMessage>
      <InfoMessage>{done}</InfoMessage>
    </section>
  );
}
