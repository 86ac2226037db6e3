/**
 * A scripted model on 127.0.0.1 for the real agent CLIs. It speaks the three wire protocols the agents
 * use (Anthropic Messages with SSE, OpenAI Responses with SSE, Gemini's generateContent and its SSE
 * stream) and plays a script of generic steps: each request of the agent's main loop gets the next
 * step as a tool call, in the agent's own tool names and argument shapes (an `AgentDialect`, chosen
 * from the tool definitions the agent sends). The step to play is the number of tool results already
 * in the conversation, so the server keeps no state between requests and retries are harmless.
 *
 * Every request is recorded with the tool results it carries, so a test can assert what the agent
 * told the model after each call (our reason, or the command's output).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One thing the scripted model asks the agent to do. */
export type Step =
  | { kind: 'shell'; command: string }
  | { kind: 'read'; path: string }
  | { kind: 'edit'; path: string; oldText: string; newText: string }
  | { kind: 'write'; path: string; content: string };

/** A tool definition as the agent declared it in its request. */
export interface ToolDefinition {
  name: string;
  /** The JSON schema of its arguments; undefined for a freeform tool (Codex's `apply_patch`). */
  parameters?: Record<string, unknown>;
  /** `function` or `custom` (OpenAI Responses), `tool` elsewhere. */
  type: string;
}

/** A tool call in the agent's own terms. `input` is a string for a freeform (custom) tool. */
export interface PlannedCall {
  name: string;
  input: Record<string, unknown> | string;
}

export type Protocol = 'anthropic' | 'openai-responses' | 'gemini';

/** What one agent needs from the script: its tool for each step. */
export interface AgentDialect {
  protocol: Protocol;
  /** True when these tools are the agent's main loop (side requests: titles, summaries, checks). */
  isMainLoop(tools: readonly ToolDefinition[]): boolean;
  /** The tool call that performs a step, or an Error saying why this agent's tools cannot. */
  callFor(step: Step, tools: readonly ToolDefinition[]): PlannedCall;
}

export interface RecordedRequest {
  protocol: Protocol | 'unknown';
  method: string;
  url: string;
  /** Main-loop request (it carries the agent's tools), or a side request answered with plain text. */
  role: 'main' | 'side' | 'other';
  /** The tool results in this request's conversation, oldest first, as text. */
  toolResults: string[];
  /** The step this request was answered with (its index in the script), when it was one. */
  answeredStep?: number;
  /** The tool call sent for that step. */
  call?: PlannedCall;
  tools: ToolDefinition[];
  body: unknown;
  /** Set when the server could not answer as the script says (the agent gets an error response). */
  error?: string;
  /** `performance.now()` when the request had been read, and when its answer had been written. */
  receivedAt: number;
  answeredAt?: number;
}

export interface Session {
  dialect: AgentDialect;
  steps: readonly Step[];
  /** The text the model ends with once every step has a result. */
  finalText?: string;
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Text of a tool result's content, whatever shape the protocol gives it. */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(textOf).join('\n');
  const o = obj(v);
  if (!o) return v === undefined || v === null ? '' : JSON.stringify(v);
  if (typeof o.text === 'string') return o.text;
  if (o.content !== undefined) return textOf(o.content);
  if (o.output !== undefined) return textOf(o.output);
  return JSON.stringify(o);
}

// ---------------------------------------------------------------------------------------------
// Anthropic Messages (Claude Code, Copilot CLI with COPILOT_PROVIDER_TYPE=anthropic)

function anthropicTools(body: Json): ToolDefinition[] {
  return arr(body.tools)
    .map(obj)
    .filter((t): t is Json => !!t && typeof t.name === 'string')
    .map((t) => ({ name: t.name as string, parameters: obj(t.input_schema), type: 'tool' }));
}

function anthropicToolResults(body: Json): string[] {
  const out: string[] = [];
  for (const m of arr(body.messages).map(obj)) {
    for (const block of arr(m?.content).map(obj)) {
      if (block?.type === 'tool_result') out.push(`${block.is_error === true ? '[error] ' : ''}${textOf(block.content)}`);
    }
  }
  return out;
}

function sse(res: ServerResponse, events: readonly { event?: string; data: unknown }[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'close' });
  for (const e of events) res.write(`${e.event ? `event: ${e.event}\n` : ''}data: ${JSON.stringify(e.data)}\n\n`);
  res.end();
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function anthropicAnswer(res: ServerResponse, body: Json, content: Json[], id: string): void {
  const model = typeof body.model === 'string' ? body.model : 'scripted';
  const stopReason = content.some((c) => c.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const usage = { input_tokens: 10, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const message = { id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: null, usage };
  if (body.stream !== true) return json(res, 200, message);
  const events: { event: string; data: unknown }[] = [{ event: 'message_start', data: { type: 'message_start', message: { ...message, content: [], stop_reason: null } } }];
  content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { type: 'text', text: '' } } });
      events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } } });
    } else {
      events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: { ...block, input: {} } } });
      events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } } });
    }
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  events.push({ event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 10 } } });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  sse(res, events);
}

// ---------------------------------------------------------------------------------------------
// OpenAI Responses (Codex)

function responsesTools(body: Json): ToolDefinition[] {
  return arr(body.tools)
    .map(obj)
    .filter((t): t is Json => !!t && typeof t.name === 'string')
    .map((t) => ({ name: t.name as string, parameters: obj(t.parameters), type: typeof t.type === 'string' ? t.type : 'function' }));
}

function responsesToolResults(body: Json): string[] {
  return arr(body.input)
    .map(obj)
    .filter((i) => i?.type === 'function_call_output' || i?.type === 'custom_tool_call_output')
    .map((i) => textOf(i?.output));
}

function responsesAnswer(res: ServerResponse, body: Json, output: Json[], id: string): void {
  const model = typeof body.model === 'string' ? body.model : 'scripted';
  const usage = { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 10, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 20 };
  const response = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), status: 'completed', model, output, usage };
  const events: { event: string; data: unknown }[] = [{ event: 'response.created', data: { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } } }];
  output.forEach((item, index) => {
    events.push({ event: 'response.output_item.added', data: { type: 'response.output_item.added', output_index: index, item } });
    events.push({ event: 'response.output_item.done', data: { type: 'response.output_item.done', output_index: index, item } });
  });
  events.push({ event: 'response.completed', data: { type: 'response.completed', response } });
  sse(res, events);
}

// ---------------------------------------------------------------------------------------------
// Gemini (Gemini CLI)

function geminiTools(body: Json): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  for (const t of arr(body.tools).map(obj)) {
    for (const f of arr(t?.functionDeclarations).map(obj)) {
      if (typeof f?.name === 'string') out.push({ name: f.name, parameters: obj(f.parametersJsonSchema) ?? obj(f.parameters), type: 'tool' });
    }
  }
  return out;
}

function geminiToolResults(body: Json): string[] {
  const out: string[] = [];
  for (const c of arr(body.contents).map(obj)) {
    for (const p of arr(c?.parts).map(obj)) {
      const r = obj(p?.functionResponse);
      if (r) out.push(textOf(r.response));
    }
  }
  return out;
}

function geminiAnswer(res: ServerResponse, stream: boolean, parts: Json[]): void {
  const chunk = {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 },
    modelVersion: 'scripted',
  };
  if (stream) return sse(res, [{ data: chunk }]);
  json(res, 200, chunk);
}

/** Gemini CLI's side requests ask for JSON (`responseMimeType`); answer with what each expects. */
function geminiSideText(body: Json): string {
  const config = obj(body.generationConfig);
  if (config?.responseMimeType !== 'application/json') return 'OK.';
  const schema = obj(config.responseJsonSchema) ?? obj(config.responseSchema);
  const props = obj(schema?.properties) ?? {};
  // The next-speaker check: the model has finished, the user speaks next.
  if ('next_speaker' in props) return JSON.stringify({ reasoning: 'The scripted model has finished.', next_speaker: 'user' });
  const value: Json = {};
  for (const [k, p] of Object.entries(props)) {
    // Gemini's schemas spell types in upper case (`INTEGER`), JSON Schema in lower case.
    const declared = obj(p)?.type;
    const type = typeof declared === 'string' ? declared.toLowerCase() : '';
    value[k] = type === 'boolean' ? false : type === 'number' || type === 'integer' ? 1 : type === 'array' ? [] : type === 'object' ? {} : 'scripted';
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------

function protocolOf(method: string, url: string): Protocol | undefined {
  if (method !== 'POST') return undefined;
  const p = url.split('?')[0];
  if (/\/messages$/.test(p)) return 'anthropic';
  if (/\/responses$/.test(p)) return 'openai-responses';
  if (/:(stream)?[gG]enerateContent$/.test(p)) return 'gemini';
  return undefined;
}

export class ModelServer {
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  private session: Session | undefined;
  private counter = 0;

  /** Listens on 127.0.0.1 at a port the kernel picks; resolves to the base URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the model server is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Plays this script from now on and forgets earlier requests. */
  play(session: Session): void {
    this.session = session;
    this.requests.length = 0;
  }

  /** Main-loop requests only. */
  mainRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.role === 'main');
  }

  /**
   * The tool result the agent sent back for each step of the script, from the last main-loop
   * request that carries it (undefined when the agent never sent one).
   */
  resultsByStep(): (string | undefined)[] {
    const steps = this.session?.steps.length ?? 0;
    const out: (string | undefined)[] = new Array(steps).fill(undefined);
    for (const r of this.mainRequests()) r.toolResults.forEach((t, i) => i < steps && (out[i] = t));
    return out;
  }

  /**
   * For each step: milliseconds from the moment the tool call had been sent to the agent to the moment
   * its result arrived (the agent's hook, the tool itself and the agent's own work in between).
   */
  stepRoundTrips(): (number | undefined)[] {
    const steps = this.session?.steps.length ?? 0;
    const main = this.mainRequests();
    const out: (number | undefined)[] = [];
    for (let i = 0; i < steps; i++) {
      const sent = main.find((r) => r.answeredStep === i)?.answeredAt;
      const back = main.find((r) => r.toolResults.length > i)?.receivedAt;
      out.push(sent !== undefined && back !== undefined ? back - sent : undefined);
    }
    return out;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const protocol = protocolOf(method, url);
    const record: RecordedRequest = { protocol: protocol ?? 'unknown', method, url, role: 'other', toolResults: [], tools: [], body, receivedAt: performance.now() };
    res.on('finish', () => (record.answeredAt = performance.now()));
    this.requests.push(record);
    const b = obj(body) ?? {};
    try {
      switch (protocol) {
        case 'anthropic':
          return this.answerAnthropic(res, b, record);
        case 'openai-responses':
          return this.answerResponses(res, b, record);
        case 'gemini':
          return this.answerGemini(res, b, url, record);
        default:
          return this.answerOther(res, method, url);
      }
    } catch (e) {
      record.error = e instanceof Error ? e.message : String(e);
      json(res, 400, { error: { type: 'invalid_request_error', message: `scripted model: ${record.error}` } });
    }
  }

  /** The next step for a main-loop request, or undefined when the script is done. */
  private nextCall(record: RecordedRequest): PlannedCall | undefined {
    const session = this.session;
    if (!session) throw new Error('no script to play');
    const index = record.toolResults.length;
    if (index >= session.steps.length) return undefined;
    record.answeredStep = index;
    record.call = session.dialect.callFor(session.steps[index], record.tools);
    return record.call;
  }

  private isMain(record: RecordedRequest): boolean {
    const session = this.session;
    record.role = session && session.dialect.protocol === record.protocol && session.dialect.isMainLoop(record.tools) ? 'main' : 'side';
    return record.role === 'main';
  }

  private answerAnthropic(res: ServerResponse, body: Json, record: RecordedRequest): void {
    record.tools = anthropicTools(body);
    record.toolResults = anthropicToolResults(body);
    const id = `msg_${++this.counter}`;
    if (!this.isMain(record)) return anthropicAnswer(res, body, [{ type: 'text', text: 'OK.' }], id);
    const call = this.nextCall(record);
    if (!call) return anthropicAnswer(res, body, [{ type: 'text', text: this.session?.finalText ?? 'Done.' }], id);
    anthropicAnswer(res, body, [{ type: 'tool_use', id: `toolu_${this.counter}`, name: call.name, input: call.input }], id);
  }

  private answerResponses(res: ServerResponse, body: Json, record: RecordedRequest): void {
    record.tools = responsesTools(body);
    record.toolResults = responsesToolResults(body);
    const id = `resp_${++this.counter}`;
    const message = (text: string): Json => ({ type: 'message', role: 'assistant', id: `msg_${this.counter}`, status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] });
    if (!this.isMain(record)) return responsesAnswer(res, body, [message('OK.')], id);
    const call = this.nextCall(record);
    if (!call) return responsesAnswer(res, body, [message(this.session?.finalText ?? 'Done.')], id);
    const callId = `call_${this.counter}`;
    const item =
      typeof call.input === 'string'
        ? { type: 'custom_tool_call', id: `ctc_${this.counter}`, status: 'completed', call_id: callId, name: call.name, input: call.input }
        : { type: 'function_call', id: `fc_${this.counter}`, status: 'completed', call_id: callId, name: call.name, arguments: JSON.stringify(call.input) };
    responsesAnswer(res, body, [item], id);
  }

  private answerGemini(res: ServerResponse, body: Json, url: string, record: RecordedRequest): void {
    record.tools = geminiTools(body);
    record.toolResults = geminiToolResults(body);
    const stream = url.includes(':streamGenerateContent');
    this.counter++;
    if (!this.isMain(record)) return geminiAnswer(res, stream, [{ text: geminiSideText(body) }]);
    const call = this.nextCall(record);
    if (!call) return geminiAnswer(res, stream, [{ text: this.session?.finalText ?? 'Done.' }]);
    geminiAnswer(res, stream, [{ functionCall: { name: call.name, args: call.input } }]);
  }

  /** Model lists, token counts and anything else: small, valid answers, so nothing waits on them. */
  private answerOther(res: ServerResponse, method: string, url: string): void {
    const p = url.split('?')[0];
    if (/:countTokens$/.test(p)) return json(res, 200, { totalTokens: 10 });
    if (/\/messages\/count_tokens$/.test(p)) return json(res, 200, { input_tokens: 10 });
    if (method === 'GET' && /\/models$/.test(p)) return json(res, 200, { object: 'list', data: [], models: [] });
    json(res, 404, { error: { type: 'not_found_error', message: `scripted model: no ${method} ${p}` } });
  }
}
