import { useI18n } from '../../../i18n/I18nProvider';
import { useProjectContext } from '../../projects/components/ProjectPage';
import { ImmutableRulesPanel } from './ImmutableRulesPanel';

/**
 * Policy › Tag Immutability (Harbor's `tag-strategy/immutable-tag`). Core lets project admins and
 * maintainers (and system admins) read and change the rules; anyone else meets the 403 page.
 */
export default function ProjectPolicyTab() {
  const { t } = useI18n();
  const { project, canMaintain } = useProjectContext();
  return (
    <section className="card immutable-policy" aria-labelledby="immutable-policy-title">
      <h2 id="immutable-policy-title" className="immutable-policy__title">
        {t('immutable.title')}
      </h2>
      <p className="field__hint">{t('immutable.intro')}</p>
      <ImmutableRulesPanel
        project={{ projectId: project.project_id, projectName: project.name }}
        canManage={canMaintain}
      />
    </section>
  );
}
