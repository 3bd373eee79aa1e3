// Global test setup. Real-server fixtures (Dovecot) are started here once per run.
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
