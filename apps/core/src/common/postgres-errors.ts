/** Postgres error codes the API turns into Harbor statuses (23505 → 409). */
export function isUniqueViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string }; code?: string }) ?? {};
  return (driverError.driverError?.code ?? driverError.code) === '23505';
}

export function isForeignKeyViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string }; code?: string }) ?? {};
  return (driverError.driverError?.code ?? driverError.code) === '23503';
}
