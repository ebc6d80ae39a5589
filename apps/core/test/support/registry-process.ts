export { startRegistry, type RegistryProcess } from '@harbor-ts/testing';
