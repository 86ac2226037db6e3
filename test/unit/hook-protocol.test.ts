/**
 * The agent protocols and edit reconstruction, in-process: which call a payload is, which answer
 * each verdict gets in each agent, and how old/new strings and Codex patches rebuild the
 * after-text from the file on disk.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyTextEdits, buildChanges } from '../../src/cli/hook-edit';
import { applyHunks, parseApplyPatch } from '../../src/core/edit/patch';
import { answerFor, CAN_ASK, gateAction, HOOK_AGENTS, parsePayload, shellJoin, type Verdict } from '../../src/cli/hook-agents';
import { reasonText } from '../../src/cli/hook-verdict';
import { AGENT_IDS, AGENTS, hookArgsFor } from '../../src/node/hooks/agents';
import { isHookAgent } from '../../src/core/hook-answer';

describe('hook protocol', () => {
  describe('parsePayload', () => {
    it('Copilot CLI: toolArgs as a JSON string or an object', () => {
      for (const toolArgs of ['{"command":"ls"}', { command: 'ls' }]) {
        const p = parsePayload('copilot-cli', JSON.stringify({ toolName: 'bash', toolArgs, cwd: '/w' }));
        assert.deepEqual(p, { ok: true, call: { kind: 'shell', tool: 'bash', command: 'ls', shell: 'bash', cwd: '/w' } });
      }
    });
    it('Copilot CLI: powershell commands are read as PowerShell', () => {
      const p = parsePayload('copilot-cli', JSON.stringify({ toolName: 'powershell', toolArgs: { command: 'Remove-Item -Recurse C:\\x' } }));
      assert.ok(p.ok && p.call.kind === 'shell' && p.call.shell === 'pwsh');
    });
    it('Gemini CLI: expected_replacements > 1 replaces every occurrence; a dir_path moves the cwd', () => {
      const p = parsePayload('gemini-cli', JSON.stringify({ hook_event_name: 'BeforeTool', tool_name: 'replace', tool_input: { file_path: 'a', old_string: 'x', new_string: 'y', expected_replacements: 3 } }));
      assert.ok(p.ok && p.call.kind === 'edit' && p.call.edits[0].replaceAll);
      const s = parsePayload('gemini-cli', JSON.stringify({ hook_event_name: 'BeforeTool', cwd: '/w', tool_name: 'run_shell_command', tool_input: { command: 'ls', dir_path: 'sub' } }));
      assert.ok(s.ok && s.call.kind === 'shell' && s.call.cwd === '/w/sub');
    });
    it('Claude Code: MultiEdit keeps every edit; NotebookEdit and Read are not ours to judge', () => {
      const p = parsePayload('claude-code', JSON.stringify({ tool_name: 'MultiEdit', tool_input: { file_path: 'f', edits: [{ old_string: 'a', new_string: 'b' }, { old_string: 'c', new_string: 'd', replace_all: true }] } }));
      assert.ok(p.ok && p.call.kind === 'edit' && p.call.edits.length === 2 && p.call.edits[1].replaceAll);
      for (const tool of ['NotebookEdit', 'Read', 'Grep', 'mcp__x__y']) {
        const o = parsePayload('claude-code', JSON.stringify({ tool_name: tool, tool_input: {} }));
        assert.ok(o.ok && o.call.kind === 'other', tool);
      }
    });
    it('Codex: shell calls under its tools\' own names, and an argument list joined as Codex shows it', () => {
      const argv = ['apply_patch', "*** Begin Patch\n*** Add File: it's.txt\n+x\n*** End Patch\n"];
      const p = parsePayload('codex', JSON.stringify({ hook_event_name: 'PreToolUse', cwd: '/w', tool_name: 'shell', tool_input: { command: argv, workdir: 'sub' } }));
      assert.deepEqual(p, { ok: true, call: { kind: 'shell', tool: 'shell', command: `apply_patch '*** Begin Patch\n*** Add File: it'\\''s.txt\n+x\n*** End Patch\n'`, shell: 'bash', cwd: '/w/sub' } });
      assert.equal(shellJoin(['git', 'status', '', '-s']), "git status '' -s");
      for (const tool of ['exec_command', 'shell_command', 'local_shell']) {
        const e = parsePayload('codex', JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: tool, tool_input: { cmd: 'rm -rf src' } }));
        assert.ok(e.ok && e.call.kind === 'shell' && e.call.command === 'rm -rf src', tool);
      }
    });
    it('Cursor: other events are not shell commands (an MCP server command is not run by the agent)', () => {
      const p = parsePayload('cursor', JSON.stringify({ hook_event_name: 'beforeMCPExecution', command: 'rm -rf /' }));
      assert.ok(p.ok && p.call.kind === 'other');
    });
    it('never throws, whatever arrives', () => {
      fc.assert(
        fc.property(fc.constantFrom(...HOOK_AGENTS), fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (agent, text) => {
          const p = parsePayload(agent, text);
          assert.equal(typeof p.ok, 'boolean');
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('answerFor', () => {
    const warn: Verdict = { kind: 'warn', message: 'w' };
    const invalid: Verdict = { kind: 'invalid', message: 'i' };
    const gate = (strictness: 'relaxed' | 'balanced' | 'strict' | 'paranoid'): Verdict => ({ kind: 'gate', message: 'g', strictness });

    it('allow is never an explicit approval (the agent keeps its own prompt)', () => {
      for (const agent of HOOK_AGENTS) {
        const a = answerFor(agent, { kind: 'allow' });
        assert.equal(a.exitCode, 0);
        assert.doesNotMatch(a.stdout, /allow|approve/, agent);
      }
    });
    it('gate: ask at relaxed and balanced, deny at strict and paranoid, deny where the agent cannot ask', () => {
      for (const agent of HOOK_AGENTS) {
        for (const s of ['relaxed', 'balanced'] as const) assert.equal(answerFor(agent, gate(s)).action, CAN_ASK[agent] ? 'ask' : 'deny', `${agent} ${s}`);
        for (const s of ['strict', 'paranoid'] as const) assert.equal(answerFor(agent, gate(s)).action, 'deny', `${agent} ${s}`);
        assert.equal(gateAction(agent, 'balanced'), CAN_ASK[agent] ? 'ask' : 'deny');
      }
    });
    it('unreadable input: ask (deny for Codex, Cline, opencode and Windsurf, which cannot ask); warn: a visible message and no decision', () => {
      for (const agent of HOOK_AGENTS) {
        assert.equal(answerFor(agent, invalid).action, CAN_ASK[agent] ? 'ask' : 'deny');
        const w = answerFor(agent, warn);
        assert.equal(w.action, 'warn');
        assert.match(w.stdout, agent === 'windsurf' ? /^w\n$/ : /"w"/);
        assert.doesNotMatch(w.stdout, /"(ask|deny|allow)"/);
      }
    });
    it('Windsurf answers by exit code: 2 with the reason on stderr stops the action, 0 lets it run', () => {
      for (const v of [invalid, gate('balanced'), gate('strict'), { kind: 'deny', message: 'd' } as Verdict]) {
        const a = answerFor('windsurf', v);
        assert.equal(a.exitCode, 2);
        assert.equal(a.stdout, '');
        assert.equal(a.stderr, `${v.kind === 'allow' ? '' : v.message}\n`);
      }
      for (const v of [{ kind: 'allow' } as Verdict, warn]) {
        const a = answerFor('windsurf', v);
        assert.equal(a.exitCode, 0);
        assert.equal(a.stderr, undefined);
      }
    });
    it('every answer is one JSON line (or nothing) and exit 0 (Windsurf reads exit codes only)', () => {
      const verdicts: Verdict[] = [{ kind: 'allow' }, warn, invalid, gate('balanced'), gate('strict')];
      for (const agent of HOOK_AGENTS.filter((a) => a !== 'windsurf')) {
        for (const v of verdicts) {
          const a = answerFor(agent, v);
          assert.equal(a.exitCode, 0);
          if (a.stdout) {
            assert.equal(a.stdout.indexOf('\n'), a.stdout.length - 1);
            JSON.parse(a.stdout);
          }
        }
      }
    });
    it('the agent table and the protocol agree on who can ask', () => {
      // Every protocol has its agent; VS Code's agents are answered through Claude Code's.
      const protocolOf = (id: (typeof AGENT_IDS)[number]): string => hookArgsFor(id)[1];
      assert.deepEqual([...new Set(AGENT_IDS.map(protocolOf))].sort(), [...HOOK_AGENTS].sort());
      for (const id of AGENT_IDS) {
        const protocol = protocolOf(id);
        assert.ok(isHookAgent(protocol), id);
        assert.equal(AGENTS[id].canAsk, CAN_ASK[protocol], id);
      }
    });
  });

  describe('reasonText', () => {
    it('names the rule, what it destroys and the safer way; lists three and counts the rest', () => {
      const f = (n: number) => ({ ruleId: `R00${n}`, severity: 'high' as const, message: `deletes thing ${n}`, alternative: `keep thing ${n}` });
      const t = reasonText('gate', 'command', [f(1), f(2), f(3), f(4), f(5)], 'balanced');
      assert.match(t, /^Blast Radius stopped this command \(strictness balanced\):/);
      assert.match(t, /- R001 \(high\): deletes thing 1\. Safer: keep thing 1/);
      assert.doesNotMatch(t, /R004/);
      assert.match(t, /and 2 more findings/);
    });
  });

  describe('edits rebuilt from the file on disk', () => {
    it('old/new strings: first occurrence, all occurrences, creation, no match', () => {
      assert.equal(applyTextEdits('a b a', [{ oldText: 'a', newText: 'c', replaceAll: false }]), 'c b a');
      assert.equal(applyTextEdits('a b a', [{ oldText: 'a', newText: 'c', replaceAll: true }]), 'c b c');
      assert.equal(applyTextEdits(undefined, [{ oldText: '', newText: 'new', replaceAll: false }]), 'new');
      assert.equal(applyTextEdits('x', [{ oldText: '', newText: 'new', replaceAll: false }]), undefined);
      assert.equal(applyTextEdits('x', [{ oldText: 'y', newText: 'z', replaceAll: false }]), undefined);
      assert.equal(applyTextEdits('a\r\nb\r\n', [{ oldText: 'a\nb', newText: 'c', replaceAll: false }]), 'c\n');
    });
    it('Codex patches: add, delete, update and move', () => {
      const patch = [
        '*** Begin Patch',
        '*** Add File: new.txt',
        '+one',
        '+two',
        '*** Delete File: old.txt',
        '*** Update File: src/a.ts',
        '*** Move to: src/b.ts',
        '@@ function f',
        ' keep',
        '-gone',
        '+here',
        '*** End of File',
        '*** End Patch',
      ].join('\n');
      const { ops, error } = parseApplyPatch(patch);
      assert.equal(error, undefined);
      assert.deepEqual(ops, [
        { type: 'add', path: 'new.txt', content: 'one\ntwo\n' },
        { type: 'delete', path: 'old.txt' },
        { type: 'update', path: 'src/a.ts', moveTo: 'src/b.ts', hunks: [{ oldLines: ['keep', 'gone'], newLines: ['keep', 'here'] }] },
      ]);
      assert.equal(applyHunks('x\nkeep\ngone\ny\n', (ops[2] as { hunks: { oldLines: string[]; newLines: string[] }[] }).hunks), 'x\nkeep\nhere\ny\n');
      assert.equal(applyHunks('nothing here\n', [{ oldLines: ['keep'], newLines: ['k'] }]), undefined);
      assert.equal(parseApplyPatch('*** Update File: a\n').error, 'no "*** Begin Patch" line');
    });
    it('an edit that does not match the file is judged on its own old and new text', () => {
      const built = buildChanges({ kind: 'edit', tool: 'Edit', path: '/nonexistent/dir/x.sql', edits: [{ oldText: 'A', newText: 'A\nDROP TABLE t;', replaceAll: false }] }, '/nonexistent', '/nonexistent', '/nonexistent');
      assert.equal(built.partial, true);
      assert.deepEqual(built.changes, [{ path: 'dir/x.sql', before: 'A', after: 'A\nDROP TABLE t;' }]);
    });
  });
});
