/**
 * Publishing: releasing packages, extensions and images to public registries, and taking
 * releases back. A published version cannot be overwritten and is mirrored and installed within
 * minutes, so publishing is judged like a destructive act. Dry runs, packing and local or test
 * registries stay quiet or low.
 */
import type { RulePack } from '../rule';
import { imagePush } from './image-push';
import { packagePublish } from './package-publish';
import { registryMetadataChange } from './registry-metadata-change';
import { releaseRetract } from './release-retract';

export const publishingPack: RulePack = {
  name: 'publishing',
  description: 'Releasing packages, extensions, images and charts to registries, and retracting or retagging releases.',
  rules: [packagePublish, releaseRetract, registryMetadataChange, imagePush],
};
