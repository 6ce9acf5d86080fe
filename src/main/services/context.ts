import type { Repos } from '../db';
import type { HostKind } from '../../shared/api/types';
import type { LaunchTrainer } from '../engine/launch-child';
import type { EventBus } from './event-bus';

/** What every service module receives from the composition root (the host entry). */
export interface ServiceContext {
  repos: Repos;
  bus: EventBus;
  dataDir: string;
  host: HostKind;
  version: string;
  launchTrainer: LaunchTrainer;
  /** Native folder picker; only the desktop host has one. */
  pickDirectory?: (title: string) => Promise<string | null>;
  now: () => string;
}
