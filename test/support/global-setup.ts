/**
 * Vitest global setup: nothing shared yet beyond a marker; suites that need a
 * real Docker daemon start their own through test/support helpers.
 */
export default function setup(): void {
  process.env.OPSDECK_TEST = '1';
}
