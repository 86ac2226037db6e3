// @ts-check
/**
 * A language model for VS Code's own agent, played from a script: each request of the agent's loop
 * that carries tools gets the next step as a tool call, chosen by the number of tool results already
 * in the conversation; once every step has a result it answers with plain text. Every request is
 * appended to a log (JSON lines) with the tool results it carries, so a test sees what the agent
 * told the model after each call. The script and the log are files named by environment variables
 * that the test gives code-server (the extension host inherits them):
 *   BR_SCRIPTED_MODEL_SCRIPT  JSON: { "steps": [{ "tool": "run_in_terminal", "input": {…} }, …], "prompt": "…" }
 *   BR_SCRIPTED_MODEL_LOG     where the requests are appended
 * With BR_SCRIPTED_MODEL_SEND=1 the extension sends the script's prompt to the chat in agent mode
 * with this model selected, once the workbench is up.
 */
const vscode = require('vscode');
const fs = require('node:fs');

const VENDOR = 'br-scripted';
const MODEL_ID = 'scripted-agent';

function readScript() {
  const file = process.env.BR_SCRIPTED_MODEL_SCRIPT;
  if (!file) return { steps: [], prompt: '' };
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function log(entry) {
  const file = process.env.BR_SCRIPTED_MODEL_LOG;
  if (file) fs.appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
}

function partText(part) {
  if (part instanceof vscode.LanguageModelTextPart) return part.value;
  if (part && typeof part === 'object' && 'value' in part && typeof part.value === 'string') return part.value;
  return '';
}

/** The tool results in the conversation, oldest first, as text. */
function toolResults(messages) {
  const results = [];
  for (const message of messages) {
    for (const part of message.content) {
      if (part instanceof vscode.LanguageModelToolResultPart || (part && typeof part === 'object' && 'callId' in part && 'content' in part)) {
        results.push({ callId: part.callId, text: part.content.map(partText).join('') });
      }
    }
  }
  return results;
}

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  const model = {
    id: MODEL_ID,
    name: 'Scripted agent',
    family: 'scripted',
    version: '1',
    maxInputTokens: 200000,
    maxOutputTokens: 8000,
    tooltip: 'Plays a test script',
    isUserSelectable: true,
    capabilities: { toolCalling: 128, imageInput: false },
  };
  context.subscriptions.push(vscode.lm.registerLanguageModelChatProvider(VENDOR, {
    provideLanguageModelChatInformation: async () => [model],
    provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text.length : JSON.stringify(text).length) / 4),
    provideLanguageModelChatResponse: async (_model, messages, options, progress) => {
      const tools = (options.tools ?? []).map((t) => t.name);
      const results = toolResults(messages);
      const { steps } = readScript();
      const main = tools.includes('run_in_terminal') || tools.includes('create_file');
      const stepIndex = results.length;
      const step = main && stepIndex < steps.length ? steps[stepIndex] : undefined;
      log({ role: main ? 'main' : 'side', tools, toolResults: results, answeredStep: step ? stepIndex : undefined });
      if (step) {
        progress.report(new vscode.LanguageModelToolCallPart(`call-${stepIndex}`, step.tool, step.input));
      } else {
        progress.report(new vscode.LanguageModelTextPart(main ? 'Done.' : 'Scripted'));
      }
    },
  }));
  if (process.env.BR_SCRIPTED_MODEL_SEND === '1') {
    const { prompt } = readScript();
    setTimeout(() => {
      vscode.commands.executeCommand('workbench.action.chat.open', {
        query: prompt,
        mode: 'agent',
        modelSelector: { vendor: VENDOR, id: MODEL_ID },
      }).then(
        () => log({ role: 'sent' }),
        (error) => log({ role: 'send-failed', error: String(error && error.stack || error) }),
      );
    }, 3000);
  }
}

module.exports = { activate };
