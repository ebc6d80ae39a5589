import { useId, type ReactNode } from 'react';
import './SelectorFields.css';

export interface SelectorFieldsProps {
  /** The fieldset's legend ("For the repositories", "Tags"). */
  legend: string;
  /** Accessible names of the decoration select and the pattern input. */
  decorationLabel: string;
  patternLabel: string;
  hint: string;
  decorations: readonly string[];
  /** The word shown for a decoration ("matching", "excluding"). */
  decorationText: (decoration: string) => string;
  decoration: string;
  pattern: string;
  onDecorationChange: (decoration: string) => void;
  onPatternChange: (pattern: string) => void;
  autoFocus?: boolean;
  /** Shown at the end of the row (Tag Retention's "Untagged artifacts"). */
  children?: ReactNode;
}

/** One of Harbor's rule selectors: matching or excluding, then the pattern, as the rule dialogs show it. */
export function SelectorFields(props: SelectorFieldsProps) {
  const ids = { decoration: useId(), pattern: useId() };
  return (
    <fieldset className="selector-fieldset">
      <legend className="field__label">{props.legend}</legend>
      <div className="selector-fieldset__row">
        <label className="visually-hidden" htmlFor={ids.decoration}>
          {props.decorationLabel}
        </label>
        <select
          id={ids.decoration}
          value={props.decoration}
          onChange={(event) => props.onDecorationChange(event.target.value)}
        >
          {props.decorations.map((decoration) => (
            <option key={decoration} value={decoration}>
              {props.decorationText(decoration)}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={ids.pattern}>
          {props.patternLabel}
        </label>
        <input
          id={ids.pattern}
          className="field__input mono"
          value={props.pattern}
          autoFocus={props.autoFocus}
          autoComplete="off"
          onChange={(event) => props.onPatternChange(event.target.value)}
        />
        {props.children}
      </div>
      <span className="field__hint">{props.hint}</span>
    </fieldset>
  );
}
