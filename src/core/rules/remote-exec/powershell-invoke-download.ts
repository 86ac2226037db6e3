import { type CommandRule, spanFromProgram } from '../rule';
import { isDownloader, urlOf } from './helpers';

// ---------------------------------------------------------------------------------------------
// RCE003: PowerShell Invoke-Expression of a download

export const powershellInvokeDownload: CommandRule = {
  id: 'RCE003',
  name: 'powershell-invoke-download',
  category: 'remote-exec',
  severity: 'high',
  triggers: [{ programs: ['invoke-expression', 'iex'] }],
  summary: 'Runs downloaded text with PowerShell’s Invoke-Expression (`iwr … | iex`, `irm … | iex`, `iex (New-Object Net.WebClient).DownloadString(…)`).',
  rationale:
    'Invoke-Expression executes whatever string it receives; fed from a web request, that is whatever the server returns at that moment, with the user’s rights and without any review.',
  alternative: 'Save the script (`irm URL -OutFile install.ps1`), read it or check its signature (`Get-AuthenticodeSignature`), then run the file.',
  examples: {
    fire: ['pwsh -c "iwr https://get.example.com/install.ps1 -UseBasicParsing | iex"', 'powershell -Command "irm https://get.example.com | Invoke-Expression"', 'powershell -c "iex (New-Object Net.WebClient).DownloadString(\'https://x.example.com/a.ps1\')"'],
    pass: ['pwsh -c "irm https://get.example.com -OutFile install.ps1"', 'pwsh -c "Invoke-Expression \'Get-Date\'"', 'pwsh -c "iwr https://example.com/data.json | ConvertFrom-Json"'],
  },
  check(cmd) {
    if (cmd.dialect !== 'pwsh' || cmd.program !== 'invoke-expression') return undefined;
    const operand = cmd.args.find((a, i) => !a.value.startsWith('-') && !(i > 0 && /^-(command|c)$/i.test(cmd.args[i - 1].value)));
    const commandValue = cmd.args.findIndex((a) => /^-(command|c)$/i.test(a.value));
    const code = operand ?? (commandValue !== -1 ? cmd.args[commandValue + 1] : undefined);
    // A literal string is checked by the extractor; a variable is reported as unanalyzable there.
    if (code) return undefined;
    const prev = cmd.pipeline?.previous;
    if (prev && !prev.some(isDownloader)) return undefined;
    const source = prev?.find(isDownloader);
    const url = source ? urlOf(source) : undefined;
    return {
      severity: 'high',
      message: `runs the text it receives${url ? ` from ${url}` : ' from the pipeline or a sub-expression (typically a web request)'} with Invoke-Expression, without reading it first.`,
      span: spanFromProgram(cmd, []),
    };
  },
};
