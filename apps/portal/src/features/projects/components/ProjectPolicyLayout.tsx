import { Navigate, NavLink, useOutlet } from 'react-router';
import { useI18n } from '../../../i18n/I18nProvider';
import { useProjectContext } from './ProjectPage';
import './project-policy.css';

/**
 * The project's Policy tab (Harbor's `tag-strategy`): a sub-nav between Tag Retention (project admins,
 * maintainers and developers, as in Harbor's RBAC) and Tag Immutability (project admins and maintainers),
 * each section its own route. The tab itself opens Tag Retention, as Harbor's does.
 */
export default function ProjectPolicyLayout() {
  const { t } = useI18n();
  const context = useProjectContext();
  const outlet = useOutlet(context);
  if (!outlet) return <Navigate to="tag-retention" replace />;
  const base = `/harbor/projects/${context.project.project_id}/tag-strategy`;
  return (
    <>
      {context.canPush && (
        <nav className="policy-nav" aria-label={t('policy.sections')}>
          <NavLink to={`${base}/tag-retention`} className="policy-nav__link">
            {t('policy.tag_retention')}
          </NavLink>
          {context.canMaintain && (
            <NavLink to={`${base}/immutable-tag`} className="policy-nav__link">
              {t('policy.tag_immutability')}
            </NavLink>
          )}
        </nav>
      )}
      {outlet}
    </>
  );
}
