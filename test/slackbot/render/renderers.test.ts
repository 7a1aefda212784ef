/**
 * Pure Block Kit renderers on fixtures: the page card's content and states,
 * and every renderer staying inside Slack's limits on oversized input.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { StateStore } from '../../../src/core/state/store.js';
import { decodeButtonValue } from '../../../src/slackbot/action-value.js';
import type { Page } from '../../../src/slackbot/ports.js';
import { renderAppHome } from '../../../src/slackbot/render/app-home.js';
import { renderApprovalCard } from '../../../src/slackbot/render/approval-card.js';
import { LIMITS, limitBlocks, truncate, type Block } from '../../../src/slackbot/render/block-limits.js';
import { describeCommand, renderConfirmationPrompt } from '../../../src/slackbot/render/command-replies.js';
import { renderTypedConfirmModal } from '../../../src/slackbot/render/modals.js';
import { renderPageCard } from '../../../src/slackbot/render/page-card.js';
import { renderAlerts, renderStatusOverview } from '../../../src/slackbot/render/status-replies.js';
import { checkBlocks } from '../../support/slack-peer/web-api-server.js';
import { buttonsOf } from '../../support/slack-peer/payloads.js';
import { paymentsPage } from '../support/bot-harness.js';
import { fixtureCluster } from '../support/cluster-fixture.js';

function withinLimits(blocks: Block[], max: number): void {
  expect(blocks.length).toBeLessThanOrEqual(max);
  expect(checkBlocks(blocks, max)).toBeUndefined();
  for (const button of buttonsOf({ blocks })) {
    expect(button.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    expect((button.value ?? '').length).toBeLessThanOrEqual(LIMITS.buttonValue);
  }
}

const huge = (n: number): string => 'x'.repeat(n);

function hugePage(): Page {
  return paymentsPage({
    title: huge(500),
    service: huge(5000),
    health: { status: 'UNHEALTHY', reason: huge(5000) },
    recentEvents: Array.from({ length: 200 }, (_, i) => ({ at: i * 1000, text: `event ${i} ${huge(400)}` })),
    nightPolicyTried: Array.from({ length: 100 }, (_, i) => `try ${i} ${huge(300)}`),
    remediations: Array.from({ length: 40 }, (_, i) => ({ kind: 'restart' as const, label: `Restart ${huge(200)} ${i}`, target: { service: `svc-${i}` }, guard: 'confirm' as const })),
    runbookUrl: `https://x.example/${huge(4000)}`,
  });
}

describe('renderPageCard', () => {
  it('shows what broke, health, events, what the night policy tried, and the buttons', () => {
    const card = renderPageCard(paymentsPage());
    const text = JSON.stringify(card.blocks);
    for (const expected of ['payments tasks failing', 'DEGRADED — 1/3 healthy', 'OOMKilled', 'Already tried by the night policy', 'restarted task payments.2']) expect(text).toContain(expected);
    expect(buttonsOf(card).map((b) => b.text)).toEqual(['Acknowledge', 'Resolve', 'Silence…', 'Restart payments', 'Kill payments.2…', 'Roll back payments', 'Runbook']);
    expect(card.text).toBe('CRITICAL: payments tasks failing — payments');
  });

  it('guards remediation buttons: native confirm for simple ones, none (a modal follows) for typed-name ones', () => {
    const buttons = buttonsOf(renderPageCard(paymentsPage()));
    expect(buttons.find((b) => b.text === 'Restart payments')?.confirm).toBeDefined();
    expect(buttons.find((b) => b.text === 'Kill payments.2…')?.confirm).toBeUndefined();
    expect(decodeButtonValue(buttons.find((b) => b.text === 'Restart payments')?.value)).toEqual({ t: 'cmd', k: 'restart', tg: { service: 'payments' }, ar: {}, g: 'confirm', al: 'a-1', pg: 'page-a-1-1' });
  });

  it('drops the Acknowledge button once acknowledged and every button once resolved, keeping the history', () => {
    const acked = renderPageCard(paymentsPage(), { acknowledgedBy: '<@UBOB>', history: ['acked'] });
    expect(buttonsOf(acked).map((b) => b.text)).not.toContain('Acknowledge');
    const resolved = renderPageCard(paymentsPage(), { acknowledgedBy: '<@UBOB>', closed: { state: 'resolved', by: '<@UALICE>' }, history: ['acked', 'resolved'] });
    expect(buttonsOf(resolved)).toEqual([]);
    expect(JSON.stringify(resolved.blocks)).toContain('Resolved* by <@UALICE>');
    expect(resolved.text.startsWith('[resolved]')).toBe(true);
  });

  it('stays within Block Kit limits on absurd input', () => {
    const card = renderPageCard(hugePage(), { history: Array.from({ length: 100 }, () => huge(4000)) });
    withinLimits(card.blocks, LIMITS.messageBlocks);
    expect(buttonsOf(card).some((b) => b.text === 'Runbook')).toBe(false);
  });
});

describe('other renderers stay within limits', () => {
  it('status overview with 3000 services', () => {
    const clock = new FakeClock(0);
    const store = new StateStore({ clock, publish: 'manual' });
    store.registerBackend({ id: 'b', kind: 'memory', cluster: 'c', freshnessBoundMs: 1000 });
    store.apply('b', { type: 'connected', at: 0 });
    const services = Array.from({ length: 3000 }, (_, i) => ({
      nativeId: `svc-${i}-${huge(100)}`, cluster: 'c', tenant: 't', name: `svc-${i}`, kind: 'other' as const, desired: 2, running: 2, healthy: i % 3,
      health: { status: i % 7 === 0 ? ('UNHEALTHY' as const) : ('HEALTHY' as const), reason: huge(50) }, labels: {}, stateful: false, actions: [], updatedAt: 0,
    }));
    store.apply('b', { type: 'snapshot', at: 0, snapshot: { services, tasks: [], plans: [], hosts: [] } });
    const overview = renderStatusOverview(store);
    withinLimits(overview.blocks, LIMITS.messageBlocks);
    expect(JSON.stringify(overview.blocks)).toContain('UNHEALTHY');
    const home = renderAppHome({ onCall: [], myAlerts: [], view: store, known: true, generatedAt: 0 });
    withinLimits(home.blocks as Block[], LIMITS.viewBlocks);
  });

  it('alerts, approval card, confirmation prompt and typed-name modal', () => {
    const alerts = Array.from({ length: 500 }, (_, i) => ({ id: `a-${i}`, title: huge(300), severity: 'warning' as const, state: 'firing' as const, since: 0 }));
    withinLimits(renderAlerts(alerts).blocks, LIMITS.messageBlocks);
    withinLimits(renderApprovalCard({ requestId: 'r', description: huge(4000), requestedBy: '<@U1>', reason: huge(4000), preview: Array.from({ length: 300 }, () => huge(200)) }).blocks, LIMITS.messageBlocks);
    const value = { t: 'cmd' as const, k: 'scale' as const, tg: { service: 'payments' }, ar: { instances: 5 }, g: 'confirm' as const };
    const prompt = renderConfirmationPrompt(value, { status: 'needs-confirmation', level: 'confirm', preview: Array.from({ length: 300 }, () => huge(100)) });
    withinLimits(prompt.blocks, LIMITS.messageBlocks);
    expect(buttonsOf(prompt)[0]?.text).toBe('Confirm: scale payments to 5');
    const modal = renderTypedConfirmModal({ ...value, k: 'kill-task', tg: { task: 'payments.2' } }, {}, ['kill it']);
    withinLimits(modal.blocks as Block[], LIMITS.viewBlocks);
    expect(modal.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect(JSON.stringify(modal.blocks)).toContain('Type \\"payments.2\\" to confirm');
  });

  it('describes commands the way a person says them', () => {
    expect(describeCommand('plan-restart-step', { service: 'kafka', step: 'kafka-0' })).toBe('restart step kafka-0 of plan deploy of kafka');
    expect(describeCommand('kill-task', { task: 't1' })).toBe('kill task t1');
  });

  it('truncates with an ellipsis and says how many blocks were left out', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    const kept = limitBlocks(Array.from({ length: 60 }, () => ({ type: 'divider' as const })), 50);
    expect(kept).toHaveLength(50);
    expect(JSON.stringify(kept[49])).toContain('and 11 more');
  });
});

describe('fixture cluster', () => {
  it('renders the fixture status with the degraded service first', () => {
    const overview = renderStatusOverview(fixtureCluster(new FakeClock(0)));
    const text = JSON.stringify(overview.blocks);
    expect(text.indexOf('payments')).toBeLessThan(text.indexOf('*web*'));
  });
});
