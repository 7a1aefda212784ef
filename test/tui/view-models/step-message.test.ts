import { describe, expect, it } from 'vitest';
import type { PlanStatus } from '../../../src/core/model/plan.js';
import { planTreeRows } from '../../../src/tui/view-models/plan-tree.js';
import { informativeStepMessage } from '../../../src/tui/view-models/step-message.js';
import { fixturePlan } from '../fixtures/services.js';

const UUID = '214aa188-3c4f-4d02-af5b-d14dcc31a0b7';
const step = (message: string, status: PlanStatus = 'STARTED', name = 'journal-0:[node]') => ({ name, status, message });

describe('informative step message', () => {
  it('hides the current SDK restatement "<class>: <name> [<uuid>] with status: <STATUS>"', () => {
    expect(informativeStepMessage(step(`com.mesosphere.sdk.scheduler.plan.DeploymentStep: journal-0:[node] [${UUID}] with status: STARTED`))).toBe('');
  });

  it('hides the older SDK fixture form with quotes and "has status", even when its status word is stale', () => {
    const message = `com.mesosphere.sdk.scheduler.plan.DeploymentStep: 'kafka-0:[broker] [${UUID}]' has status: 'COMPLETE'.`;
    expect(informativeStepMessage(step(message, 'STARTED', 'kafka-0:[broker]'))).toBe('');
  });

  it('hides a message that is only the step name and its own status word, or only the status word', () => {
    expect(informativeStepMessage(step('journal-0:[node] STARTED'))).toBe('');
    expect(informativeStepMessage(step('Step journal-0:[node] is STARTED.'))).toBe('');
    expect(informativeStepMessage(step('started'))).toBe('');
    expect(informativeStepMessage(step('   '))).toBe('');
  });

  it('keeps errors and reasons, in full, even when they also name the step or carry the SDK prefix', () => {
    expect(informativeStepMessage(step('Container exited with status 137', 'ERROR'))).toBe('Container exited with status 137');
    expect(informativeStepMessage(step('journal-0:[node] failed: disk full on 10.0.1.16', 'ERROR'))).toBe('journal-0:[node] failed: disk full on 10.0.1.16');
    const sdk = `com.mesosphere.sdk.scheduler.plan.DeploymentStep: journal-0:[node] [${UUID}] with status: ERROR: offer evaluation failed, insufficient mem`;
    expect(informativeStepMessage(step(sdk, 'ERROR'))).toBe(sdk);
    expect(informativeStepMessage(step('launching v2'))).toBe('launching v2');
  });

  it('keeps a message naming the step with a different status word, since it is not a restatement of this status', () => {
    expect(informativeStepMessage(step('journal-0:[node] was COMPLETE before the restart', 'PENDING'))).toBe('journal-0:[node] was COMPLETE before the restart');
  });

  it('leaves redundant SDK messages out of the plan tree rows while informative ones stay', () => {
    const NOW = 2_000_000_000;
    const plan = fixturePlan(NOW);
    const steps = plan.phases[0]!.steps;
    const first = steps[0]!;
    const second = steps[1]!;
    const sdk = { ...plan, phases: [{ ...plan.phases[0]!, steps: [{ ...first, message: `com.mesosphere.sdk.scheduler.plan.DeploymentStep: ${first.name} [${UUID}] with status: ${first.status}` }, ...steps.slice(1)] }] };
    const texts = planTreeRows(sdk, { now: NOW }).map((r) => r.cells.map((c) => c.text).join(''));
    expect(texts[2]).toBe(`      ├─ ${first.name}  ✔ COMPLETE  1m00s`);
    expect(texts[3]).toContain(second.message);
  });
});
