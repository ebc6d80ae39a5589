import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { RuleSelectors } from '../../../components/RuleSelectors';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { ImmutableRule } from '../api';
import { useCreateImmutableRule, useUpdateImmutableRule, type RuleProject } from '../queries';
import { DEFAULT_RULE_FORM, formOf, isUnchanged, ruleBody, ruleProblem, type RuleForm } from '../rules';

interface ImmutableRuleDialogProps {
  project: RuleProject;
  /** The rule being edited; a new rule when absent. */
  editing?: ImmutableRule;
  /** The rules already listed, so a duplicate is told before it is sent. */
  rules: ImmutableRule[];
  onClose: () => void;
}

/** Harbor's Add / Edit Tag Immutability Rule: repositories and tags, each matching or excluding a pattern. */
export function ImmutableRuleDialog({ project, editing, rules, onClose }: ImmutableRuleDialogProps) {
  const { t } = useI18n();
  const [form, setForm] = useState<RuleForm>(() => (editing ? formOf(editing) : DEFAULT_RULE_FORM));
  const [submitted, setSubmitted] = useState(false);
  const create = useCreateImmutableRule(project);
  const update = useUpdateImmutableRule(project);
  const save = editing ? update : create;
  const problem = ruleProblem(form, rules, editing);
  const change = (next: Partial<RuleForm>) => {
    setForm((current) => ({ ...current, ...next }));
    save.reset();
  };

  return (
    <Dialog
      open
      wide
      title={editing ? t('immutable.edit_title') : t('immutable.add_title')}
      onClose={onClose}
      submitLabel={editing ? t('app.save') : t('immutable.add_submit')}
      submitting={save.isPending}
      submitDisabled={isUnchanged(form, editing)}
      onSubmit={() => {
        setSubmitted(true);
        if (problem) return;
        if (editing) update.mutate({ ...editing, ...ruleBody(form, editing) }, { onSuccess: onClose });
        else create.mutate(ruleBody(form), { onSuccess: onClose });
      }}
    >
      <p className="field__hint">{t('immutable.subtitle')}</p>
      <RuleSelectors messages="immutable" value={form} onChange={change} autoFocus />
      {submitted && problem && (
        <span className="field__error" role="alert">
          {t(problem)}
        </span>
      )}
      {save.isError && <Alert>{errorMessage(save.error, t)}</Alert>}
    </Dialog>
  );
}
