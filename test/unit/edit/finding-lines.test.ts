import assert from 'node:assert/strict';
import { evaluateEdit } from '../../../src/core/edit/engine';
import { EDIT_RULES } from '../../../src/core/edit/rules/index';

/**
 * A finding about one changed attribute, property or key sits on that line, not on the header of
 * the block, resource, object or job that holds it; for one the change removed, on the line of the
 * same block that now stands where it was (and it points at the removed text).
 */
interface Case {
  name: string;
  rule: string;
  path: string;
  before: string;
  after: string;
  /** The finding's line in the after text, trimmed. */
  line: string;
  /** The removed text the finding points at, when the change took the attribute out. */
  removed?: string;
}

const DB = (body: string): string => `resource "aws_db_instance" "main" {\n  engine = "postgres"\n${body}  instance_class = "db.t3.micro"\n}\n`;

const CASES: Case[] = [
  {
    name: 'TF001: prevent_destroy taken out of a lifecycle block that stays',
    rule: 'TF001',
    path: 'db.tf',
    before: DB('  lifecycle {\n    prevent_destroy       = true\n    create_before_destroy = true\n  }\n'),
    after: DB('  lifecycle {\n    create_before_destroy = true\n  }\n'),
    line: 'create_before_destroy = true',
    removed: 'prevent_destroy       = true',
  },
  {
    name: 'TF001: the whole lifecycle block removed from the middle of the resource',
    rule: 'TF001',
    path: 'db.tf',
    before: DB('  lifecycle {\n    prevent_destroy = true\n  }\n'),
    after: DB(''),
    line: 'instance_class = "db.t3.micro"',
    removed: 'prevent_destroy = true',
  },
  {
    name: 'TF001: prevent_destroy set to false',
    rule: 'TF001',
    path: 'db.tf',
    before: DB('  lifecycle {\n    prevent_destroy = true\n  }\n'),
    after: DB('  lifecycle {\n    prevent_destroy = false\n  }\n'),
    line: 'prevent_destroy = false',
  },
  {
    name: 'TF002: deletion_protection removed (defaults to off)',
    rule: 'TF002',
    path: 'db.tf',
    before: DB('  deletion_protection = true\n'),
    after: DB(''),
    line: 'instance_class = "db.t3.micro"',
    removed: 'deletion_protection = true',
  },
  {
    name: 'TF005: backup_retention_period removed (defaults to 0)',
    rule: 'TF005',
    path: 'db.tf',
    before: DB('  backup_retention_period = 7\n'),
    after: DB(''),
    line: 'instance_class = "db.t3.micro"',
    removed: 'backup_retention_period = 7',
  },
  {
    name: 'TF005: the point_in_time_recovery block removed',
    rule: 'TF005',
    path: 'table.tf',
    before: 'resource "aws_dynamodb_table" "t" {\n  name = "t"\n  point_in_time_recovery {\n    enabled = true\n  }\n  hash_key = "id"\n}\n',
    after: 'resource "aws_dynamodb_table" "t" {\n  name = "t"\n  hash_key = "id"\n}\n',
    line: 'hash_key = "id"',
  },
  {
    name: 'TF012: for_each removed from a module (back to a single instance)',
    rule: 'TF012',
    path: 'main.tf',
    before: 'module "vpc" {\n  for_each = toset(["eu", "us"])\n  source   = "./modules/vpc"\n}\n',
    after: 'module "vpc" {\n  source   = "./modules/vpc"\n}\n',
    line: 'source   = "./modules/vpc"',
    removed: 'for_each = toset(["eu", "us"])',
  },
  {
    name: 'TF015: a value inside an object of a tfvars file',
    rule: 'TF015',
    path: 'prod.tfvars',
    before: 'environment = "production"\nnode_groups = {\n  default = {\n    min_size     = 1\n    desired_size = 4\n  }\n}\n',
    after: 'environment = "production"\nnode_groups = {\n  default = {\n    min_size     = 1\n    desired_size = 0\n  }\n}\n',
    line: 'desired_size = 0',
  },
  {
    name: 'CFN: DeletionPolicy Retain removed',
    rule: 'CFN001',
    path: 'template.yaml',
    before: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    DeletionPolicy: Retain\n    Properties:\n      DBClusterIdentifier: c\n',
    after: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DBClusterIdentifier: c\n',
    line: 'Properties:',
    removed: 'DeletionPolicy: Retain',
  },
  {
    name: 'CFN: DeletionProtection removed',
    rule: 'CFN004',
    path: 'template.yaml',
    before: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DeletionProtection: true\n      Engine: postgres\n',
    after: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n',
    line: 'Engine: postgres',
    removed: 'DeletionProtection: true',
  },
  {
    name: 'KUB: a pod made privileged',
    rule: 'KUB006',
    path: 'k8s/debug.yaml',
    before: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: sh\n      image: busybox\n',
    after: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: sh\n      image: busybox\n      securityContext:\n        privileged: true\n',
    line: 'privileged: true',
  },
  {
    name: 'KUB: an Argo CD Application with prune gets another path',
    rule: 'KUB010',
    path: 'argocd/apps/payments.yaml',
    before: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  source:\n    repoURL: https://git.example.com/deploy.git\n    path: apps/payments/prod\n  syncPolicy:\n    automated:\n      prune: true\n',
    after: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  source:\n    repoURL: https://git.example.com/deploy.git\n    path: apps/payments-v2/prod\n  syncPolicy:\n    automated:\n      prune: true\n',
    line: 'path: apps/payments-v2/prod',
  },
  {
    name: 'POL: a statement\'s Action widened to "*"',
    rule: 'POL001',
    path: 'policy.json',
    before: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}\n',
    after: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}\n',
    line: '"Action": "*",',
  },
  {
    name: 'CI: an apply job loses its environment',
    rule: 'CI001',
    path: '.github/workflows/infra.yml',
    before: 'on: push\njobs:\n  apply:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: terraform apply -auto-approve\n',
    after: 'on: push\njobs:\n  apply:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform apply -auto-approve\n',
    line: 'steps:',
    removed: 'environment: production',
  },
  {
    name: 'CI: pull_request_target checks out the head',
    rule: 'CI002',
    path: '.github/workflows/pr.yml',
    before: 'on: pull_request_target\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n',
    after: 'on: pull_request_target\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm test\n',
    line: 'ref: ${{ github.event.pull_request.head.sha }}',
  },
];

function lineAt(text: string, line: number): string {
  return (text.split('\n')[line] ?? '').trim();
}

describe('edit findings sit on the changed line', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const rule = EDIT_RULES.find((r) => r.id === c.rule);
      assert.ok(rule, `${c.rule} exists`);
      const f = evaluateEdit({ path: c.path, before: c.before, after: c.after }, { rules: [rule] }).findings.find((x) => x.ruleId === c.rule);
      assert.ok(f, `${c.rule} fires`);
      assert.equal(lineAt(c.after, f.range.start.line), c.line);
      if (c.removed) {
        assert.ok(f.removedRange, 'points at the removed text');
        assert.equal(lineAt(c.before, f.removedRange.start.line), c.removed);
      }
    });
  }
});
