import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { handleInbound } from './handle-inbound';
import type { InboundDeps } from './handle-inbound';
import type { PlainTextHandler } from '../feature/feature';
import type { InboundMessage, Outbound } from '../chat/types';
import { helpCommand } from '../commands/help';
import { CommandRegistry } from '../commands/registry';
import type { CommandDef } from '../commands/types';
import { FEATURES } from './features';

export type Clock = () => Date;

export type App = {
  db: Db;
  clock: Clock;
  log: Logger;
  registry: CommandRegistry;
  handleInbound(msg: InboundMessage): Promise<Outbound[]>;
};

/** The platform-neutral bot: every adapter hands it plain messages and sends back what it returns. */
export function createApp(opts: { db: Db; clock: Clock; log: Logger; inviteLinks?: (code: string) => string[] }): App {
  const registry = createRegistry();
  const plainText: PlainTextHandler[] = FEATURES.flatMap((f) => (f.plainText ? [f.plainText] : []));
  const deps: InboundDeps = { db: opts.db, clock: opts.clock, registry, plainText, log: opts.log, inviteLinks: opts.inviteLinks };
  return { ...opts, registry, handleInbound: (msg) => handleInbound(deps, msg) };
}

/** Every command (help first), e.g. for a platform's command menu. */
export function createRegistry(): CommandRegistry {
  let registry: CommandRegistry | undefined;
  const commands: CommandDef[] = [helpCommand(() => registry as CommandRegistry), ...FEATURES.flatMap((f) => f.commands)];
  registry = new CommandRegistry(commands);
  return registry;
}
