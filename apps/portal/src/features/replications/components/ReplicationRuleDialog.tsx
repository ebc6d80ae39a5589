import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { Dialog } from '../../../components/Dialog';
import { TextField } from '../../../components/TextField';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/locales';
import type { ReplicationPolicy } from '../api';
import { FLATTENING, formOf, newForm, policyBody, type PolicyForm, type TriggerType } from '../policy-form';
import { usePolicyChanges } from '../queries';

const FLATTENING_KEYS: Record<(typeof FLATTENING)[number], MessageKey> = {
  [-1]: 'replications.flatten_all',
  0: 'replications.flatten_none',
  1: 'replications.flatten_1',
  2: 'replications.flatten_2',
  3: 'replications.flatten_3',
};
const TRIGGER_KEYS: Record<TriggerType, MessageKey> = {
  manual: 'replications.trigger_manual',
  scheduled: 'replications.trigger_scheduled',
  event_based: 'replications.trigger_event',
};

interface Props {
  /** The registries a rule may name as its remote side. */
  registries: { id: number; name: string; url: string }[];
  editing?: ReplicationPolicy;
  onClose: () => void;
}

/**
 * Harbor's New / Edit Replication Rule: name, mode (push to or pull from a registry), source resource
 * filters, destination namespace and flattening, trigger (manual, scheduled with a 6-field cron, event
 * based for push rules), bandwidth and the override / enable / chunk / deletion switches. Core checks the
 * rule and answers in Harbor's words, shown here.
 */
export function ReplicationRuleDialog({ registries, editing, onClose }: Props) {
  const { t } = useI18n();
  const ids = {
    mode: useId(),
    remote: useId(),
    tagDeco: useId(),
    labelDeco: useId(),
    resource: useId(),
    flatten: useId(),
    trigger: useId(),
  };
  const [form, setForm] = useState<PolicyForm>(() =>
    editing ? formOf(editing) : newForm(registries[0]?.id ?? 0),
  );
  const { create, update } = usePolicyChanges();
  const save = editing ? update : create;
  const change = (next: Partial<PolicyForm>) => {
    setForm((current) => ({ ...current, ...next }));
    save.reset();
  };
  const select = <V extends string | number>(
    htmlId: string,
    label: string,
    value: V,
    options: { value: V; label: string }[],
    onChange: (value: V) => void,
  ) => (
    <div className="field">
      <label className="field__label" htmlFor={htmlId}>
        {label}
      </label>
      <select
        id={htmlId}
        className="field__input"
        value={String(value)}
        onChange={(event) =>
          onChange(options.find((option) => String(option.value) === event.target.value)!.value)
        }
      >
        {options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
  const decorationLabel = (filter: string) =>
    `${filter}: ${t('replications.matches')} / ${t('replications.excludes')}`;
  const decorations = [
    { value: 'matches' as const, label: t('replications.matches') },
    { value: 'excludes' as const, label: t('replications.excludes') },
  ];
  const triggers: TriggerType[] =
    form.mode === 'push' ? ['manual', 'scheduled', 'event_based'] : ['manual', 'scheduled'];
  const submit = () => {
    const input = policyBody(form);
    if (editing) update.mutate({ id: editing.id, input }, { onSuccess: onClose });
    else create.mutate(input, { onSuccess: onClose });
  };
  return (
    <Dialog
      open
      wide
      title={editing ? t('replications.edit_title') : t('replications.new')}
      onClose={onClose}
      submitLabel={t('app.save')}
      submitting={save.isPending}
      submitDisabled={!form.name || !form.remoteId}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <TextField
        label={t('replications.name')}
        value={form.name}
        onChange={(name) => change({ name })}
        autoFocus
      />
      <TextField
        label={t('replications.description')}
        value={form.description}
        onChange={(description) => change({ description })}
      />
      {select(
        ids.mode,
        t('replications.mode'),
        form.mode,
        [
          { value: 'push', label: t('replications.push_based') },
          { value: 'pull', label: t('replications.pull_based') },
        ],
        (mode) =>
          change({
            mode,
            trigger: mode === 'pull' && form.trigger === 'event_based' ? 'manual' : form.trigger,
          }),
      )}
      {registries.length === 0 && <Alert>{t('replications.no_endpoint')}</Alert>}
      {select(
        ids.remote,
        form.mode === 'push' ? t('replications.dest_registry') : t('replications.src_registry'),
        form.remoteId,
        registries.map((registry) => ({ value: registry.id, label: `${registry.name}-${registry.url}` })),
        (remoteId) => change({ remoteId }),
      )}
      <fieldset className="check-grid">
        <legend className="field__label">{t('replications.source_filter')}</legend>
        <TextField
          label={t('replications.filter_name')}
          value={form.nameFilter}
          hint="library/**"
          onChange={(nameFilter) => change({ nameFilter })}
        />
        <TextField
          label={t('replications.filter_tag')}
          value={form.tagFilter}
          onChange={(tagFilter) => change({ tagFilter })}
        />
        {select(
          ids.tagDeco,
          decorationLabel(t('replications.filter_tag')),
          form.tagDecoration,
          decorations,
          (tagDecoration) => change({ tagDecoration }),
        )}
        <TextField
          label={t('replications.filter_label')}
          value={form.labelFilter}
          onChange={(labelFilter) => change({ labelFilter })}
        />
        {select(
          ids.labelDeco,
          decorationLabel(t('replications.filter_label')),
          form.labelDecoration,
          decorations,
          (labelDecoration) => change({ labelDecoration }),
        )}
        {select(
          ids.resource,
          t('replications.filter_resource'),
          form.resource,
          [
            { value: '' as const, label: t('replications.all') },
            { value: 'image' as const, label: 'image' },
            { value: 'artifact' as const, label: 'artifact' },
          ],
          (resource) => change({ resource }),
        )}
      </fieldset>
      <TextField
        label={t('replications.dest_namespace')}
        value={form.destNamespace}
        onChange={(destNamespace) => change({ destNamespace })}
      />
      {select(
        ids.flatten,
        t('replications.flattening'),
        form.replaceCount,
        FLATTENING.map((count) => ({ value: count as number, label: t(FLATTENING_KEYS[count]) })),
        (replaceCount) => change({ replaceCount }),
      )}
      {select(
        ids.trigger,
        t('replications.trigger_mode'),
        form.trigger,
        triggers.map((trigger) => ({ value: trigger, label: t(TRIGGER_KEYS[trigger]) })),
        (trigger) => change({ trigger }),
      )}
      {form.trigger === 'scheduled' && (
        <TextField
          label={t('replications.cron')}
          value={form.cron}
          hint={t('replications.cron_hint')}
          onChange={(cron) => change({ cron })}
        />
      )}
      {form.mode === 'push' && form.trigger === 'event_based' && (
        <Checkbox
          label={t('replications.delete_remote')}
          checked={form.deletion}
          onChange={(deletion) => change({ deletion })}
        />
      )}
      <TextField
        label={t('replications.bandwidth')}
        type="number"
        value={String(form.speed)}
        hint={t('replications.bandwidth_hint')}
        onChange={(speed) => change({ speed: Number.parseInt(speed, 10) || -1 })}
      />
      <Checkbox
        label={t('replications.override')}
        checked={form.override}
        onChange={(override) => change({ override })}
      />
      <Checkbox
        label={t('replications.enable_rule')}
        checked={form.enabled}
        onChange={(enabled) => change({ enabled })}
      />
      <Checkbox
        label={t('replications.copy_by_chunk')}
        checked={form.copyByChunk}
        onChange={(copyByChunk) => change({ copyByChunk })}
      />
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
    </Dialog>
  );
}
