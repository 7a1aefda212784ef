/**
 * Screen tests of the resources view: the blessed-contrib capacity panel
 * (CPU / memory donuts and per-cluster totals) above the per-host table, as a
 * person sees it in a headless xterm.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HostReport } from '../../src/core/model/resources.js';
import { startHarness, type Harness } from './support/dashboard-harness.js';

const GiB = 1024;
let h: Harness | undefined;
afterEach(() => {
  h?.stop();
  h = undefined;
});

function host(hostname: string, total: [number, number], allocated: [number, number], active = true): HostReport {
  return { nativeId: hostname, hostname, active, total: { cpus: total[0], memMb: total[1] * GiB, diskMb: 0 }, allocated: { cpus: allocated[0], memMb: allocated[1] * GiB, diskMb: 0 }, updatedAt: 0 };
}

/** Reports hosts through the real store, as a backend's host events would. */
async function withHosts(harness: Harness): Promise<void> {
  const at = harness.clock.now();
  for (const report of [host('e-1', [16, 64], [4, 16]), host('e-2', [16, 64], [12, 40]), host('e-3', [16, 64], [0, 0], false)]) harness.world.store.apply('east-mem', { type: 'host-upserted', at, host: report });
  harness.world.store.apply('west-mem', { type: 'host-upserted', at, host: host('w-1', [32, 128], [30, 120]) });
  await harness.tick();
}

describe('resources view', () => {
  it('shows CPU and memory donuts for all clusters, a totals line per cluster, the fullest hosts, and the host table below', async () => {
    h = await startHarness({ cols: 140, rows: 40 });
    await withHosts(h);
    await h.term.press(':', ...'resources', 'enter');
    const screen = await h.term.waitFor('allocated · all clusters');
    expect(screen).toContain('resources (4 hosts, 1 inactive · CPU 72% of 64 · MEM 69% of 256 GiB)');
    const lines = h.term.lines();
    // Both donuts' centres on one row: the percentage framed by braille ring dots.
    const donutRow = lines.findIndex((l) => /[⠀-⣿]72%[⠀-⣿].*[⠀-⣿]69%[⠀-⣿]/.test(l));
    expect(donutRow).toBeGreaterThan(2);
    expect(screen).toMatch(/CPU 46\/64 cpu\s+MEM 176\/256 GiB/);
    expect(screen).toMatch(/east\s+CPU\s+50% 16\/32 cpu\s+MEM\s+44% 56\/128 GiB\s+3 hosts, 1 inactive/);
    expect(screen).toMatch(/west\s+CPU\s+94% 30\/32 cpu\s+MEM\s+94% 120\/128 GiB\s+1 host/);
    const fullest = lines.findIndex((l) => l.includes('fullest hosts'));
    expect(lines[fullest + 1]).toMatch(/│\s+w-1\s+west\s+94%\s+cpu 94% · mem 94%/);
    expect(lines[fullest + 2]).toMatch(/│\s+e-2\s+east\s+75%/);
    expect(h.term.colorOf(' 94% 30/32')).toBe(1);
    const header = lines.findIndex((l) => /^HOST\s+CPU\s+ALLOCATED\s+MEMORY\s+ALLOCATED/.test(l));
    expect(header).toBeGreaterThan(donutRow);
    expect(lines.slice(header).join('\n')).toMatch(/✔ e-2\s+████████░░ 12\/16 cpu 75%/);
    expect(lines.slice(header).join('\n')).toContain('✖ e-3 (inactive)');
  });

  it('follows the cluster scope and the filter, and leaves other views and the help overlay uncluttered by the panel', async () => {
    h = await startHarness({ cols: 140, rows: 40 });
    await withHosts(h);
    await h.term.press(':', ...'resources', 'enter');
    await h.term.press(':', ...'cluster west', 'enter');
    let screen = await h.term.waitFor('allocated · cluster west');
    expect(screen).toMatch(/CPU 30\/32 cpu\s+MEM 120\/128 GiB/);
    expect(screen).not.toContain('e-1');
    await h.term.press(':', ...'cluster', 'enter', '/', ...'e-1', 'enter');
    screen = await h.term.waitFor('allocated · cluster east');
    expect(screen).toMatch(/CPU 4\/16 cpu\s+MEM 16\/64 GiB/);
    await h.term.press('?');
    screen = await h.term.waitFor('NAVIGATION');
    // The help overlay is drawn over the panel, not under it.
    expect(screen).toContain('  j / k, ↓ / ↑     move            g / G       first / last');
    expect(screen).toContain('  :services :plans :alerts :oncall :audit :resources :approvals');
    await h.term.press('escape', 'escape', ':', ...'services', 'enter');
    screen = await h.term.waitFor('services (6)');
    expect(screen).not.toContain('allocated ·');
    expect(screen).not.toMatch(/[⠀-⣿]/);
  });

  it('drops the panel on a narrow screen but keeps the totals in the title', async () => {
    h = await startHarness({ cols: 70, rows: 30 });
    await withHosts(h);
    await h.term.press(':', ...'resources', 'enter');
    const screen = await h.term.waitFor('resources (4 hosts');
    expect(screen).not.toContain('allocated ·');
    expect(screen).toContain('e-1');
    h.term.resize(140, 40);
    await h.tick();
    expect(await h.term.waitFor('allocated · all clusters')).toContain('e-1');
  });
});
