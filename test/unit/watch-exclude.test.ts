import assert from 'node:assert/strict';
import { enabledGlobs, excluder, expandBraces, inSkippedFolder, isSkippedFolderName } from '../../src/core/watch/exclude';

describe('watch: excluded paths', () => {
  it('skips version-control metadata and build output folders', () => {
    assert.ok(isSkippedFolderName('.git') && isSkippedFolderName('node_modules') && isSkippedFolderName('dist'));
    assert.ok(inSkippedFolder('packages/app/node_modules/x/index.js'));
    assert.ok(!inSkippedFolder('infra/db.tf'));
    // A file merely named like a folder is not skipped.
    assert.ok(!inSkippedFolder('dist'));
  });

  it('matches VS Code exclude globs against the path and its folders', () => {
    const ex = excluder(['**/.DS_Store', 'generated', '**/*.{log,tmp}', '**/.git/objects/**']);
    assert.ok(ex('a/.DS_Store'));
    assert.ok(ex('src/generated/x.ts'));
    assert.ok(ex('logs2/run.log') && ex('x.tmp'));
    assert.ok(ex('.git/objects/ab/cd'));
    assert.ok(!ex('src/main.ts'));
    assert.equal(excluder([])('anything'), false);
  });

  it('expands braces with a bound, and reads only true values of a files.exclude object', () => {
    assert.deepEqual(expandBraces('a.{b,c{d,e}}'), ['a.b', 'a.cd', 'a.ce']);
    assert.ok(expandBraces('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}').length <= 64);
    assert.deepEqual(enabledGlobs({ '**/.git': true, '**/*.js': { when: '$(basename).ts' }, x: false }), ['**/.git']);
    assert.deepEqual(enabledGlobs(null), []);
  });
});
