/** Command lines and files the CLI tests share (test/unit/cli.test.ts in process, test/process/cli.test.ts as a process). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A command the engine cannot see through: unanalyzable is medium, so warn under balanced. */
export const OPAQUE = '"$tool" --flag';

/** A Terraform file in the sandbox, and patches sent through the shell that remove its guard. */
const MAIN_TF = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n';
const TF_DIFF = '--- a/infra/main.tf\n+++ b/infra/main.tf\n@@ -1,6 +1,3 @@\n resource "aws_db_instance" "main" {\n   engine = "postgres"\n-  lifecycle {\n-    prevent_destroy = true\n-  }\n }\n';
export const PATCH_LINES = {
  applyPatch: "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: infra/main.tf\n@@\n   engine = \"postgres\"\n-  lifecycle {\n-    prevent_destroy = true\n-  }\n }\n*** End Patch\nEOF\n",
  gitApply: `git apply <<'EOF'\n${TF_DIFF}EOF\n`,
  patchP1: `cd infra/.. && patch -p1 <<'EOF'\n${TF_DIFF}EOF\n`,
  readme: "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: README.md\n@@\n-Hello\n+Hello, world\n*** End Patch\nEOF\n",
  missing: "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: infra/gone.tf\n@@\n-    prevent_destroy = true\n*** End Patch\nEOF\n",
};

/** Writes the files the patches above change into `sandbox`. */
export function writePatchTargets(sandbox: string): void {
  mkdirSync(path.join(sandbox, 'infra'), { recursive: true });
  writeFileSync(path.join(sandbox, 'infra', 'main.tf'), MAIN_TF);
  writeFileSync(path.join(sandbox, 'README.md'), 'Hello\n');
}
