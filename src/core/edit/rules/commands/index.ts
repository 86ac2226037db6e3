/**
 * Commands inside files: shell scripts, Dockerfile RUN, Makefile recipes, package.json scripts
 * and CI `run:`/`script:` steps. The changed commands are handed to the command engine, so a
 * script line is judged exactly as the same line typed in a terminal would be; its findings keep
 * the command rule's id (FS001, GIT003…). Only commands the edit touched are reported.
 */
import type { EditRule } from '../../rule';
import { commandsInFiles } from './commands-in-files';

export const COMMAND_IN_FILE_RULES: readonly EditRule[] = [commandsInFiles];
