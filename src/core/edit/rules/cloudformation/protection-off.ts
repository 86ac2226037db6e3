import { boolOf, type DocNode, entry, get, items, scalar } from '../../../parsers/tree';
import type { EditMatch } from '../../rule';
import { changedLineIn, defineRule, prodContext } from '../helpers';
import { CFN_FILES, cfnResources, goneFromResource, nodeSpan } from './helpers';

const PROTECTION_PROPS = ['DeletionProtection', 'DeletionProtectionEnabled', 'DisableApiTermination', 'EnableTerminationProtection', 'TerminationProtection'];

export const protectionOff = defineRule({
  id: 'CFN004',
  name: 'protection-off',
  category: 'iac',
  severity: 'high',
  files: CFN_FILES,
  summary: 'Deletion or termination protection is switched off.',
  rationale: 'DeletionProtection (RDS, DynamoDB, ELB), DisableApiTermination (EC2) and stack termination protection refuse deletes even when a template asks for them. Turning them off removes the safety net.',
  alternative: 'Keep protection on; disable it only in a reviewed change right before a planned deletion.',
  examples: {
    fire: [{ path: 'db.yaml', before: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DeletionProtection: true\n', after: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DeletionProtection: false\n' }],
    pass: [{ path: 'db.yaml', before: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DeletionProtection: false\n', after: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DeletionProtection: true\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const b = cfnResources(view, 'before');
    const a = cfnResources(view, 'after');
    for (const [id, before] of b) {
      const after = a.get(id);
      if (!after) continue;
      const bp = get(before.node, 'Properties');
      const ap = get(after.node, 'Properties');
      for (const key of PROTECTION_PROPS) {
        if (boolOf(get(bp, key)) !== true) continue;
        const e = entry(ap, key);
        const now = boolOf(e?.value);
        if (now === true) continue;
        out.push({ message: `${id}: ${key} ${e ? 'turned off' : 'removed'}`, ...(e ? { afterSpan: nodeSpan(e.value, e) } : goneFromResource(view, entry(bp, key), after)), context: prodContext(view) });
      }
      // ELB: LoadBalancerAttributes [{Key: deletion_protection.enabled, Value: "true"}]
      const attrVal = (props: DocNode | undefined): DocNode | undefined => items(get(props, 'LoadBalancerAttributes')).find((x) => scalar(get(x, 'Key')) === 'deletion_protection.enabled');
      const wasAttr = attrVal(bp);
      if (wasAttr && scalar(get(wasAttr, 'Value')) === 'true') {
        const nowAttr = attrVal(ap);
        if (!nowAttr || scalar(get(nowAttr, 'Value')) !== 'true') {
          out.push({ message: `${id}: load balancer deletion_protection.enabled turned off`, ...(nowAttr ? { afterSpan: changedLineIn(view, { start: nowAttr.start, end: nowAttr.end }, 'Value') } : goneFromResource(view, wasAttr, after)), context: prodContext(view) });
        }
      }
    }
    return out;
  },
});
