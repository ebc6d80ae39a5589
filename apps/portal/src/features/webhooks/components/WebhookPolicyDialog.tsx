import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { Dialog } from '../../../components/Dialog';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { NotifyType, WebhookEvents, WebhookPolicy } from '../api';
import {
  eventTypeKey,
  formOf,
  formProblem,
  isUnchanged,
  newForm,
  notifyTypeKey,
  payloadFormatKey,
  payloadFormatsFor,
  policyBody,
  DEFAULT_PAYLOAD_FORMAT,
  type WebhookForm,
} from '../policy-form';
import { useCreateWebhookPolicy, useUpdateWebhookPolicy } from '../queries';

interface WebhookPolicyDialogProps {
  projectId: number;
  /** `/webhook/events`: the notify types, payload formats and event types offered. */
  events: WebhookEvents;
  /** The policy being edited; a new one when absent. */
  editing?: WebhookPolicy;
  onClose: () => void;
}

/**
 * Harbor's Add / Edit Webhook: name, description, notify type, payload format (http), event types,
 * endpoint URL, auth header (http, write-only) and Verify Remote Certificate. Core's 400 and 409
 * answers (an address it refuses, a name in use) are shown here.
 */
export function WebhookPolicyDialog({ projectId, events, editing, onClose }: WebhookPolicyDialogProps) {
  const { t } = useI18n();
  const ids = { description: useId(), notifyType: useId(), payloadFormat: useId(), authHeader: useId() };
  const [form, setForm] = useState<WebhookForm>(() => (editing ? formOf(editing) : newForm(events)));
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateWebhookPolicy(projectId);
  const update = useUpdateWebhookPolicy(projectId);
  const save = editing ? update : create;
  const problem = formProblem(form);
  const eventTypes = events.event_type ?? [];
  const notifyTypes = events.notify_type?.length ? events.notify_type : [form.notifyType];
  const formats = payloadFormatsFor(events, form.notifyType);
  const change = (next: Partial<WebhookForm>) => {
    setForm((current) => ({ ...current, ...next }));
    save.reset();
  };
  const toggleEvent = (type: string, checked: boolean) =>
    change({
      eventTypes: checked
        ? [...form.eventTypes.filter((known) => known !== type), type]
        : form.eventTypes.filter((known) => known !== type),
    });
  const shownProblem = submitted ? problem : null;

  return (
    <Dialog
      open
      wide
      title={editing ? t('webhook.edit_title') : t('webhook.add_title')}
      onClose={onClose}
      submitLabel={editing ? t('app.save') : t('webhook.add_submit')}
      submitting={save.isPending}
      submitDisabled={isUnchanged(form, editing)}
      onSubmit={() => {
        setSubmitted(true);
        if (problem) return;
        const body = policyBody(form, editing?.enabled ?? true, eventTypes);
        if (editing) update.mutate({ id: editing.id, policy: body }, { onSuccess: onClose });
        else create.mutate(body, { onSuccess: onClose });
      }}
    >
      <p className="field__hint">{t('webhook.dialog_intro')}</p>
      <TextField
        label={t('webhook.field_name')}
        value={form.name}
        autoFocus
        error={shownProblem === 'webhook.name_required' ? t(shownProblem) : null}
        onChange={(name) => change({ name })}
      />
      <div className="field">
        <label className="field__label" htmlFor={ids.description}>
          {t('webhook.field_description')}
        </label>
        <textarea
          id={ids.description}
          className="field__input webhook-description"
          rows={2}
          value={form.description}
          onChange={(event) => change({ description: event.target.value })}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={ids.notifyType}>
          {t('webhook.field_notify_type')}
        </label>
        <select
          id={ids.notifyType}
          className="field__input"
          value={form.notifyType}
          onChange={(event) => {
            const notifyType = event.target.value as NotifyType;
            const offered = payloadFormatsFor(events, notifyType);
            change({
              notifyType,
              payloadFormat: offered.includes(form.payloadFormat)
                ? form.payloadFormat
                : (offered[0] ?? DEFAULT_PAYLOAD_FORMAT),
            });
          }}
        >
          {notifyTypes.map((type) => {
            const key = notifyTypeKey(type);
            return (
              <option key={type} value={type}>
                {key ? t(key) : type}
              </option>
            );
          })}
        </select>
        {form.notifyType === 'slack' && <span className="field__hint">{t('webhook.slack_rate_limit')}</span>}
      </div>
      {form.notifyType === 'http' && formats.length > 0 && (
        <div className="field">
          <label className="field__label" htmlFor={ids.payloadFormat}>
            {t('webhook.field_payload_format')}
          </label>
          <select
            id={ids.payloadFormat}
            className="field__input"
            value={form.payloadFormat}
            onChange={(event) => change({ payloadFormat: event.target.value })}
          >
            {formats.map((format) => {
              const key = payloadFormatKey(format);
              return (
                <option key={format} value={format}>
                  {key ? t(key) : format}
                </option>
              );
            })}
          </select>
        </div>
      )}
      <fieldset className="check-grid">
        <legend>{t('webhook.field_event_types')}</legend>
        {eventTypes.map((type) => {
          const key = eventTypeKey(type);
          return (
            <Checkbox
              key={type}
              label={key ? t(key) : type}
              checked={form.eventTypes.includes(type)}
              onChange={(checked) => toggleEvent(type, checked)}
            />
          );
        })}
      </fieldset>
      {form.eventTypes.length === 0 && (
        <span className="field__error">{t('webhook.event_type_required')}</span>
      )}
      <TextField
        label={t('webhook.field_url')}
        value={form.address}
        error={shownProblem === 'webhook.url_required' ? t(shownProblem) : null}
        hint={form.notifyType === 'http' ? t('webhook.url_hint') : undefined}
        onChange={(address) => change({ address })}
      />
      {form.notifyType === 'http' && (
        <div className="field">
          <label className="field__label" htmlFor={ids.authHeader}>
            {t('webhook.field_auth_header')}
          </label>
          <input
            id={ids.authHeader}
            className="field__input"
            value={form.authHeader}
            autoComplete="off"
            disabled={form.clearAuthHeader}
            placeholder={editing ? t('webhook.auth_header_keep') : undefined}
            onChange={(event) => change({ authHeader: event.target.value })}
          />
          <span className="field__hint">
            {t('webhook.auth_header_hint')}
            {editing ? ` ${t('webhook.auth_header_keep_hint')}` : ''}
          </span>
          {editing && (
            <Checkbox
              label={t('webhook.clear_auth_header')}
              checked={form.clearAuthHeader}
              onChange={(clearAuthHeader) => change({ clearAuthHeader, authHeader: '' })}
            />
          )}
        </div>
      )}
      <div className="field">
        <Checkbox
          label={t('webhook.verify_cert')}
          checked={form.verifyCert}
          onChange={(verifyCert) => change({ verifyCert })}
        />
        <span className="field__hint">{t('webhook.verify_cert_hint')}</span>
      </div>
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
    </Dialog>
  );
}
