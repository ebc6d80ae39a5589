/**
 * Harbor lists an execution's tasks newest first: its task model's default sort is start_time
 * DESC, then id DESC (goharbor/harbor#14433). Tasks not started yet have no start time and come
 * last, as Harbor's zero time does.
 */
export function harborTaskOrder(alias?: string): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `${column('start_time')} DESC NULLS LAST, ${column('id')} DESC`;
}
