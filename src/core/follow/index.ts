/**
 * Following as one object the engine is handed (engine.ts useFollowing): the followers, the
 * bookkeeping and the compose file's binds. The engine imports none of it, so what never reads the
 * files a line runs (the edit engine's commands-in-files, `scan`, `rules`) never loads it, and the
 * CLI and the agent hooks load it with the reader only for a line that is not plainly benign.
 */
import { INLINE_READER } from '../shell/inline-code';
import { composeService } from './compose';
import { followCommands, mayFollow } from './follow';
import { chainDigest, editorView, newFollowState, spentNote } from './state';

export const FOLLOWING = { followCommands, mayFollow, newFollowState, chainDigest, spentNote, editorView, composeService, inline: INLINE_READER };

export type Following = typeof FOLLOWING;
