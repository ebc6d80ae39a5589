import { useId } from 'react';

/** A labelled input with its error (or, without one, a hint) below it. */
export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  type = 'text',
  autoFocus,
  autoComplete,
  list,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: string;
  type?: string;
  autoFocus?: boolean;
  autoComplete?: string;
  /** id of a <datalist> with suggestions. */
  list?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type={type}
        className="field__input"
        value={value}
        list={list}
        autoFocus={autoFocus}
        autoComplete={autoComplete ?? (type === 'password' ? 'new-password' : 'off')}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <span className="field__error">{error}</span>
      ) : (
        hint && <span className="field__hint">{hint}</span>
      )}
    </div>
  );
}
