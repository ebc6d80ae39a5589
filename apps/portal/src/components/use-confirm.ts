import { useState } from 'react';

/** The part of a TanStack mutation that a confirmation needs. */
interface ConfirmableMutation<V> {
  isPending: boolean;
  error: unknown;
  reset: () => void;
  mutate: (variables: V, options?: { onSuccess?: () => void }) => void;
}

/**
 * The item a destructive action waits to be confirmed for, and the ConfirmDialog props that run it: open while an
 * item is asked for; confirming runs the mutation and closes on success; closing forgets the item and the error.
 */
export function useConfirm<T, V>(mutation: ConfirmableMutation<V>, variables: (item: T) => V) {
  const [target, setTarget] = useState<T | null>(null);
  return {
    target,
    ask: setTarget,
    dialog: {
      open: target !== null,
      pending: mutation.isPending,
      error: mutation.error,
      onClose: () => {
        setTarget(null);
        mutation.reset();
      },
      onConfirm: () => {
        if (target !== null) mutation.mutate(variables(target), { onSuccess: () => setTarget(null) });
      },
    },
  };
}
