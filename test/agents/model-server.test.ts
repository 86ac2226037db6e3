/**
 * The scripted model on its own, in each wire protocol: it plays the step after the tool results a
 * request carries, ends with text, answers side requests without tools, and records what it was told.
 */
import assert from 'node:assert/strict';
import { type AgentDialect, ModelServer, type Protocol, type Step } from './model-server';

const STEPS: Step[] = [
  { kind: 'shell', command: 'git status' },
  { kind: 'shell', command: 'rm -rf src' },
];

function dialect(protocol: Protocol): AgentDialect {
  return {
    protocol,
    isMainLoop: (tools) => tools.some((t) => t.name === 'sh'),
    callFor: (step) => ({ name: 'sh', input: { command: step.kind === 'shell' ? step.command : '' } }),
  };
}

async function post(url: string, body: unknown): Promise<string> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, await r.clone().text());
  return r.text();
}

/** The JSON payloads of an SSE stream. */
const events = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);

describe('scripted model server', function () {
  const server = new ModelServer();
  before(() => server.start());
  after(() => server.stop());

  it('Anthropic Messages: streams the next step as tool_use, then ends the turn with text', async function () {
    server.play({ dialect: dialect('anthropic'), steps: STEPS, finalText: 'All done.' });
    const tools = [{ name: 'sh', input_schema: { type: 'object', properties: { command: { type: 'string' } } } }];
    const first = events(await post(`${server.url}/v1/messages?beta=true`, { model: 'm', stream: true, tools, messages: [{ role: 'user', content: 'go' }] }));
    const input = first.find((e) => e.type === 'content_block_delta') as { delta: { partial_json: string } };
    assert.deepEqual(JSON.parse(input.delta.partial_json), { command: 'git status' });
    assert.deepEqual(first.find((e) => e.type === 'message_delta'), { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 10 } });
    const messages = [
      { role: 'user', content: 'go' },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'On branch main' }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'b', is_error: true, content: [{ type: 'text', text: 'Blast Radius stopped this command' }] }] },
    ];
    const last = JSON.parse(await post(`${server.url}/v1/messages`, { model: 'm', tools, messages })) as { content: { text: string }[]; stop_reason: string };
    assert.equal(last.stop_reason, 'end_turn');
    assert.equal(last.content[0].text, 'All done.');
    assert.deepEqual(server.resultsByStep(), ['On branch main', '[error] Blast Radius stopped this command']);
  });

  it('OpenAI Responses: sends function calls, freeform (custom) calls and reads both kinds of output', async function () {
    server.play({
      dialect: { ...dialect('openai-responses'), callFor: (step) => (step.kind === 'shell' && step.command === 'rm -rf src' ? { name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n' } : { name: 'sh', input: { cmd: 'git status' } }) },
      steps: STEPS,
    });
    const tools = [{ type: 'function', name: 'sh', parameters: {} }];
    const first = events(await post(`${server.url}/v1/responses`, { model: 'm', tools, input: [] }));
    const done = first.find((e) => e.type === 'response.output_item.done') as { item: { type: string; arguments: string } };
    assert.equal(done.item.type, 'function_call');
    assert.deepEqual(JSON.parse(done.item.arguments), { cmd: 'git status' });
    assert.ok(first.some((e) => e.type === 'response.completed'));
    const second = events(await post(`${server.url}/v1/responses`, { model: 'm', tools, input: [{ type: 'function_call_output', call_id: 'c', output: 'On branch main' }] }));
    assert.equal((second.find((e) => e.type === 'response.output_item.done') as { item: { type: string; input: string } }).item.type, 'custom_tool_call');
    await post(`${server.url}/v1/responses`, { model: 'm', tools, input: [{ type: 'function_call_output', output: 'x' }, { type: 'custom_tool_call_output', output: 'Blast Radius' }] });
    assert.deepEqual(server.resultsByStep(), ['x', 'Blast Radius']);
  });

  it('Gemini: functionCall parts in the stream; side requests asking for JSON get JSON of their schema', async function () {
    server.play({ dialect: dialect('gemini'), steps: STEPS });
    const tools = [{ functionDeclarations: [{ name: 'sh', parametersJsonSchema: { type: 'object' } }] }];
    const stream = events(await post(`${server.url}/v1beta/models/g:streamGenerateContent?alt=sse`, { contents: [{ role: 'user', parts: [{ text: 'go' }] }], tools }));
    assert.deepEqual((stream[0] as { candidates: { content: { parts: unknown[] } }[] }).candidates[0].content.parts, [{ functionCall: { name: 'sh', args: { command: 'git status' } } }]);
    const side = JSON.parse(
      await post(`${server.url}/v1beta/models/g:generateContent`, {
        contents: [],
        generationConfig: { responseMimeType: 'application/json', responseJsonSchema: { type: 'OBJECT', properties: { complexity_score: { type: 'INTEGER' }, why: { type: 'STRING' } } } },
      }),
    ) as { candidates: { content: { parts: { text: string }[] } }[] };
    assert.deepEqual(JSON.parse(side.candidates[0].content.parts[0].text), { complexity_score: 1, why: 'scripted' });
    assert.deepEqual(
      server.requests.map((r) => r.role),
      ['main', 'side'],
    );
  });

  it('answers a call its dialect cannot make with an error the test can see', async function () {
    server.play({ dialect: { ...dialect('anthropic'), callFor: () => { throw new Error('no such tool'); } }, steps: STEPS });
    const r = await fetch(`${server.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ tools: [{ name: 'sh' }], messages: [] }) });
    assert.equal(r.status, 400);
    assert.equal(server.requests[0].error, 'no such tool');
  });
});
