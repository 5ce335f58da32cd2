// The prompts countersign uses, named one by one so the bundles leave out the rest of
// @inquirer/prompts (its editor prompt brings ~670 KB of character-set tables). Import lazily.
export { checkbox, confirm, input, password, select } from '@inquirer/prompts';
