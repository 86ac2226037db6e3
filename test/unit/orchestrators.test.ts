import assert from 'node:assert/strict';
import { extractCommands } from '../../src/core/shell/extract';

/** The programs and arguments a line runs, as `program arg…` strings. */
function runs(line: string): string[] {
  return extractCommands(line).commands.map((c) => [c.program, ...c.args.map((a) => a.value)].join(' '));
}

describe('orchestrators: the command an orchestrator runs for you', () => {
  const cases: [string, string[]][] = [
    ['atmos terraform destroy vpc -s prod-use1', ['atmos terraform destroy vpc -s prod-use1', 'terraform destroy']],
    ['atmos terraform deploy vpc --stack=dev', ['atmos terraform deploy vpc --stack=dev', 'terraform apply -auto-approve']],
    ['atmos terraform deploy vpc -s dev --planfile p.tfplan', ['atmos terraform deploy vpc -s dev --planfile p.tfplan', 'terraform apply -auto-approve p.tfplan']],
    ['atmos terraform state rm vpc -s dev aws_vpc.main', ['atmos terraform state rm vpc -s dev aws_vpc.main', 'terraform state rm aws_vpc.main']],
    ['atmos helmfile destroy nginx -s dev', ['atmos helmfile destroy nginx -s dev', 'helmfile destroy']],
    ['atmos terraform destroy vpc -s dev --dry-run', ['atmos terraform destroy vpc -s dev --dry-run']],
    ['atmos describe stacks', ['atmos describe stacks']],
    ["ansible all -m shell -a 'rm -rf /var/lib/app'", ["ansible all -m shell -a rm -rf /var/lib/app", 'rm -rf /var/lib/app']],
    ["ansible web -a 'uptime'", ['ansible web -a uptime', 'uptime']],
    ["ansible all -m ansible.builtin.file -a 'path=/etc/app state=absent'", ['ansible all -m ansible.builtin.file -a path=/etc/app state=absent', 'rm -rf -- /etc/app']],
    ["ansible all -m file -a 'path=/etc/app state=directory'", ['ansible all -m file -a path=/etc/app state=directory']],
    ["ansible all -b -m apt -a 'name=libc6,sudo state=absent purge=yes'", ['ansible all -b -m apt -a name=libc6,sudo state=absent purge=yes', 'apt-get purge -y libc6 sudo']],
    ["ansible all -m service -a 'name=nginx state=stopped enabled=no'", ['ansible all -m service -a name=nginx state=stopped enabled=no', 'systemctl stop nginx', 'systemctl disable nginx']],
    ["ansible all -m user -a 'name=deploy state=absent remove=yes'", ['ansible all -m user -a name=deploy state=absent remove=yes', 'userdel -r deploy']],
    ['ansible all -m ping', ['ansible all -m ping']],
    ["ansible all -C -m file -a 'path=/etc/app state=absent'", ['ansible all -C -m file -a path=/etc/app state=absent']],
    ["ansible all -m shell -a 'rm -rf /srv/app' --check", ['ansible all -m shell -a rm -rf /srv/app --check']],
  ];
  for (const [line, want] of cases) {
    it(line, () => assert.deepEqual(runs(line), want));
  }

  it('runs an ad-hoc command on the hosts: remote, elevated with -b', () => {
    const [, inner] = extractCommands("ansible db -b -m shell -a 'dropdb app'").commands;
    assert.equal(inner.remote, true);
    assert.equal(inner.elevated, true);
    assert.deepEqual(inner.via.at(-1), { kind: 'remote', program: 'ansible', host: 'db' });
  });

  it('gives Atmos\'s stack to Terraform as its workspace', () => {
    const [, inner] = extractCommands('atmos terraform destroy vpc -s prod-use1').commands;
    assert.deepEqual(inner.assignments.map((a) => [a.name, a.value.value]), [['TF_WORKSPACE', 'prod-use1']]);
  });
});
