import { CopyButton } from '../../../components/CopyButton';
import { Dialog } from '../../../components/Dialog';
import { useI18n } from '../../../i18n/I18nProvider';
import { downloadJson } from '../../../lib/clipboard';

/** The robot's secret, shown once (after creation or refresh) with copy and a JSON download. */
export function SecretDialog({
  robot,
  onClose,
}: {
  robot: { name: string; secret: string } | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <Dialog
      open={robot !== null}
      title={t('robots.secret_title')}
      onClose={onClose}
      wide
      actions={
        <>
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() =>
              robot && downloadJson(`${robot.name}.json`, { name: robot.name, secret: robot.secret })
            }
          >
            {t('robots.export')}
          </button>
          <button type="button" className="btn btn--primary" onClick={onClose}>
            {t('app.close')}
          </button>
        </>
      }
    >
      {robot && (
        <div className="secret">
          <p className="notice">{t('robots.secret_once')}</p>
          <div className="field">
            <span className="field__label">{t('robots.col_name')}</span>
            <div className="command">
              <code className="command__text" data-testid="robot-name">
                {robot.name}
              </code>
              <CopyButton text={robot.name} label={t('robots.copy_name')} />
            </div>
          </div>
          <div className="field">
            <span className="field__label">{t('robots.secret')}</span>
            <div className="command">
              <code className="command__text" data-testid="robot-secret">
                {robot.secret}
              </code>
              <CopyButton text={robot.secret} label={t('robots.copy_secret')} />
            </div>
          </div>
        </div>
      )}
    </Dialog>
  );
}
