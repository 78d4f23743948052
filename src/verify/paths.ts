/** Paths inside the project, independent of the current directory. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MODELS_MANIFEST = join(PROJECT_ROOT, 'tla', 'models.json');
