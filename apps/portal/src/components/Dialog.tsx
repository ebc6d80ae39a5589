import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import './ui.css';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  /** When given, the body is a form and the primary button submits it. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  submitLabel?: string;
  submitting?: boolean;
  submitDisabled?: boolean;
  danger?: boolean;
  /** Replaces the default Cancel / submit buttons. */
  actions?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}

/** A modal on the native <dialog>: focus trap, Escape and backdrop come from the browser. */
export function Dialog({
  open,
  title,
  onClose,
  onSubmit,
  submitLabel,
  submitting,
  submitDisabled,
  danger,
  actions,
  children,
  wide,
}: DialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);

  const footer = actions ?? (
    <>
      <button type="button" className="btn btn--secondary" onClick={onClose}>
        {t('app.cancel')}
      </button>
      {onSubmit && (
        <button
          type="submit"
          className={danger ? 'btn btn--danger' : 'btn btn--primary'}
          disabled={submitting || submitDisabled}
        >
          {submitting ? t('app.working') : (submitLabel ?? t('app.ok'))}
        </button>
      )}
    </>
  );

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
    >
      {open && (
        <form
          className="dialog__form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit?.(event);
          }}
        >
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <div className="dialog__body">{children}</div>
          <div className="dialog__actions">{footer}</div>
        </form>
      )}
    </dialog>
  );
}
