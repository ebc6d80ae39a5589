import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { Logo } from '../../../components/Logo';
import { Spinner } from '../../../components/Spinner';
import { errorMessage } from '../../../i18n/error-messages';
import { useI18n } from '../../../i18n/I18nProvider';
import { systemInfoQuery } from '../queries';
import './AboutDialog.css';

/** A native <dialog>: the browser provides the focus trap, Escape to close and the backdrop. */
export function AboutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  // Fetched only when opened: most sessions never look at the version.
  const info = useQuery({ ...systemInfoQuery(), enabled: open });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // jsdom and very old browsers lack showModal; the `open` attribute still shows the content there.
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  let version: ReactNode;
  if (info.isPending) version = <Spinner label={t('app.loading')} />;
  else if (info.isError) version = errorMessage(info.error, t);
  else version = info.data.harbor_version ?? t('about.version_unknown');

  return (
    <dialog ref={ref} className="about-dialog" aria-labelledby="about-title" onClose={onClose}>
      <div className="about-dialog__header">
        <Logo size={40} />
        <h2 id="about-title">{t('about.title')}</h2>
      </div>
      <p className="about-dialog__description">{t('about.description')}</p>
      <dl className="about-dialog__facts">
        <dt>{t('about.version')}</dt>
        <dd>{version}</dd>
      </dl>
      <form method="dialog" className="about-dialog__actions">
        <button type="submit" className="btn btn--primary" autoFocus>
          {t('app.close')}
        </button>
      </form>
    </dialog>
  );
}
