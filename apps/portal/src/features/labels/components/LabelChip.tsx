import type { ReactNode } from 'react';
import type { Label } from '../api';

/** A label in its colour; `children` (e.g. a remove button) goes inside the chip. */
export function LabelChip({
  label,
  children,
}: {
  label: Pick<Label, 'name' | 'color'>;
  children?: ReactNode;
}) {
  return (
    <span className="badge" style={{ background: label.color || '#555555', color: '#fff' }}>
      {label.name}
      {children}
    </span>
  );
}
