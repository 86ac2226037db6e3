/**
 * Security taken out of code: route guards (SRC003), and the rules for token verification, CSRF
 * and CORS. Each case is the smallest edit that shows it, across the frameworks the rules name.
 */
import assert from 'node:assert/strict';
import { evaluateBatch } from '../../../src/core/edit/engine';
import type { FileChange } from '../../../src/core/edit/types';

function ids(changes: FileChange[], rule?: string): string[] {
  const res = evaluateBatch(changes);
  return res.files.flatMap((f) => f.findings.filter((x) => !rule || x.ruleId === rule).map((x) => `${f.path}:${x.range.start.line + 1}:${x.ruleId}`));
}
const edit = (path: string, before: string, after: string): FileChange[] => [{ path, before, after }];

describe('SRC003 auth-check-removed across frameworks', () => {
  it('a route\'s own guard removed while an app-wide one stays is still a removal (Express)', () => {
    assert.deepEqual(ids(edit('src/app.ts', "app.use(authenticate);\napp.delete('/admin/users/:id', requireAdmin, handler);\n", "app.use(authenticate);\napp.delete('/admin/users/:id', handler);\n"), 'SRC003'), ['src/app.ts:2:SRC003']);
  });

  it('the guard moved to the router that mounts the route, in another file of the step, is quiet', () => {
    const changes: FileChange[] = [
      { path: 'src/routes/admin.ts', before: "router.delete('/admin/users/:id', requireAdmin, handler);\n", after: "router.delete('/admin/users/:id', handler);\n" },
      { path: 'src/app.ts', before: "app.use('/admin', adminRouter);\n", after: "app.use('/admin', requireAdmin, adminRouter);\n" },
    ];
    assert.deepEqual(ids(changes, 'SRC003'), []);
  });

  it('Nest: @UseGuards taken off one method fires even though another method keeps its own', () => {
    const method = (guard: boolean) => `${guard ? '  @UseGuards(JwtAuthGuard)\n' : ''}  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.users.remove(id);\n  }\n`;
    const head = "@Controller('users')\nexport class UsersController {\n  @UseGuards(JwtAuthGuard)\n  @Get()\n  list() {\n    return this.users.list();\n  }\n\n";
    assert.deepEqual(ids(edit('src/users.controller.ts', `${head}${method(true)}}\n`, `${head}${method(false)}}\n`), 'SRC003'), ['src/users.controller.ts:9:SRC003']);
  });

  it('Nest: the guard moved up to the controller class is quiet', () => {
    const body = "export class UsersController {\n  @Delete(':id')\n  remove(@Param('id') id: string) {\n    return this.users.remove(id);\n  }\n}\n";
    const before = `@Controller('users')\n${body.replace('  @Delete', '  @UseGuards(JwtAuthGuard)\n  @Delete')}`;
    assert.deepEqual(ids(edit('src/users.controller.ts', before, `@UseGuards(JwtAuthGuard)\n@Controller('users')\n${body}`), 'SRC003'), []);
  });

  it('FastAPI: Depends(get_current_user) dropped from a handler that stays fires', () => {
    assert.deepEqual(ids(edit('app/main.py', "@app.delete('/items/{item_id}')\nasync def delete_item(item_id: int, user: User = Depends(get_current_user)):\n    await items.delete(item_id)\n", "@app.delete('/items/{item_id}')\nasync def delete_item(item_id: int):\n    await items.delete(item_id)\n"), 'SRC003'), ['app/main.py:2:SRC003']);
  });

  it('FastAPI: route dependencies moved to APIRouter(dependencies=…) are quiet', () => {
    assert.deepEqual(ids(edit('app/main.py', "router = APIRouter()\n@router.delete('/items/{item_id}', dependencies=[Depends(verify_token)])\nasync def delete_item(item_id: int):\n    await items.delete(item_id)\n", "router = APIRouter(dependencies=[Depends(verify_token)])\n@router.delete('/items/{item_id}')\nasync def delete_item(item_id: int):\n    await items.delete(item_id)\n"), 'SRC003'), []);
  });

  it('Django: LoginRequiredMixin dropped from a class-based view fires; the view deleted is quiet', () => {
    const before = "class AdminView(LoginRequiredMixin, View):\n    def get(self, request):\n        return render(request, 'a.html')\n";
    assert.deepEqual(ids(edit('app/views.py', before, "class AdminView(View):\n    def get(self, request):\n        return render(request, 'a.html')\n"), 'SRC003'), ['app/views.py:1:SRC003']);
    assert.deepEqual(ids(edit('app/views.py', `${before}\nclass Other(View):\n    pass\n`, 'class Other(View):\n    pass\n'), 'SRC003'), []);
  });

  it('a guard swapped for another guard on the same route is quiet', () => {
    assert.deepEqual(ids(edit('src/routes/admin.ts', "router.delete('/admin/users/:id', requireAdmin, handler);\n", "router.delete('/admin/users/:id', requireRole('admin'), handler);\n"), 'SRC003'), []);
  });
});
