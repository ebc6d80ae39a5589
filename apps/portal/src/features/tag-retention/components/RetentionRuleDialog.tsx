import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { Dialog } from '../../../components/Dialog';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { RetentionMetadata, RetentionPolicy } from '../api';
import { useSaveRetentionPolicy } from '../queries';
import {
  addedRule,
  decorationKey,
  DEFAULT_RULE_FORM,
  DEFAULT_TEMPLATES,
  formOf,
  replacedRule,
  REPOSITORY_DECORATIONS,
  ruleBody,
  ruleProblem,
  sameRule,
  TAG_DECORATIONS,
  templateOption,
  templateParam,
  unitKey,
  type RepositoryDecoration,
  type RuleForm,
  type TagDecoration,
} from '../rules';

interface RetentionRuleDialogProps {
  /** The policy the rule goes into; created with it when `policyId` is absent. */
  policy: RetentionPolicy;
  policyId: number | undefined;
  metadata: RetentionMetadata | undefined;
  /** The index of the rule being edited; a new rule when absent. */
  editingIndex?: number;
  onClose: () => void;
}

/**
 * Harbor's Add / Edit Tag Retention Rule: the repositories (matching or excluding a pattern), what to retain
 * (a template and its count or days), and the tags (matching or excluding, untagged artifacts or not).
 */
export function RetentionRuleDialog({
  policy,
  policyId,
  metadata,
  editingIndex,
  onClose,
}: RetentionRuleDialogProps) {
  const { t } = useI18n();
  const ids = {
    repoDecoration: useId(),
    repositories: useId(),
    template: useId(),
    param: useId(),
    tagDecoration: useId(),
    tags: useId(),
  };
  const editing = editingIndex === undefined ? undefined : policy.rules[editingIndex];
  const [form, setForm] = useState<RuleForm>(() => (editing ? formOf(editing) : DEFAULT_RULE_FORM));
  const [submitted, setSubmitted] = useState(false);
  const save = useSaveRetentionPolicy(policyId);
  const problem = ruleProblem(form, policy.rules, metadata, editingIndex);
  const param = templateParam(form.template, metadata);
  const templates = metadata?.templates?.length
    ? metadata.templates.map((item) => ({ id: item.rule_template ?? '', text: item.display_text }))
    : DEFAULT_TEMPLATES.map((id) => ({ id, text: undefined }));
  const repoDecorations = metadata?.scope_selectors?.[0]?.decorations ?? [...REPOSITORY_DECORATIONS];
  const tagDecorations = metadata?.tag_selectors?.[0]?.decorations ?? [...TAG_DECORATIONS];
  const unchanged = editing !== undefined && !problem && sameRule(ruleBody(form, metadata, editing), editing);
  const change = (next: Partial<RuleForm>) => {
    setForm((current) => ({ ...current, ...next }));
    save.reset();
  };

  return (
    <Dialog
      open
      wide
      title={editing ? t('retention.edit_title') : t('retention.add_title')}
      onClose={onClose}
      submitLabel={editing ? t('app.save') : t('retention.add_submit')}
      submitting={save.isPending}
      submitDisabled={unchanged}
      onSubmit={() => {
        setSubmitted(true);
        if (problem) return;
        const rule = ruleBody(form, metadata, editing);
        const next =
          editingIndex === undefined ? addedRule(policy, rule) : replacedRule(policy, editingIndex, rule);
        save.mutate(next, { onSuccess: onClose });
      }}
    >
      <p className="field__hint">{t('retention.subtitle')}</p>
      <fieldset className="retention-fieldset">
        <legend className="field__label">{t('retention.repositories')}</legend>
        <div className="retention-fieldset__row">
          <label className="visually-hidden" htmlFor={ids.repoDecoration}>
            {t('retention.repositories_decoration')}
          </label>
          <select
            id={ids.repoDecoration}
            value={form.repositoryDecoration}
            onChange={(event) => change({ repositoryDecoration: event.target.value as RepositoryDecoration })}
          >
            {repoDecorations.map((decoration) => (
              <option key={decoration} value={decoration}>
                {t(decorationKey(decoration))}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor={ids.repositories}>
            {t('retention.repositories_pattern')}
          </label>
          <input
            id={ids.repositories}
            className="field__input mono"
            value={form.repositories}
            autoComplete="off"
            onChange={(event) => change({ repositories: event.target.value })}
          />
        </div>
        <span className="field__hint">{t('retention.repositories_hint')}</span>
      </fieldset>
      <div className="retention-fieldset__row">
        <div className="field retention-template">
          <label className="field__label" htmlFor={ids.template}>
            {t('retention.by_what')}
          </label>
          <select
            id={ids.template}
            className="field__input"
            value={form.template}
            autoFocus
            onChange={(event) => change({ template: event.target.value })}
          >
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {templateOption(template.id, t, template.text)}
              </option>
            ))}
          </select>
        </div>
        {param && (
          <div className="field retention-param">
            <label className="field__label" htmlFor={ids.param}>
              {t(unitKey(param.unit))}
            </label>
            <input
              id={ids.param}
              className="field__input"
              inputMode="numeric"
              value={form.param}
              autoComplete="off"
              onChange={(event) => change({ param: event.target.value })}
            />
          </div>
        )}
      </div>
      <fieldset className="retention-fieldset">
        <legend className="field__label">{t('retention.tags')}</legend>
        <div className="retention-fieldset__row">
          <label className="visually-hidden" htmlFor={ids.tagDecoration}>
            {t('retention.tags_decoration')}
          </label>
          <select
            id={ids.tagDecoration}
            value={form.tagDecoration}
            onChange={(event) => change({ tagDecoration: event.target.value as TagDecoration })}
          >
            {tagDecorations.map((decoration) => (
              <option key={decoration} value={decoration}>
                {t(decorationKey(decoration))}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor={ids.tags}>
            {t('retention.tags_pattern')}
          </label>
          <input
            id={ids.tags}
            className="field__input mono"
            value={form.tags}
            autoComplete="off"
            onChange={(event) => change({ tags: event.target.value })}
          />
          <Checkbox
            label={t('retention.untagged')}
            checked={form.untagged}
            onChange={(untagged) => change({ untagged })}
          />
        </div>
        <span className="field__hint">{t('retention.tags_hint')}</span>
      </fieldset>
      {submitted && problem && (
        <span className="field__error" role="alert">
          {t(problem)}
        </span>
      )}
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
    </Dialog>
  );
}
