export { createWaymark } from './waymark';
export { TAXONOMY } from './events/taxonomy';
export type * from './types';
