/**
 * HTTP mode through the real bolt App and our signed receiver: Slack-signed
 * requests are served; bad, stale, future and replayed signatures are refused;
 * an empty signing secret stops the bot from starting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import { isOpsdeckError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { createSlackBot, type SlackBot } from '../../src/slackbot/create-slack-bot.js';
import { slackConfigSchema } from '../../src/slackbot/slack-config.js';
import { SlackPeer, blockActionPayload, postSigned, signedRequest, slashCommandPayload } from '../support/slack-peer/slack-peer.js';
import { fixtureCluster } from './support/cluster-fixture.js';
import { AlertsDouble, EngineDouble, directory, onCall } from './support/gateway-doubles.js';
import { paymentsPage, warpClock } from './support/bot-harness.js';

const SECRET = 'peer-signing-secret-8f3a';
let peer: SlackPeer;
let bot: SlackBot;
let clock: FakeClock;
let engine: EngineDouble;
let stopWarp: () => void;
let url: string;

function options(env: Record<string, string | undefined>) {
  return {
    config: slackConfigSchema.parse({ mode: 'http', http: { port: 0, host: '127.0.0.1', path: '/slack/events' } }),
    env,
    clock,
    logger: silentLogger,
    commands: engine,
    alerts: new AlertsDouble(),
    oncall: onCall,
    status: fixtureCluster(clock),
    actors: directory,
  };
}

beforeEach(async () => {
  peer = new SlackPeer();
  await peer.start();
  clock = new FakeClock(Date.now());
  stopWarp = warpClock(clock, 200, 5);
  engine = new EngineDouble();
  bot = createSlackBot(options({ SLACK_BOT_TOKEN: peer.env().SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: peer.web.apiUrl }));
  await bot.start();
  url = `http://127.0.0.1:${bot.httpAddress()?.port}/slack/events`;
});
afterEach(async () => {
  await bot.stop();
  stopWarp();
  await peer.stop();
});

function slash(text: string, responseId = 'http-1'): Record<string, string> {
  return slashCommandPayload({ command: '/opsdeck', text, user: 'UALICE', channel: 'COPS', responseUrl: peer.web.responseUrl(responseId), triggerId: peer.web.issueTrigger() });
}

const nowSeconds = (): number => Math.floor(clock.now() / 1000);

describe('HTTP mode', () => {
  it('serves a correctly signed slash command and answers through response_url', async () => {
    const answer = await postSigned(url, signedRequest('slash', slash('oncall'), { secret: SECRET, timestampSeconds: nowSeconds() }));
    expect(answer.status).toBe(200);
    const [reply] = await peer.waitForResponse('http-1');
    expect(String(reply?.['text'])).toContain('Alice');
  });

  it('answers malformed text in the HTTP response body itself', async () => {
    const answer = await postSigned(url, signedRequest('slash', slash('frobnicate'), { secret: SECRET, timestampSeconds: nowSeconds() }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(answer.body).toContain("I don't know");
  });

  it.each([
    ['a wrong signature', { signature: `v0=${'0'.repeat(64)}` }, 'bad-signature'],
    ['a signature made with another secret', { secret: 'someone-else' }, 'bad-signature'],
    ['a stale timestamp (6 minutes old)', { timestampOffset: -360 }, 'stale'],
    ['a future timestamp (1 minute ahead)', { timestampOffset: 60 }, 'future'],
    ['a non-numeric timestamp', { timestampRaw: 'soon' }, 'bad-timestamp'],
  ])('refuses %s', async (_label, tamper: { signature?: string; secret?: string; timestampOffset?: number; timestampRaw?: string }, reason) => {
    const request = signedRequest('slash', slash('restart payments'), {
      secret: tamper.secret ?? SECRET,
      timestampSeconds: nowSeconds() + (tamper.timestampOffset ?? 0),
      ...(tamper.signature === undefined ? {} : { signature: tamper.signature }),
    });
    if (tamper.timestampRaw !== undefined) request.headers['x-slack-request-timestamp'] = tamper.timestampRaw;
    const answer = await postSigned(url, request);
    expect(answer.status).toBe(401);
    expect(answer.body).toBe(`refused: ${reason}`);
    expect(engine.submissions).toHaveLength(0);
  });

  it('refuses a replayed request and runs the original once', async () => {
    await bot.deliverPage(paymentsPage({ recipients: ['UALICE'], channel: undefined }));
    const [dm] = peer.messagesIn('DUALICE');
    const button = peer.findButton(dm!, 'Restart payments');
    const payload = blockActionPayload({ user: 'UALICE', message: dm!, button, responseUrl: peer.web.responseUrl('click'), triggerId: peer.web.issueTrigger(), actionTs: '1.2' });
    const request = signedRequest('interactive', payload, { secret: SECRET, timestampSeconds: nowSeconds() });
    expect((await postSigned(url, request)).status).toBe(200);
    const replay = await postSigned(url, request);
    expect(replay.status).toBe(401);
    expect(replay.body).toBe('refused: replayed');
    await peer.web.waitFor(() => engine.executed.length === 1);
    await bot.idle();
    expect(engine.submissions).toHaveLength(1);
  });

  it('refuses to start with an empty signing secret, naming the variable', () => {
    let thrown: unknown;
    try {
      createSlackBot(options({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '  ' }));
    } catch (error) {
      thrown = error;
    }
    expect(isOpsdeckError(thrown) && thrown.code).toBe('CONFIG_INVALID');
    expect(String((thrown as Error).message)).toContain('SLACK_SIGNING_SECRET');
  });
});
