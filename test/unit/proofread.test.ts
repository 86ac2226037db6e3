import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import { pathInText } from '../../src/core/follow/state';
import { confirmDialog } from '../../src/core/gate/answer';
import { kindName } from '../../src/core/plain-text';
import type { CommandResult } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';
import { repeatedWord } from '../helpers/proofread';

// What a person reads in the rules' messages, fixed in the shared text builders.
describe('proofread messages', () => {
  it('a bare "." names the current folder instead of reading as a full stop', () => {
    const r = evaluateCommand('aws s3 sync --delete . s3://www-assets', { ctx: TEST_CONTEXT });
    const m = r.findings.find((f) => f.ruleId === 'CLD003')?.message ?? '';
    assert.match(m, /missing from the current folder \(\.\) \(s3 sync --delete\)/, m);
  });

  it('a path that starts or ends with a space is quoted, so it does not read as a gap', () => {
    const ctx = { ...TEST_CONTEXT, workspaceRoot: '/w' };
    assert.equal(pathInText('/w/rm -rf ', ctx), '"rm -rf "');
    assert.equal(pathInText('/w/scripts/reset.sh', ctx), 'scripts/reset.sh');
  });

  it('the dialog does not call what could not be checked "what it would destroy"', () => {
    const result: CommandResult = {
      command: 'bash install.sh',
      score: 45,
      severity: 'medium',
      decision: 'gate',
      findings: [{ ruleId: 'UNK001', category: 'unanalyzable', severity: 'medium', score: 45, decision: 'gate', message: 'bash: install.sh does not exist (yet), so what it would run cannot be read', alternative: 'Read what it runs first.', span: { start: 0, end: 4 } }],
    };
    const d = confirmDialog(result, { timeoutSeconds: 60 });
    assert.match(d.detail, /\nWhat could not be checked: bash: install\.sh does not exist/);
    assert.doesNotMatch(d.detail, /What it would destroy/);
    const rm = confirmDialog(evaluateCommand('rm -rf src', { ctx: TEST_CONTEXT }), { timeoutSeconds: 60 });
    assert.match(rm.detail, /\nWhat it would destroy: /);
  });
});

/**
 * The first pair of adjacent words that repeat ("the secret secret/app", "the database database"),
 * without case and quotes, or undefined. A name that starts with the word before it (`secret/app`
 * after "secret") counts too. Words split by punctuation ("in it; it looks") or a bracket, and
 * words without a letter (code such as `} }`), do not.
 */
describe('proofread: no repeated words', () => {
  it('the detector finds a stutter and passes plain sentences', () => {
    assert.equal(repeatedWord('deletes the secret secret/app with every version'), 'secret secret/app');
    assert.equal(repeatedWord('drops the database `database`.'), 'database `database`.');
    assert.equal(repeatedWord('deletes the queue and every message in it; it looks like production'), undefined);
    assert.equal(repeatedWord('use `removed { lifecycle { destroy = false } }`'), undefined);
  });

  it('kindName keeps a name that repeats its kind apart from it, and leaves other names as they were', () => {
    assert.equal(kindName('secret', 'secret/app'), 'secret named secret/app');
    assert.equal(kindName('PostgreSQL database', 'database'), 'PostgreSQL database named database');
    assert.equal(kindName('volumes', 'volume, data'), 'volumes named volume, data');
    assert.equal(kindName('web app', 'api'), 'web app api');
    assert.equal(kindName('web app', 'apps-prod'), 'web app apps-prod');
  });

  it('a resource named like its kind reads without a stutter', () => {
    const say = (line: string) => evaluateCommand(line, { ctx: TEST_CONTEXT }).findings.map((f) => f.message).join(' | ');
    assert.match(say('vault kv metadata delete secret/app'), /the secret named secret\/app/);
    assert.match(say('dropdb database'), /the PostgreSQL database named database/);
    assert.match(say('kubectl delete ns namespace'), /namespace named namespace/);
    assert.match(say('az webapp delete -n app -g rg'), /the web app named app/);
    assert.match(say('kubectl delete crd/certificates.cert-manager.io'), /removes CRD certificates\.cert-manager\.io/);
    assert.match(say('semantic-release'), /^semantic-release releases the next version/);
  });

  // One line per rule that stuttered on main when a resource was named like its kind (found by giving
  // each corpus line's resource the name of the kind its message puts before it).
  const NAMED_LIKE_THEIR_KIND: readonly (readonly [string, string])[] = [
    ['CLD001', 'aws rds delete-db-instance --db-instance-identifier instance --skip-final-snapshot'],
    ['CLD002', 'gcloud storage buckets delete bucket'],
    ['CLD003', 'az storage blob sync -c container -s ./site --account-name acct'],
    ['CLD004', 'aws ec2 deregister-image --image-id ami'],
    ['CLD005', 'az aks delete -g group -n aks1 --yes'],
    ['CLD006', 'aws sqs purge-queue --queue-url queue'],
    ['CLD008', 'aws organizations close-account --account-id account'],
    ['CLD009', 'aws secretsmanager delete-secret --secret-id secret --force-delete-without-recovery'],
    ['CLD010', 'aws rds modify-db-instance --db-instance-identifier instance --no-deletion-protection --apply-immediately'],
    ['CLD011', 'doctl compute droplet delete droplet --force'],
    ['CLD012', 'az network vnet delete -g group -n vnet1'],
    ['CLD013', 'az aks scale -g rg -n cluster --node-count 0'],
    ['CTR001', 'docker volume rm volume'],
    ['CTR004', 'docker rm -v container'],
    ['CTR005', 'docker rmi image'],
    ['CTR006', 'docker stack rm stack'],
    ['CTR008', 'docker stop container'],
    ['DB001', "psql -c 'DROP ROLE role'"],
    ['DB002', 'redis-cli ACL DELUSER user'],
    ['DB003', 'dropuser role'],
    ['DB004', './manage.py migrate app zero'],
    ['DB005', 'kafka-topics.sh --bootstrap-server localhost:9092 --delete --topic topic'],
    ['DB006', 'etcdctl del key'],
    ['DB007', 'curl -XDELETE http://es:9200/index'],
    ['DB008', "node -e \"require('pg').Pool().query('DROP SCHEMA schema CASCADE')\""],
    ['DB009', "cypher-shell -d system 'DROP DATABASE database'"],
    ['FS012', 'zpool destroy pool'],
    ['GIT004', 'git push origin :refs/tags/tag'],
    ['GIT013', 'gh repo delete repository --yes'],
    ['GIT014', 'git rename-tag tag v1.0.0'],
    ['IAC001', 'atmos terraform destroy vpc -s workspace'],
    ['IAC002', 'atmos terraform apply vpc -s workspace -auto-approve'],
    ['IAC003', 'TF_WORKSPACE=workspace terraform state rm aws_s3_bucket.logs'],
    ['IAC004', 'terraform workspace delete -force workspace'],
    ['IAC005', 'terraform force-unlock -force lock'],
    ['IAC007', 'pulumi down -y -s stack'],
    ['IAC008', 'pulumi -C infra up -y --stack stack'],
    ['IAC009', 'pulumi stack rm --force stack'],
    ['IAC012', 'sam delete --stack-name stack'],
    ['IAM001', 'aws iam attach-role-policy --role-name role --policy-arn arn:aws:iam::aws:policy/AdministratorAccess'],
    ['IAM002', "aws iam put-role-policy --role-name role --policy-name all --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}'"],
    ['IAM003', "aws iam update-assume-role-policy --role-name role --policy-document '{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}]}'"],
    ['IAM004', 'gcloud projects add-iam-policy-binding project --member=serviceAccount:ci@my-proj.iam.gserviceaccount.com --role=roles/owner'],
    ['IAM005', 'az role assignment create --role Contributor --assignee app-id -g group'],
    ['IAM006', 'kubectl create clusterrolebinding clusterrolebinding --clusterrole=cluster-admin --serviceaccount=ci:deployer'],
    ['KUBE001', 'alias k=kubectl; k delete ns namespace'],
    ['KUBE003', 'kubectl delete pvc/data-mysql-0 -n namespace'],
    ['KUBE004', 'kubectl delete deploy --all -n namespace'],
    ['KUBE005', 'kubectl delete cronjob nightly -n namespace'],
    ['KUBE006', 'kubectl -n namespace apply -k overlays/prod --prune -l team=payments'],
    ['KUBE008', 'kubectl scale statefulset/db --replicas=0 -n namespace'],
    ['KUBE009', 'kubectl -n namespace replace --force -f svc.yaml'],
    ['KUBE011', 'helm delete --purge release'],
    ['KUBE012', 'helm rollback release'],
    ['KUBE013', 'helm upgrade --install release ./chart --force-replace'],
    ['KUBE014', 'argocd app delete application'],
    ['KUBE015', 'velero backup delete backup'],
    ['KUBE016', "kubectl patch pvc pvc -p '{\"metadata\":{\"finalizers\":null}}'"],
    ['PUB002', 'gh release delete release --yes'],
    ['PUB003', 'npm dist-tag rm my-pkg tag'],
    ['SYS002', 'pkill -9 -u user'],
    ['SYS003', 'sudo crontab -u user -r'],
    ['SYS004', 'nft delete table table filter'],
    ['SYS005', 'aa-disable profile'],
    ['SYS012', "ansible all -m user -a 'name=user state=absent remove=yes'"],
    ['SYS015', 'virsh undefine --domain vm --remove-all-storage --wipe-storage'],
    ['SYS016', "ansible all -a 'systemctl stop service'"],
    ['SYS022', 'bcdedit /delete entry'],
  ];

  it(`a resource named like its kind reads without a repeated word, in every rule that names one (${NAMED_LIKE_THEIR_KIND.length} rules)`, () => {
    const found: string[] = [];
    for (const [rule, line] of NAMED_LIKE_THEIR_KIND) {
      const f = evaluateCommand(line, { ctx: TEST_CONTEXT }).findings.find((x) => x.ruleId === rule);
      if (!f) found.push(`${rule} does not fire on ${line}`);
      else if (repeatedWord(f.message)) found.push(`${rule}: ${f.message}`);
    }
    assert.deepEqual(found, []);
  });
});
