/**
 * Containers: Docker, Podman, nerdctl and Compose. Volumes hold data that exists nowhere else;
 * containers, images and build cache are mostly regenerable, so removing them is low unless
 * volumes go with them. Everyday commands (ps, logs, build, run, stop, compose up/down) stay
 * silent.
 */
import type { RulePack } from '../rule';
import { composeDownVolumes } from './compose-down-volumes';
import { containerForceRemove } from './container-force-remove';
import { containerVmRemove } from './container-vm-remove';
import { imageRemove } from './image-remove';
import { swarmServiceRemove } from './swarm-service-remove';
import { systemPrune } from './system-prune';
import { volumeRemove } from './volume-remove';
import { containerStop } from './container-stop';

export const containersPack: RulePack = {
  name: 'containers',
  description: 'Docker, Podman, nerdctl and Compose: deleted volumes, system prunes and resets, forced container removal, images and swarm services.',
  rules: [volumeRemove, systemPrune, composeDownVolumes, containerForceRemove, imageRemove, swarmServiceRemove, containerVmRemove, containerStop],
};
