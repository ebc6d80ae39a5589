import './Spinner.css';

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner" role={label ? 'status' : undefined} aria-label={label}>
      <span className="spinner__ring" aria-hidden="true" />
    </span>
  );
}

/** Full-area placeholder while a lazy route or the session check is loading. */
export function PageLoader({ label }: { label: string }) {
  return (
    <div className="page-loader">
      <Spinner label={label} />
    </div>
  );
}
