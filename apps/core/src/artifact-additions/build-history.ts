type Json = Record<string, unknown>;

/** The OCI image config's history entry fields, in the order Harbor writes them. */
const HISTORY_FIELDS = ['created', 'created_by', 'author', 'comment', 'empty_layer'] as const;

/**
 * Harbor's build_history: the config's `history` as Harbor re-encodes it — the known fields only,
 * empty ones left out, and `null` when the config has no history.
 */
export function buildHistory(config: unknown): string {
  const history = (config as Json | null)?.history;
  if (!Array.isArray(history)) return 'null';
  const entries = history.map((entry: unknown) => {
    const out: Json = {};
    for (const field of HISTORY_FIELDS) {
      const value = (entry as Json | null)?.[field];
      if (value !== undefined && value !== null && value !== '' && value !== false) out[field] = value;
    }
    return out;
  });
  return JSON.stringify(entries);
}
