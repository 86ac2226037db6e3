import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateCommand } from '../../src/core/engine';
import { lex } from '../../src/core/source/lex';
import { MAX_SOURCE, MAX_STEPS, scanSource, type SourceLanguage } from '../../src/core/source/scan';
import type { Decision } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';

/** Where the scripts of these cases live: under the test workspace. */
const SCRIPT_DIR = '/home/dev/project/scripts';

interface Case {
  name: string;
  src: string;
  /** Every command the source amounts to (in any order). */
  commands: string[];
}

const commandsOf = (lang: SourceLanguage, src: string): string[] => scanSource(lang, src, { scriptDir: SCRIPT_DIR }).steps.map((s) => s.command).sort();

const CASES: Readonly<Record<SourceLanguage, Case[]>> = {
  python: [
    { name: 'shutil.rmtree of a literal', src: `import shutil\nshutil.rmtree('src')`, commands: ['rm -rf src'] },
    { name: 'an alias of the module', src: `import shutil as sh\nsh.rmtree("/var/www")`, commands: ['rm -rf /var/www'] },
    { name: 'a function imported by name, aliased', src: `from shutil import rmtree as nuke\nnuke('data')`, commands: ['rm -rf data'] },
    { name: 'the home folder three ways', src: `import os, shutil\nfrom pathlib import Path\nshutil.rmtree(os.path.expanduser('~'))\nshutil.rmtree(Path.home())\nshutil.rmtree(os.environ['HOME'])`, commands: ['rm -rf ~', 'rm -rf ~', 'rm -rf ~'] },
    { name: 'joins under the home', src: `import os, shutil\nshutil.rmtree(os.path.join(os.path.expanduser("~"), ".ssh"))\nos.remove(os.path.expanduser('~/.bashrc'))`, commands: ['rm -rf ~/.ssh', 'rm ~/.bashrc'] },
    { name: 'pathlib joins and methods', src: `from pathlib import Path\n(Path.home() / '.config' / 'app').rmdir()\nPath('notes.txt').unlink()\nPath.home().joinpath('.aws').unlink()`, commands: ['rm notes.txt', 'rm ~/.aws', 'rmdir ~/.config/app'] },
    { name: 'the script folder', src: `import os, shutil\nROOT = os.path.dirname(os.path.abspath(__file__))\nshutil.rmtree(os.path.join(ROOT, '..', 'src'))`, commands: ['rm -rf /home/dev/project/src'] },
    { name: 'Path(__file__).parent', src: `import shutil\nfrom pathlib import Path\nHERE = Path(__file__).resolve().parent\nshutil.rmtree(HERE.parent / 'dist')`, commands: ['rm -rf /home/dev/project/dist'] },
    { name: 'the current folder', src: `import os, shutil\nshutil.rmtree(os.getcwd())`, commands: ['rm -rf .'] },
    { name: 'os.system with an f-string', src: `import os\nhome = os.path.expanduser('~')\nos.system(f"rm -rf {home}/projects")`, commands: ['rm -rf "$HOME"/projects'] },
    { name: 'subprocess with a list', src: `import subprocess\nsubprocess.run(['git', 'push', '--force', 'origin', 'main'], check=True)`, commands: ['git push --force origin main'] },
    { name: 'subprocess with a string and shell=True', src: `import subprocess\nsubprocess.check_call("terraform destroy -auto-approve", shell=True)`, commands: ['terraform destroy -auto-approve'] },
    { name: 'Popen, call, check_output and getoutput', src: `import subprocess as sp\nsp.Popen(['rm', '-rf', 'build'])\nsp.call('make clean', shell=True)\nsp.check_output(['ls'])\nsp.getoutput('whoami')`, commands: ['ls', 'make clean', 'rm -rf build', 'whoami'] },
    { name: 'sys.executable runs python', src: `import subprocess, sys\nsubprocess.run([sys.executable, '-m', 'pip', 'install', '-r', 'requirements.txt'])`, commands: ['python3 -m pip install -r requirements.txt'] },
    { name: 'a command joined from words', src: `import os\nos.system(' '.join(['rm', '-rf', 'src']))`, commands: ['rm -rf src'] },
    { name: '%-formatting and str.format', src: `import os\nd = 'src'\nos.system('rm -rf %s' % d)\nos.system('rm -rf {}'.format(d))`, commands: ['rm -rf src', 'rm -rf src'] },
    { name: 'a loop over a literal list', src: `import shutil\nfor d in ['build', 'dist', 'src']:\n    shutil.rmtree(d, ignore_errors=True)`, commands: ['rm -rf build', 'rm -rf dist', 'rm -rf src'] },
    { name: 'a loop over a list in a variable', src: `import shutil\nDIRS = ('a', 'b')\nfor d in DIRS:\n    shutil.rmtree(d)`, commands: ['rm -rf a', 'rm -rf b'] },
    { name: 'a glob', src: `import glob, os\nfor f in glob.glob('**/*.pyc', recursive=True):\n    os.remove(f)`, commands: ['rm **/*.pyc'] },
    { name: 'a listing joined to its folder', src: `import os\nfor name in os.listdir('logs'):\n    os.remove(os.path.join('logs', name))`, commands: ['rm logs/*'] },
    { name: 'a computed path is a named hole', src: `import shutil, sys\ntarget = sys.argv[1]\nshutil.rmtree(target)`, commands: ['rm -rf "$target"'] },
    { name: 'a computed root with a build-output tail', src: `import os, shutil\nroot = find_root()\nshutil.rmtree(os.path.join(root, 'build'))\nshutil.rmtree(os.path.join(root, 'src'))`, commands: ['rm -rf "$root"/src', 'rm -rf build'] },
    { name: 'temp folders from tempfile', src: `import shutil, tempfile\ntmp = tempfile.mkdtemp()\nshutil.rmtree(tmp)\nwith tempfile.TemporaryDirectory() as d:\n    shutil.rmtree(d)`, commands: ['rm -rf "$(mktemp -d)"', 'rm -rf "$(mktemp -d)"'] },
    { name: 'a test case: setUp and tearDown', src: `import shutil, tempfile, unittest\nclass T(unittest.TestCase):\n    def tearDown(self):\n        shutil.rmtree(self.tmp)\n    def setUp(self):\n        self.tmp = tempfile.mkdtemp()`, commands: ['rm -rf "$(mktemp -d)"'] },
    { name: 'a helper judged at each call', src: `import subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True, check=True)\nrun('npm test')\nrun("git reset --hard")`, commands: ['git reset --hard', 'npm test'] },
    { name: 'a helper method with self', src: `import shutil\nclass C:\n    def clean(self, path):\n        shutil.rmtree(path)\n    def main(self):\n        self.clean('/etc')`, commands: ['rm -rf /etc'] },
    { name: 'a helper with a default', src: `import shutil\ndef clean(where='dist'):\n    shutil.rmtree(where)\nclean()\nclean('src')`, commands: ['rm -rf dist', 'rm -rf src'] },
    { name: 'two helpers deep', src: `import subprocess\ndef sh(c):\n    subprocess.run(c, shell=True)\ndef git(args):\n    sh('git ' + args)\ngit('push -f')`, commands: ['git push -f'] },
    { name: 'a helper nobody calls is read with its parameters unknown', src: `import shutil\ndef wipe(path):\n    shutil.rmtree(path)`, commands: ['rm -rf "$path"'] },
    { name: 'moves, copies and renames', src: `import os, shutil\nshutil.move('src', '/tmp/src')\nos.rename('a.db', 'b.db')\nshutil.copytree('src', 'backup')`, commands: ['cp -r src backup', 'mv a.db b.db', 'mv src /tmp/src'] },
    { name: 'open for writing truncates; for reading or appending it does not', src: `open('.env', 'w').write('x')\nopen('log.txt', 'a')\nopen('data.json')\nwith open('out.json', mode='wb') as f: pass`, commands: [': > .env', ': > out.json'] },
    { name: 'exec of literal code', src: `exec("import shutil; shutil.rmtree('src')")`, commands: ['rm -rf src'] },
    { name: 'os.exec* with argv', src: `import os\nos.execvp('rm', ['rm', '-rf', 'src'])\nos.execlp('git', 'git', 'clean', '-fdx')`, commands: ['git clean -fdx', 'rm -rf src'] },
    { name: 'os.spawn* and os.posix_spawn* with argv', src: `import os\nos.spawnvpe(os.P_WAIT, 'rm', ['rm', '-rf', 'src'], os.environ)\nos.spawnle(os.P_WAIT, '/bin/rm', 'rm', '-rf', 'lib', {})\nos.posix_spawnp('git', ['git', 'push', '-f'], os.environ)`, commands: ['git push -f', 'rm -rf lib', 'rm -rf src'] },
    { name: 'data is not a call', src: `# shutil.rmtree('/')\nprint("rm -rf /")\n"""\nos.system('rm -rf ~')\n"""\nlog = "shutil.rmtree(x)"\nnames = ['os.remove']`, commands: [] },
    { name: 'a list.remove is not a deletion', src: `items = [1, 2]\nitems.remove(1)\nd = {}\nd.pop('x')\n'a-b'.replace('-', '')`, commands: [] },
  ],
  javascript: [
    { name: 'fs.rmSync with options', src: `const fs = require('fs');\nfs.rmSync('src', { recursive: true, force: true });\nfs.rmSync('notes.txt');`, commands: ['rm -rf src', 'rm notes.txt'] },
    { name: 'node: modules and destructuring', src: `const { rmSync, unlinkSync: del } = require('node:fs');\nrmSync('/etc', { recursive: true });\ndel('a.txt');`, commands: ['rm -r /etc', 'rm a.txt'] },
    { name: 'fs/promises and imports', src: `import { rm } from 'node:fs/promises';\nimport * as fsp from 'fs/promises';\nawait rm('data', { recursive: true, force: true });\nawait fsp.unlink('x.db');`, commands: ['rm -rf data', 'rm x.db'] },
    { name: 'fs.promises on the module', src: `const fs = require('fs');\nawait fs.promises.rm(path.join(os.homedir(), '.aws'), { recursive: true });`, commands: ['rm -r ~/.aws'] },
    { name: 'inline require', src: `require('fs').rmSync(process.env.HOME, { recursive: true, force: true })`, commands: ['rm -rf ~'] },
    { name: '__dirname and path.join', src: `const path = require('path');\nconst fs = require('fs');\nconst out = path.join(__dirname, '..', 'dist');\nfs.rmSync(out, { recursive: true, force: true });\nfs.rmSync(path.resolve(__dirname, '../src'), { recursive: true });`, commands: ['rm -r /home/dev/project/src', 'rm -rf /home/dev/project/dist'] },
    { name: 'import.meta.dirname and process.cwd', src: `import fs from 'node:fs';\nimport path from 'node:path';\nfs.rmSync(path.join(import.meta.dirname, 'cache'), { recursive: true });\nfs.rmSync(process.cwd(), { recursive: true });`, commands: ['rm -r .', 'rm -r /home/dev/project/scripts/cache'] },
    { name: 'a template string path', src: "const fs = require('fs');\nconst home = require('os').homedir();\nfs.rmSync(`${home}/.kube`, { recursive: true });", commands: ['rm -r ~/.kube'] },
    { name: 'fs-extra and rimraf', src: `const fse = require('fs-extra');\nconst { rimraf } = require('rimraf');\nfse.removeSync('src');\nfse.emptyDirSync('public');\nawait rimraf('lib');`, commands: ['rm -rf lib', 'rm -rf public/*', 'rm -rf src'] },
    { name: 'child_process exec and execSync', src: `const { exec, execSync } = require('child_process');\nexecSync('git push --force');\nexec('rm -rf ~/projects', () => {});`, commands: ['git push --force', 'rm -rf ~/projects'] },
    { name: 'spawn and execFile with argv', src: `const cp = require('node:child_process');\ncp.spawn('rm', ['-rf', 'src'], { stdio: 'inherit' });\ncp.execFileSync('git', ['clean', '-fdx']);\ncp.spawnSync('make clean', { shell: true });`, commands: ['git clean -fdx', 'make clean', 'rm -rf src'] },
    { name: 'a callback is read too', src: `const fs = require('fs');\nfs.rm('data', { recursive: true }, (err) => { if (err) throw err; });`, commands: ['rm -r data'] },
    { name: 'forEach over a literal list', src: `const fs = require('fs');\n['build', '.git'].forEach((d) => fs.rmSync(d, { recursive: true, force: true }));`, commands: ['rm -rf .git', 'rm -rf build'] },
    { name: 'for…of over a list', src: `import { rmSync } from 'fs';\nconst dirs = ['coverage', 'src'];\nfor (const d of dirs) rmSync(d, { recursive: true });`, commands: ['rm -r coverage', 'rm -r src'] },
    { name: 'a temp folder from mkdtempSync', src: `const fs = require('fs');\nconst os = require('os');\nconst dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-'));\nfs.rmSync(dir, { recursive: true, force: true });`, commands: ['rm -rf "$(mktemp -d)"'] },
    { name: 'an environment variable with a default', src: `const fs = require('fs');\nfs.rmSync(process.env.OUT_DIR || 'dist', { recursive: true });\nfs.rmSync(process.env.TARGET, { recursive: true });`, commands: ['rm -r "$TARGET"', 'rm -r dist'] },
    { name: 'a zx template', src: "import { $ } from 'zx';\nconst dir = 'src';\nawait $`rm -rf ${dir}`;\nawait $`git push`;", commands: ['git push', 'rm -rf src'] },
    { name: 'execa', src: `import { execa } from 'execa';\nawait execa('git', ['reset', '--hard']);`, commands: ['git reset --hard'] },
    { name: 'a class method helper', src: `const { execSync } = require('child_process');\nclass Runner {\n  run(cmd) { execSync(cmd); }\n  go() { this.run('git push -f'); }\n}`, commands: ['git push -f'] },
    { name: 'an arrow function helper', src: `const { execSync } = require('child_process');\nconst sh = (c) => execSync(c, { stdio: 'inherit' });\nsh('npm run build');\nsh('rm -rf src');`, commands: ['npm run build', 'rm -rf src'] },
    { name: 'writeFileSync overwrites', src: `const fs = require('fs');\nfs.writeFileSync('.env', 'X=1');\nfs.appendFileSync('log.txt', 'x');\nfs.writeFileSync('a.log', 'x', { flag: 'a' });`, commands: [': > .env'] },
    { name: 'open with w empties the file; wx, a and r do not', src: `const fs = require('fs');\nconst fd = fs.openSync('.env', 'w');\nfs.openSync('new.txt', 'wx');\nfs.open('log.txt', 'a', () => {});\nawait fs.promises.open('db.sqlite', 'w+');\nfs.openSync('data.json', 'r');`, commands: [': > .env', ': > db.sqlite'] },
    { name: 'eval of literal code', src: `eval("require('fs').rmSync('src', { recursive: true })")`, commands: ['rm -r src'] },
    { name: 'data is not a call', src: "// fs.rmSync('/')\n/* execSync('rm -rf ~') */\nconsole.log('rm -rf /');\nconst s = `fs.rmSync(x)`;\nconst re = /rmSync\\(/;", commands: [] },
    { name: 'a method named like a sink is a definition', src: `class Store {\n  rmSync(key) { this.map.delete(key); }\n}\nlist.remove(1);\nel.remove();`, commands: [] },
  ],
  typescript: [
    { name: 'type annotations are skipped', src: `import * as fs from 'fs';\nconst dir: string = '/var/lib/app';\nfs.rmSync(dir as string, { recursive: true, force: true });\nfunction clean(p: string): void { fs.rmSync(p!, { recursive: true }); }\nclean('src');`, commands: ['rm -r src', 'rm -rf /var/lib/app'] },
    { name: 'Deno APIs', src: `await Deno.remove(Deno.env.get('HOME')!, { recursive: true });\nnew Deno.Command('git', { args: ['push', '--force'] }).outputSync();\nDeno.run({ cmd: ['rm', 'x'] });`, commands: ['git push --force', 'rm -rf ~', 'rm x'] },
    { name: 'Bun APIs', src: "Bun.spawn(['rm', '-rf', 'src']);\nBun.spawnSync({ cmd: ['git', 'clean', '-fdx'] });\nawait Bun.$`rm -rf ${'dist'}`;", commands: ['git clean -fdx', 'rm -rf dist', 'rm -rf src'] },
  ],
  ruby: [
    { name: 'FileUtils with and without parentheses', src: `require 'fileutils'\nFileUtils.rm_rf('src')\nFileUtils.rm_r 'lib', verbose: true\nFileUtils.rm %w[a.txt b.txt]`, commands: ['rm -r lib', 'rm -rf src', 'rm a.txt b.txt'] },
    { name: 'the home folder', src: `require 'fileutils'\nFileUtils.rm_rf(Dir.home)\nFileUtils.rm_rf(File.join(ENV['HOME'], '.ssh'))\nFileUtils.rm_rf(File.expand_path('~/.config'))`, commands: ['rm -rf ~', 'rm -rf ~/.config', 'rm -rf ~/.ssh'] },
    { name: 'the script folder', src: `require 'fileutils'\nFileUtils.rm_rf(File.join(__dir__, '..', 'app'))\nFileUtils.rm_rf(File.expand_path('../db', File.dirname(__FILE__)))`, commands: ['rm -rf /home/dev/project/app', 'rm -rf /home/dev/project/db'] },
    { name: 'File, Dir and Pathname', src: `File.delete('config/master.key')\nDir.rmdir('empty')\nPathname.new('tmp/x').rmtree\nFile.write('.env', 'X=1')`, commands: [': > .env', 'rm -rf tmp/x', 'rm config/master.key', 'rmdir empty'] },
    { name: 'shell-outs', src: "system('git push --force')\nsystem('rm', '-rf', 'src')\n`terraform destroy -auto-approve`\n%x(rm -rf ~)\nexec 'git clean -fdx'", commands: ['git clean -fdx', 'git push --force', 'rm -rf src', 'rm -rf ~', 'terraform destroy -auto-approve'] },
    { name: 'interpolation in a shell string', src: 'dir = "db"\nsystem("rm -rf #{dir}")\n`rm -rf #{Dir.home}/x`', commands: ['rm -rf "$HOME"/x', 'rm -rf db'] },
    { name: 'Open3 and IO.popen', src: `require 'open3'\nOpen3.capture3('git', 'reset', '--hard')\nIO.popen(['rm', '-rf', 'src'])`, commands: ['git reset --hard', 'rm -rf src'] },
    { name: 'PTY.spawn', src: `require 'pty'\nPTY.spawn('git', 'clean', '-fdx') { |r, w, pid| }`, commands: ['git clean -fdx'] },
    { name: 'each over a word list', src: `require 'fileutils'\n%w[build src].each { |d| FileUtils.rm_rf(d) }\n['a', 'b'].each do |x|\n  FileUtils.rm_rf(x)\nend`, commands: ['rm -rf a', 'rm -rf b', 'rm -rf build', 'rm -rf src'] },
    { name: 'a temp folder from mktmpdir', src: `require 'tmpdir'\nDir.mktmpdir do |dir|\n  FileUtils.rm_rf(dir)\nend`, commands: ['rm -rf "$(mktemp -d)"'] },
    { name: 'a Rakefile: bare FileUtils and sh', src: `require 'rake'\ntask :clean do\n  rm_rf 'pkg'\n  sh 'git clean -fdx'\nend`, commands: ['git clean -fdx', 'rm -rf pkg'] },
    { name: 'a helper method', src: `def run(cmd)\n  system(cmd)\nend\nrun 'git push -f'\nrun('ls')`, commands: ['git push -f', 'ls'] },
    { name: 'FileUtils::DryRun deletes nothing', src: `FileUtils::DryRun.rm_rf('src')`, commands: [] },
    { name: 'data is not a call', src: `# FileUtils.rm_rf('/')\nputs "FileUtils.rm_rf('/')"\nx = 'system("rm -rf ~")'\n=begin\nsystem('rm -rf /')\n=end\nhash.delete(:key)`, commands: [] },
  ],
  perl: [
    { name: 'unlink, rmdir, rmtree, remove_tree', src: `use File::Path qw(rmtree remove_tree);\nunlink 'a.txt', 'b.txt';\nrmdir 'empty';\nrmtree('src');\nremove_tree("/var/www", { keep_root => 1 });`, commands: ['rm -rf /var/www/*', 'rm -rf src', 'rm a.txt b.txt', 'rmdir empty'] },
    { name: 'the home folder and interpolation', src: `use File::Path qw(rmtree);\nmy $home = $ENV{HOME};\nrmtree("$home/.ssh");\nrmtree($ENV{'HOME'});`, commands: ['rm -rf ~', 'rm -rf ~/.ssh'] },
    { name: 'the script folder', src: `use FindBin;\nuse File::Path qw(rmtree);\nrmtree("$FindBin::Bin/../lib");`, commands: ['rm -rf /home/dev/project/lib'] },
    { name: 'system, exec, backquotes, qx', src: "system('git push --force');\nsystem('rm', '-rf', 'src');\nmy $x = `git clean -fdx`;\nmy $y = qx{rm -rf ~};\nexec 'make', 'clean';", commands: ['git clean -fdx', 'git push --force', 'make clean', 'rm -rf src', 'rm -rf ~'] },
    { name: 'a glob and a loop', src: `unlink glob("*.bak");\nfor my $d (qw(build src)) { system("rm -rf $d") }`, commands: ['rm *.bak', 'rm -rf build', 'rm -rf src'] },
    { name: 'open: a pipe and an overwrite', src: `open(my $fh, '-|', 'git', 'log');\nopen(OUT, ">", ".env");\nopen(my $p, "rm -rf src |");\nopen(my $in, '<', 'data.txt');`, commands: [': > .env', 'git log', 'rm -rf src'] },
    { name: 'IPC::Open3, IPC::Open2 and truncate', src: `use IPC::Open3;\nuse IPC::Open2;\nmy $pid = open3(my $in, my $out, my $err, 'git', 'push', '--force');\nopen2(my $o, my $i, 'rm -rf src');\ntruncate('.env', 0);\ntruncate('big.log', 1024);`, commands: ['git push --force', 'rm -rf src', 'truncate -s 0 .env'] },
    { name: 'a sub with its arguments', src: `sub run { my ($cmd) = @_; system($cmd); }\nrun('git reset --hard');\nsub wipe { my $d = shift; rmtree($d) }\nwipe('/etc');`, commands: ['git reset --hard', 'rm -rf /etc'] },
    { name: 'a temp folder', src: `use File::Temp qw(tempdir);\nmy $t = tempdir(CLEANUP => 1);\nrmtree($t);`, commands: ['rm -rf "$(mktemp -d)"'] },
    { name: 'data is not a call', src: `# rmtree('/')\nprint "rmtree('/')\\n";\nmy $s = 'system("rm -rf ~")';\n$x =~ s/unlink/remove/g;\n\n=pod\n\nsystem('rm -rf /');\n\n=cut\n`, commands: [] },
  ],
  go: [
    { name: 'os.RemoveAll and os.Remove', src: `package main\nimport "os"\nfunc main() {\n\tos.RemoveAll("src")\n\tos.Remove("go.sum")\n}`, commands: ['rm -rf src', 'rm go.sum'] },
    { name: 'the home folder', src: `package main\nimport (\n\t"os"\n\t"path/filepath"\n)\nfunc main() {\n\thome, _ := os.UserHomeDir()\n\tos.RemoveAll(filepath.Join(home, ".kube"))\n\tos.RemoveAll(os.Getenv("HOME"))\n}`, commands: ['rm -rf ~', 'rm -rf ~/.kube'] },
    { name: 'exec.Command and an alias', src: `package main\nimport ex "os/exec"\nfunc main() {\n\tex.Command("git", "push", "--force").Run()\n\tex.CommandContext(ctx, "rm", "-rf", "src").Run()\n\tex.Command("sh", "-c", "make clean").Run()\n}`, commands: ['git push --force', 'rm -rf src', 'sh -c \'make clean\''] },
    { name: 'os.StartProcess and the system calls', src: `package main\nimport (\n\t"os"\n\t"syscall"\n\t"golang.org/x/sys/unix"\n)\nfunc main() {\n\tos.StartProcess("/bin/rm", []string{"rm", "-rf", "src"}, &os.ProcAttr{})\n\tsyscall.Unlink("go.mod")\n\tunix.Rmdir("empty")\n}`, commands: ['rm -rf src', 'rm go.mod', 'rmdir empty'] },
    { name: 'a range over a slice', src: `package main\nimport "os"\nfunc main() {\n\tfor _, d := range []string{"bin", "src"} {\n\t\tos.RemoveAll(d)\n\t}\n}`, commands: ['rm -rf bin', 'rm -rf src'] },
    { name: 'a temp folder', src: `package main\nimport "os"\nfunc main() {\n\tdir, _ := os.MkdirTemp("", "x")\n\tdefer os.RemoveAll(dir)\n}`, commands: ['rm -rf "$(mktemp -d)"'] },
    { name: 'a helper function', src: `package main\nimport "os"\nfunc wipe(p string) { os.RemoveAll(p) }\nfunc main() { wipe("/var/lib") }`, commands: ['rm -rf /var/lib'] },
    { name: 'data is not a call', src: "package main\n// os.RemoveAll(\"/\")\nfunc main() {\n\tfmt.Println(\"rm -rf /\")\n\ts := `os.RemoveAll(home)`\n}", commands: [] },
  ],
};

describe('source-scan: what interpreter source deletes and runs', () => {
  for (const [lang, cases] of Object.entries(CASES) as [SourceLanguage, Case[]][]) {
    describe(lang, () => {
      for (const c of cases) {
        it(c.name, () => {
          assert.deepEqual(commandsOf(lang, c.src), [...c.commands].sort());
        });
      }
    });
  }

  it('each step names its line and quotes it, trimmed and clipped', () => {
    const long = `shutil.rmtree('src')  # ${'x'.repeat(400)}`;
    const r = scanSource('python', `import shutil\n\n    ${long}\nshutil.rmtree('lib')`);
    assert.deepEqual(r.steps.map((s) => s.line), [3, 4]);
    assert.ok(r.steps[0].text.startsWith("shutil.rmtree('src')"));
    assert.ok(r.steps[0].text.length <= 200, `${r.steps[0].text.length}`);
    assert.equal(r.steps[1].text, "shutil.rmtree('lib')");
  });

  it('a helper is reported at the line that calls it', () => {
    const r = scanSource('python', `import os\ndef sh(c):\n    os.system(c)\n\nsh('git push -f')`);
    assert.deepEqual(r.steps.map((s) => [s.line, s.text]), [[5, "sh('git push -f')"]]);
  });

  it('never copies a secret into the quoted line', () => {
    const r = scanSource('python', `import subprocess\nsubprocess.run(['curl', '-H', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789'])`);
    assert.equal(r.steps.length, 1);
    assert.ok(!r.steps[0].text.includes('abcdefghijklmnopqrstuvwxyz0123456789'), r.steps[0].text);
  });

  it('without a script folder, the script is in the folder it runs from', () => {
    const r = scanSource('javascript', `require('fs').rmSync(require('path').join(__dirname, 'src'), { recursive: true })`, {});
    assert.deepEqual(r.steps.map((s) => s.command), ['rm -r src']);
  });
});

/** The strongest answer of the engine for everything the source does (allow when nothing). */
function judged(lang: SourceLanguage, src: string): Decision {
  const rank: Decision[] = ['allow', 'warn', 'gate'];
  let best: Decision = 'allow';
  for (const s of scanSource(lang, src, { scriptDir: SCRIPT_DIR }).steps) {
    const d = evaluateCommand(s.command, { ctx: TEST_CONTEXT }).decision;
    if (rank.indexOf(d) > rank.indexOf(best)) best = d;
  }
  return best;
}

describe('source-scan: judged like the same commands typed', () => {
  const table: { lang: SourceLanguage; src: string; expect: Decision; why: string }[] = [
    // Everyday scripts stay quiet.
    { lang: 'python', expect: 'allow', why: 'a build script cleaning its output', src: `import os, shutil\nROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nfor d in ('build', 'dist'):\n    shutil.rmtree(os.path.join(ROOT, d), ignore_errors=True)\nfor p in glob.glob('*.egg-info'):\n    shutil.rmtree(p)` },
    { lang: 'python', expect: 'allow', why: 'a computed project root with a build-output tail', src: `import shutil, subprocess\nroot = subprocess.check_output(['git', 'rev-parse', '--show-toplevel']).decode().strip()\nshutil.rmtree(root + '/build')\nshutil.rmtree(os.path.join(root, '.pytest_cache'))` },
    { lang: 'python', expect: 'allow', why: 'a test tearing down its temp folder', src: `import shutil, tempfile\nclass T:\n    def setUp(self):\n        self.d = tempfile.mkdtemp(prefix='t')\n    def tearDown(self):\n        shutil.rmtree(self.d)` },
    { lang: 'python', expect: 'allow', why: 'printing and logging a command', src: `print("rm -rf /")\nlogging.info('would run: rm -rf %s', path)\n# shutil.rmtree(os.path.expanduser('~'))` },
    { lang: 'python', expect: 'allow', why: 'running the tests and a build', src: `import subprocess, sys\nsubprocess.run([sys.executable, '-m', 'pytest', '-q'], check=True)\nsubprocess.run('npm run build', shell=True)\nwith open('report.json', 'w') as f: json.dump(r, f)` },
    { lang: 'javascript', expect: 'allow', why: 'a build script emptying dist', src: `const fs = require('fs');\nconst path = require('path');\nconst dist = path.resolve(__dirname, '../dist');\nfs.rmSync(dist, { recursive: true, force: true });\nfs.mkdirSync(dist);\nrequire('child_process').execSync('tsc -p .', { stdio: 'inherit' });` },
    { lang: 'javascript', expect: 'allow', why: 'a test removing its temp folder', src: `const os = require('os');\nlet dir;\nbeforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x-')); });\nafterEach(() => fs.rmSync(dir, { recursive: true, force: true }));` },
    { lang: 'ruby', expect: 'allow', why: 'a Rakefile cleaning build output', src: `require 'fileutils'\nFileUtils.rm_rf(Dir.glob('tmp/*'))\nFileUtils.rm_rf('coverage')\nsystem('bundle', 'exec', 'rspec')` },
    { lang: 'ruby', expect: 'allow', why: 'a temp folder in a test', src: `Dir.mktmpdir { |d| File.write(File.join(d, 'x'), 'y'); FileUtils.rm_rf(d) }` },
    { lang: 'perl', expect: 'allow', why: 'a log file and a temp folder', src: `unlink 'out.log' if -e 'out.log';\nmy $t = File::Temp->newdir;\nrmtree($t);\nsystem('make', 'test');` },
    { lang: 'go', expect: 'allow', why: 'a test temp folder and a build', src: `package x\nfunc TestX(t *testing.T) {\n\tdir := t.TempDir()\n\tos.RemoveAll(dir)\n\texec.Command("go", "build", "./...").Run()\n}` },
    // Temp folders stay temp through variables, lists, sets, loops and a None in one case.
    { lang: 'javascript', expect: 'allow', why: 'temp folders made or not, removed in a loop over them', src: `const { mkdtempSync, rmSync } = require('fs');\nconst os = require('os');\nconst own = opts.workspace ? undefined : mkdtempSync(path.join(os.tmpdir(), 'ws-'));\nconst dev = opts.dev ? null : mkdtempSync(path.join(os.tmpdir(), 'dev-'));\nfor (const f of [own, dev]) if (f) rmSync(f, { recursive: true, force: true });` },
    { lang: 'typescript', expect: 'allow', why: 'a set of temp folders filled and emptied elsewhere', src: `import { mkdtempSync, rmSync } from 'node:fs';\nimport os from 'node:os';\nconst inUse = new Set<string>();\nexport function start(): string {\n  const d = mkdtempSync(os.tmpdir() + '/run-');\n  inUse.add(d);\n  return d;\n}\nprocess.on('SIGINT', () => {\n  for (const folder of inUse) rmSync(folder, { recursive: true, force: true });\n});` },
    { lang: 'python', expect: 'allow', why: 'a list of temp folders appended to and removed', src: `import shutil, tempfile\ndirs = []\ndef make():\n    dirs.append(tempfile.mkdtemp())\n    dirs.extend([tempfile.mkdtemp(prefix='b')])\nfor d in dirs:\n    shutil.rmtree(d)` },
    { lang: 'ruby', expect: 'allow', why: 'an array of temp folders', src: `require 'fileutils'\nrequire 'tmpdir'\ndirs = []\ndirs << Dir.mktmpdir\ndirs.push(Dir.mktmpdir)\ndirs.each { |d| FileUtils.rm_rf(d) }` },
    // What would destroy something is judged as that.
    { lang: 'javascript', expect: 'gate', why: 'the home folder added to a list of folders to remove', src: `const fs = require('fs');\nconst os = require('os');\nconst dirs = [];\ndirs.push(fs.mkdtempSync('/tmp/x-'));\ndirs.push(os.homedir());\nfor (const d of dirs) fs.rmSync(d, { recursive: true, force: true });` },
    { lang: 'python', expect: 'warn', why: 'a set filled from user input', src: `import shutil\ntargets = set()\ntargets.add(input('folder to remove: '))\nfor t in targets:\n    shutil.rmtree(t)` },
    { lang: 'typescript', expect: 'gate', why: 'the home folder when a flag is unset, else a temp folder', src: `import { mkdtempSync, rmSync } from 'node:fs';\nimport os from 'node:os';\nconst d = opts.keep ? os.homedir() : mkdtempSync('/tmp/x-');\nrmSync(d, { recursive: true });` },
    { lang: 'python', expect: 'gate', why: 'the home folder', src: `import shutil, os\nshutil.rmtree(os.path.expanduser('~'))` },
    { lang: 'python', expect: 'gate', why: 'the project source through a helper', src: `import subprocess\ndef run(c):\n    subprocess.run(c, shell=True)\nrun('rm -rf src')` },
    { lang: 'python', expect: 'warn', why: 'a path from the command line', src: `import shutil, sys\nshutil.rmtree(sys.argv[1])` },
    { lang: 'python', expect: 'warn', why: 'a force push', src: `import os\nos.system('git push --force')` },
    { lang: 'javascript', expect: 'gate', why: 'the .git folder', src: `require('fs').rmSync(require('path').join(__dirname, '..', '.git'), { recursive: true, force: true })` },
    { lang: 'javascript', expect: 'gate', why: 'a hard reset', src: `require('child_process').execSync('git reset --hard HEAD~3')` },
    { lang: 'ruby', expect: 'gate', why: 'the home folder in a shell string', src: 'system("rm -rf #{Dir.home}")' },
    { lang: 'perl', expect: 'gate', why: 'the ssh keys', src: `use File::Path;\nrmtree("$ENV{HOME}/.ssh");` },
    { lang: 'go', expect: 'gate', why: 'a system folder', src: `package main\nimport "os"\nfunc main() { os.RemoveAll("/etc") }` },
  ];
  for (const t of table) {
    it(`${t.lang}: ${t.why} → ${t.expect}`, () => {
      assert.equal(judged(t.lang, t.src), t.expect, scanSource(t.lang, t.src, { scriptDir: SCRIPT_DIR }).steps.map((s) => s.command).join(' ; '));
    });
  }
});

const LANGS: SourceLanguage[] = ['python', 'javascript', 'typescript', 'ruby', 'perl', 'go'];

/** Pieces of source in every language, so random programs reach the interesting paths. */
const FRAGMENTS = [
  'shutil.rmtree(', 'os.remove(', 'os.system(', 'subprocess.run([', 'fs.rmSync(', 'execSync(', 'FileUtils.rm_rf ', 'system ', 'rmtree(', 'unlink ', 'os.RemoveAll(', 'exec.Command(',
  'def f(x):\n', 'function f(x) {', 'sub f {', 'func f(x string) {', 'end\n', '}\n', ')', '(', '[', ']', '{', ',', ':', ';', '=', ' = ', '+', '/', '.', '->', '::', '=>', '|x|', ' do ',
  "'", '"', '`', '"""', "'''", '${', '#{', '{x}', 'f"', 'r"', '%w[', '%x(', 'qw(', 'qx{', 'q{', 's/a/b/', '/re/', '<<EOF\n', 'EOF\n', '<<~X\n', '\nX\n', '#', '//', '/*', '*/', '=begin\n', '=end\n', '\n=pod\n', '\n=cut\n', '__END__\n',
  'x', 'self.x', '$x', '@x', '%ENV', '$ENV{HOME}', 'Path.home()', 'os.homedir()', '__dirname', '__file__', 'Dir.home', 'os.UserHomeDir()', 'for d in ', 'for (const d of ', '.each { |d| ', 'range ',
  '~', '/', 'src', 'dist', '..', '\n', '\t', ' ', '\\', '\u0000', 'é', '🙂',
];

describe('source-scan: never throws, always bounded', () => {
  it('an empty or unclosed zx template runs nothing (the fuzzer found $` as a step with no command)', () => {
    for (const src of ['$`', '$``', 'await $`  `']) assert.deepEqual(scanSource('javascript', src, { scriptDir: SCRIPT_DIR }).steps, [], src);
  });

  it('random programs in every language', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LANGS), fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })), { maxLength: 120 }), (lang, parts) => {
        const src = parts.join('');
        const r = scanSource(lang, src, { scriptDir: SCRIPT_DIR });
        const lines = src.split('\n').length;
        assert.ok(r.steps.length <= MAX_STEPS);
        for (const s of r.steps) {
          assert.ok(Number.isInteger(s.line) && s.line >= 1 && s.line <= lines, `line ${s.line} of ${lines}`);
          assert.ok(s.text.length <= 200);
          assert.equal(typeof s.command, 'string');
          assert.ok(s.command.trim().length > 0);
        }
        assert.ok(r.issues.every((x) => typeof x === 'string'));
      }),
      { numRuns: 600 },
    );
  });

  it('binary and random bytes in every language', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LANGS), fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (lang, bytes, utf8) => {
        const src = utf8 ? new TextDecoder().decode(bytes) : String.fromCharCode(...bytes);
        const r = scanSource(lang, src, { scriptDir: SCRIPT_DIR });
        assert.ok(r.steps.length <= MAX_STEPS);
        assert.ok(r.issues.length <= 20 && r.issues.every((x) => typeof x === 'string' && !/reading the source failed/.test(x)), r.issues.join('; '));
      }),
      { numRuns: 300 },
    );
  });

  it('inline code of any text never breaks the engine', () => {
    const programs = ['python3 -c', 'node -e', 'ruby -e', 'perl -e', 'deno eval', 'bun -e'];
    fc.assert(
      fc.property(fc.constantFrom(...programs), fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), { maxLength: 60 }), (program, parts) => {
        const code = parts.join('').replace(/'/g, "'\\''");
        const r = evaluateCommand(`${program} '${code}'`, { ctx: TEST_CONTEXT });
        assert.ok(!r.findings.some((f) => /internal error|failed on this command/.test(f.message)), r.findings.map((f) => f.message).join(' | '));
      }),
      { numRuns: 300 },
    );
  });

  it('deep nesting, long strings and unclosed constructs', () => {
    for (const lang of LANGS) {
      for (const src of ['('.repeat(20_000), '['.repeat(20_000) + ']'.repeat(20_000), `x = ${'f('.repeat(5000)}1${')'.repeat(5000)}`, '"'.repeat(30_001), `"${'${'.repeat(5000)}`, `<<A ${'<<A '.repeat(5000)}\n`, `${'a = a + a\n'.repeat(3000)}shutil.rmtree(a)`]) {
        const r = scanSource(lang, src);
        assert.ok(r.steps.length <= MAX_STEPS);
      }
    }
  });

  it('a run of parentheses never closed is read once: what follows it is still found', () => {
    // Each unclosed `(` was a call of the one before it and then a head the walk started at again:
    // 2,000 of them spent the whole budget, so the deletion after them went unread.
    const py = scanSource('python', `import shutil\n${'('.repeat(2000)}\nshutil.rmtree('/etc')\n`);
    assert.deepEqual([py.steps.map((s) => s.command), py.issues], [['rm -rf /etc'], []]);
    const js = scanSource('javascript', `const fs = require('fs');\n${'('.repeat(20_000)}\nfs.rmSync('/etc', { recursive: true });\n`);
    assert.deepEqual([js.steps.map((s) => s.command), js.issues], [['rm -r /etc'], []]);
  });

  it('input past the cap is an issue, and its start is still read', () => {
    const big = `import shutil\nshutil.rmtree('src')\n${'# filler\n'.repeat(MAX_SOURCE / 8)}`;
    const r = scanSource('python', big);
    assert.deepEqual(r.steps.map((s) => s.command), ['rm -rf src']);
    assert.ok(r.issues.some((x) => /only the first/.test(x)), r.issues.join('; '));
  });

  it('more deletions than it lists is an issue', () => {
    const src = Array.from({ length: MAX_STEPS + 10 }, (_, i) => `shutil.rmtree('d${i}')`).join('\n');
    const r = scanSource('python', src);
    assert.equal(r.steps.length, MAX_STEPS);
    assert.ok(r.issues.some((x) => /more than/.test(x)));
  });

  it('an input that is not a string is read as one', () => {
    assert.deepEqual(scanSource('python', 42 as unknown as string).steps, []);
  });
});

describe('source-lex: strings and comments are not code', () => {
  const ids = (lang: SourceLanguage, src: string): string[] => lex(lang, src).toks.filter((t) => t.k === 'id').map((t) => t.v);
  it('Python: comments, docstrings, f-string holes', () => {
    assert.deepEqual(ids('python', `# rmtree\nx = """rmtree"""\ny = f"{z}{{rmtree}}"`), ['x', 'y']);
    const f = lex('python', `f"a{b}c"`).toks[0];
    assert.equal(f.k, 'str');
    assert.ok(f.parts?.some((p) => typeof p !== 'string' && p.expr[0].v === 'b'));
  });
  it('JavaScript: regular expressions and divisions, templates', () => {
    assert.deepEqual(ids('javascript', 'a = b / c / d; r = /rmSync(/g; t = `x${y}`'), ['a', 'b', 'c', 'd', 'r', 't']);
  });
  it('Ruby: heredocs, %-literals, =begin blocks', () => {
    assert.deepEqual(ids('ruby', `s = <<~EOS\n  system('x')\nEOS\nw = %w[rm_rf a]\n=begin\nrm_rf\n=end\nz = 1 % 2`), ['s', 'w', 'z']);
  });
  it('Perl: POD, quote-like operators, file tests', () => {
    assert.deepEqual(ids('perl', `my $a = q{unlink};\n$b =~ s{x}{unlink}g;\n\n=pod\n\nunlink\n\n=cut\nprint -s $f;`), ['my', '$a', '$b', 'print', 's', '$f']);
  });
  it('Go: raw strings', () => {
    assert.deepEqual(ids('go', 'x := `os.RemoveAll("/")`'), ['x']);
  });
});

describe('source-scan: the caller\'s clock', () => {
  const src = `import shutil\nshutil.rmtree('/etc')\n${'x = 1\n'.repeat(20_000)}shutil.rmtree('/var/lib')\n`;

  it('stops the reading when it runs out, with what was found until then and no issue', () => {
    let asked = 0;
    const r = scanSource('python', src, { outOfTime: () => ++asked > 3 });
    assert.equal(r.spent, true);
    assert.deepEqual(r.issues, []);
    assert.ok(asked > 3);
    assert.ok(!r.steps.some((s) => s.command.includes('/var/lib')), r.steps.map((s) => s.command).join(' ; '));
  });

  it('reads everything while there is time', () => {
    const r = scanSource('python', src, { outOfTime: () => false });
    assert.equal(r.spent, undefined);
    assert.deepEqual(r.steps.map((s) => s.command), ['rm -rf /etc', 'rm -rf /var/lib']);
  });

  it('a clock already spent reads nothing', () => {
    const r = scanSource('python', src, { outOfTime: () => true });
    assert.deepEqual([r.steps, r.spent], [[], true]);
  });
});
