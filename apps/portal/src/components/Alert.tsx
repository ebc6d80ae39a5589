import type { ReactNode } from 'react';

/** role="alert" so screen readers announce errors as they appear. */
export function Alert({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="alert" role="alert">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="alert__icon">
        <path fill="currentColor" d="M12 2 1 21h22L12 2Zm1 15h-2v-2h2v2Zm0-4h-2V9h2v4Z" />
      </svg>
      <span className="alert__text">{children}</span>
      {action}
    </div>
  );
}
