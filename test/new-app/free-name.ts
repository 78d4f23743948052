// The application name the new-app tests generate: "Demo", unless this checkout already has an
// application of that name (a user who ran `wormspace new-app demo`, as docs/extending.md says,
// must still get a green `npm test`); then Demo2, Demo3, ...
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appNames, type AppNames } from '../../src/new-app/names.ts';
import { REPO } from '../../src/trace/model.ts';

export function freeAppName(repo = REPO): AppNames {
  for (let i = 1; ; i++) {
    const n = appNames(i === 1 ? 'Demo' : `Demo${i}`);
    const taken = [`src/apps/${n.lower}`, `tla/apps/${n.pascal}.tla`, `tla/apps/MC${n.pascal}.tla`, `refinement/${n.lower}.ts`].some((f) => existsSync(join(repo, f)));
    if (!taken) return n;
  }
}
