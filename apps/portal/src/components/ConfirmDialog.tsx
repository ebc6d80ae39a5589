import { errorMessage } from '../i18n/error-messages';
import { useI18n } from '../i18n/I18nProvider';
import { Alert } from './Alert';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Are you sure?" for destructive actions; shows the API error in place when the action fails. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const { t } = useI18n();
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      onSubmit={onConfirm}
      submitLabel={confirmLabel}
      submitting={pending}
      danger
    >
      <p>{message}</p>
      {error ? <Alert>{errorMessage(error, t)}</Alert> : null}
    </Dialog>
  );
}
