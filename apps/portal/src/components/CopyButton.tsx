import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { copyText } from '../lib/clipboard';

/** An icon button that copies `text`; the label says "Copied" for a moment afterwards. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="icon-btn"
      title={copied ? t('app.copied') : label}
      aria-label={copied ? t('app.copied') : label}
      onClick={() => {
        void copyText(text).then(() => setCopied(true));
      }}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
        {copied ? (
          <path fill="currentColor" d="m9 16.2-3.5-3.5L4 14.2l5 5 11-11-1.4-1.4z" />
        ) : (
          <path
            fill="currentColor"
            d="M16 1H4a2 2 0 0 0-2 2v14h2V3h12V1Zm3 4H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2Zm0 16H8V7h11v14Z"
          />
        )}
      </svg>
    </button>
  );
}

/** A command line with a copy button beside it (docker login / push / pull). */
export function CommandLine({ command, label }: { command: string; label: string }) {
  return (
    <div className="command">
      <code className="command__text">{command}</code>
      <CopyButton text={command} label={label} />
    </div>
  );
}
