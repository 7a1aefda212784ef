/**
 * The simulated SDK scheduler's plan and pod endpoints answer with the real
 * status codes and bodies: 200 / 202 / 417 for reads; 200, 208, 404 and 400
 * "Missing phase" for controls; pod restart feeds the recovery plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedCluster, type SimulatedCluster } from '../../../src/backends/sim/simulated-cluster.js';
import { FakeClock } from '../../../src/core/fake-clock.js';

let cluster: SimulatedCluster;
let clock: FakeClock;
let hdfs: string;
let kafka: string;

beforeAll(async () => {
  clock = new FakeClock();
  cluster = await startSimulatedCluster({ clock, tickMs: 250, stepDurationMs: 1000 });
  hdfs = cluster.urls.sdk.hdfs ?? '';
  kafka = cluster.urls.sdk.kafka ?? '';
});
afterAll(async () => cluster.close());

const post = async (url: string): Promise<{ status: number; text: string }> => {
  const res = await fetch(url, { method: 'POST' });
  return { status: res.status, text: await res.text() };
};
const plan = async (url: string, name = 'deploy'): Promise<{ status: number; body: { status: string; phases: { name: string; status: string; steps: { name: string; status: string }[] }[] } }> => {
  const res = await fetch(`${url}/v1/plans/${name}`);
  return { status: res.status, body: (await res.json()) as never };
};

describe('SDK plan endpoints', () => {
  it('lists plan names and answers 200 for a complete plan, 404 text for an unknown one', async () => {
    expect(await (await fetch(`${kafka}/v1/plans`)).json()).toEqual(['deploy', 'recovery']);
    expect((await plan(kafka)).status).toBe(200);
    const missing = await fetch(`${kafka}/v1/plans/backup`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Plan backup not found');
  });

  it('interrupt answers 200 then 208; continue answers 200 then 208', async () => {
    expect(await post(`${hdfs}/v1/plans/deploy/interrupt`)).toEqual({ status: 200, text: '{"message":"Received cmd: interrupt"}' });
    expect(await post(`${hdfs}/v1/plans/deploy/interrupt`)).toEqual({ status: 208, text: 'Command has already been reported or completed' });
    expect((await plan(hdfs)).body.status).toBe('WAITING');
    expect((await post(`${hdfs}/v1/plans/deploy/continue`)).status).toBe(200);
    expect((await post(`${hdfs}/v1/plans/deploy/continue`)).status).toBe(208);
  });

  it('forceComplete needs a phase for a step (400 "Missing phase"), 404s unknown elements, and answers 208 the second time', async () => {
    expect(await post(`${hdfs}/v1/plans/deploy/forceComplete?step=journal-0:[node]`)).toEqual({ status: 400, text: 'Missing phase' });
    expect(await post(`${hdfs}/v1/plans/deploy/forceComplete?phase=nope`)).toEqual({ status: 404, text: 'Phase nope not found' });
    expect(await post(`${hdfs}/v1/plans/deploy/forceComplete?phase=data&step=data-9:[node]`)).toEqual({ status: 404, text: 'Step data-9:[node] not found' });
    const done = await post(`${hdfs}/v1/plans/deploy/forceComplete?phase=data&step=${encodeURIComponent('data-2:[node]')}`);
    expect(done.status).toBe(200);
    expect(JSON.parse(done.text)).toEqual({ message: 'Received cmd: forceComplete for Plan: deploy, Phase: data, Step: data-2:[node]' });
    expect((await plan(hdfs)).body.phases.find((p) => p.name === 'data')?.steps.find((s) => s.name === 'data-2:[node]')?.status).toBe('COMPLETE');
    expect((await post(`${hdfs}/v1/plans/deploy/forceComplete?phase=data&step=${encodeURIComponent('data-2:[node]')}`)).status).toBe(208);
  });

  it('a failed step turns the plan ERROR with 417, and restarting the step brings back 202', async () => {
    expect(cluster.faults.failStep('hdfs', { phase: 'zkfc', step: 'name-1:[zkfc]' })).toBe('name-1:[zkfc]');
    const failed = await plan(hdfs);
    expect(failed.status).toBe(417);
    expect(failed.body.status).toBe('ERROR');
    const restarted = await post(`${hdfs}/v1/plans/deploy/restart?phase=zkfc&step=${encodeURIComponent('name-1:[zkfc]')}`);
    expect(restarted.status).toBe(200);
    expect(JSON.parse(restarted.text).message).toBe('Received cmd: restart for Plan: deploy, Phase: zkfc, Step: name-1:[zkfc]');
    expect((await post(`${hdfs}/v1/plans/deploy/restart?phase=zkfc&step=${encodeURIComponent('name-1:[zkfc]')}`)).status).toBe(208);
    expect((await plan(hdfs)).status).toBe(202);
  });

  it('start validates parameter names (400) and stop puts every step back to PENDING', async () => {
    const bad = await fetch(`${kafka}/v1/plans/deploy/start`, { method: 'POST', body: JSON.stringify({ 'not-valid': 'x' }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^Couldn't parse parameters/);
    expect((await post(`${kafka}/v1/plans/deploy/stop`)).status).toBe(200);
    const stopped = await plan(kafka);
    expect(stopped.body.status).toBe('WAITING');
    expect(stopped.body.phases.flatMap((p) => p.steps).every((s) => s.status === 'PENDING')).toBe(true);
    const started = await fetch(`${kafka}/v1/plans/deploy/start`, { method: 'POST', body: JSON.stringify({ KAFKA_VERSION: '3.7' }) });
    expect(started.status).toBe(200);
    expect(((await started.json()) as { message: string }).message).toBe('Received cmd: start deploy with parameters: {"KAFKA_VERSION":"3.7"}');
  });
});

describe('SDK pod endpoints', () => {
  it('lists pods, restarts one (200 with its tasks) and the recovery plan relaunches it', async () => {
    const cassandra = cluster.urls.sdk.cassandra ?? '';
    expect(await (await fetch(`${cassandra}/v1/pod`)).json()).toEqual(['node-0', 'node-1', 'node-2']);
    const status = (await (await fetch(`${cassandra}/v1/pod/status`)).json()) as { service: string; pods: { name: string; instances: { name: string; tasks: { status: string }[] }[] }[] };
    expect(status.service).toBe('cassandra');
    expect(status.pods[0]?.instances[0]?.tasks[0]?.status).toBe('RUNNING');
    const res = await fetch(`${cassandra}/v1/pod/node-1/restart`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ pod: 'node-1', tasks: ['node-1-server'] });
    const recovery = await plan(cassandra, 'recovery');
    expect(recovery.status).toBe(202);
    expect(recovery.body.phases.map((p) => p.name)).toEqual(['node-1']);
    for (let i = 0; i < 40 && (await plan(cassandra, 'recovery')).body.status !== 'COMPLETE'; i++) await clock.advance(250);
    expect((await plan(cassandra, 'recovery')).status).toBe(200);
    const missing = await fetch(`${cassandra}/v1/pod/node-7/replace`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Pod node-7 not found');
  });
});
