import type { DescService } from '@bufbuild/protobuf';
import type { Db } from '@vezel/db';
import { assembleServiceModule } from './assemble-service-module.ts';
import type { ServiceApi } from './service-api.ts';
import type { ServiceDefinition, ServiceDependencies, ServiceModule } from './service-module.ts';

/** What a chain service's application is built from: its database, its topic, and the host's clock if it has one. */
export interface ChainServiceContext {
  readonly db: Db;
  /** The topic its outbox messages go to: the host's, or the service's own. */
  readonly topic: string;
  /** `{ clock }` when the host set one, else `{}`: spread it into the application's options. */
  readonly clockOption: { readonly clock?: () => Date };
}

/** What makes a chain service: its API, its own topic and migrations, and how its application is wired. */
export interface ChainServiceParts<App, S extends DescService> {
  readonly api: ServiceApi<App, S>;
  /** `vezel.<service>.v1`, unless the host names another topic. */
  readonly defaultTopic: string;
  /** The service's `migrations/` folder. */
  readonly migrationsDir: URL;
  /** The application over its adapters: postgres stores, the protobuf outbox mapping. */
  readonly createApplication: (context: ChainServiceContext) => App;
}

/** A chain service ready to host: its module factory, and its definition for `runService` and embedding hosts. */
export interface ChainService {
  readonly createModule: (dependencies: ServiceDependencies) => Promise<ServiceModule>;
  readonly definition: ServiceDefinition;
}

/**
 * Defines one of the four chain services the one way they are all made: the application wired from the host's
 * dependencies, then served as {@link assembleServiceModule} serves a declared API, with its outbox relay.
 */
export function defineChainService<App, S extends DescService>(parts: ChainServiceParts<App, S>): ChainService {
  const createModule = async (dependencies: ServiceDependencies): Promise<ServiceModule> => {
    const topic = dependencies.topic ?? parts.defaultTopic;
    const application = parts.createApplication({
      db: dependencies.db,
      topic,
      clockOption: dependencies.clock === undefined ? {} : { clock: dependencies.clock },
    });
    return assembleServiceModule({
      api: parts.api,
      application,
      dependencies,
      topic,
      migrationsDir: parts.migrationsDir,
    });
  };
  return { createModule, definition: { name: parts.api.service, create: createModule } };
}
