// Entry of a parallel-search worker thread: the checker is TypeScript run through tsx, so the
// thread registers tsx before it loads worker.ts (see parallel/index.ts).
import { register } from 'tsx/esm/api';

register();
await import(new URL('./worker.ts', import.meta.url).href);
