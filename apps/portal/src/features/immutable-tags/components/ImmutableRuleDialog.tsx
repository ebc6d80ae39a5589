import { useId, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog } from '../../../components/Dialog';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import type { ImmutableRule } from '../api';
import { useCreateImmutableRule, useUpdateImmutableRule, type RuleProject } from '../queries';
import {
  decorationKey,
  DEFAULT_RULE_FORM,
  formOf,
  isUnchanged,
  REPOSITORY_DECORATIONS,
  ruleBody,
  ruleProblem,
  TAG_DECORATIONS,
  type RepositoryDecoration,
  type RuleForm,
  type TagDecoration,
} from '../rules';

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
  const ids = { repoDecoration: useId(), repositories: useId(), tagDecoration: useId(), tags: useId() };
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
      <fieldset className="immutable-fieldset">
        <legend className="field__label">{t('immutable.repositories')}</legend>
        <div className="immutable-fieldset__row">
          <label className="visually-hidden" htmlFor={ids.repoDecoration}>
            {t('immutable.repositories_decoration')}
          </label>
          <select
            id={ids.repoDecoration}
            value={form.repositoryDecoration}
            onChange={(event) => change({ repositoryDecoration: event.target.value as RepositoryDecoration })}
          >
            {REPOSITORY_DECORATIONS.map((decoration) => (
              <option key={decoration} value={decoration}>
                {t(decorationKey(decoration))}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor={ids.repositories}>
            {t('immutable.repositories_pattern')}
          </label>
          <input
            id={ids.repositories}
            className="field__input mono"
            value={form.repositories}
            autoFocus
            autoComplete="off"
            onChange={(event) => change({ repositories: event.target.value })}
          />
        </div>
        <span className="field__hint">{t('immutable.repositories_hint')}</span>
      </fieldset>
      <fieldset className="immutable-fieldset">
        <legend className="field__label">{t('immutable.tags')}</legend>
        <div className="immutable-fieldset__row">
          <label className="visually-hidden" htmlFor={ids.tagDecoration}>
            {t('immutable.tags_decoration')}
          </label>
          <select
            id={ids.tagDecoration}
            value={form.tagDecoration}
            onChange={(event) => change({ tagDecoration: event.target.value as TagDecoration })}
          >
            {TAG_DECORATIONS.map((decoration) => (
              <option key={decoration} value={decoration}>
                {t(decorationKey(decoration))}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor={ids.tags}>
            {t('immutable.tags_pattern')}
          </label>
          <input
            id={ids.tags}
            className="field__input mono"
            value={form.tags}
            autoComplete="off"
            onChange={(event) => change({ tags: event.target.value })}
          />
        </div>
        <span className="field__hint">{t('immutable.tags_hint')}</span>
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
