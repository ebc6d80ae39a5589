import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Checkbox } from '../../../components/Checkbox';
import { Dialog } from '../../../components/Dialog';
import { RuleSelectors } from '../../../components/RuleSelectors';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { RetentionMetadata, RetentionPolicy } from '../api';
import { useSaveRetentionPolicy } from '../queries';
import {
  addedRule,
  DEFAULT_RULE_FORM,
  DEFAULT_TEMPLATES,
  formOf,
  replacedRule,
  ruleBody,
  ruleProblem,
  sameRule,
  templateOption,
  templateParam,
  unitKey,
  type RuleForm,
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
  const ids = { template: useId(), param: useId() };
  const editing = editingIndex === undefined ? undefined : policy.rules[editingIndex];
  const [form, setForm] = useState<RuleForm>(() => (editing ? formOf(editing) : DEFAULT_RULE_FORM));
  const [submitted, setSubmitted] = useState(false);
  const save = useSaveRetentionPolicy(policyId);
  const problem = ruleProblem(form, policy.rules, metadata, editingIndex);
  const param = templateParam(form.template, metadata);
  const templates = metadata?.templates?.length
    ? metadata.templates.map((item) => ({ id: item.rule_template ?? '', text: item.display_text }))
    : DEFAULT_TEMPLATES.map((id) => ({ id, text: undefined }));
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
      <RuleSelectors
        messages="retention"
        value={form}
        onChange={change}
        repositoryDecorations={metadata?.scope_selectors?.[0]?.decorations}
        tagDecorations={metadata?.tag_selectors?.[0]?.decorations}
        tagExtra={
          <Checkbox
            label={t('retention.untagged')}
            checked={form.untagged}
            onChange={(untagged) => change({ untagged })}
          />
        }
      >
        <div className="retention-rule__row">
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
      </RuleSelectors>
      {submitted && problem && (
        <span className="field__error" role="alert">
          {t(problem)}
        </span>
      )}
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
    </Dialog>
  );
}
