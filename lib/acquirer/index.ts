import { sandboxAcquirer } from './sandbox';
import type { Acquirer } from './types';

export type * from './types';

/** The acquirer payments go through. Only the sandbox bank exists today; a real adapter plugs in here. */
export function acquirer(): Acquirer {
  return sandboxAcquirer;
}
