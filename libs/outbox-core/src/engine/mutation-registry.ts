import { ConfigurationError, UnknownMutationTypeError } from '../model/errors';
import type { MutationDefinition } from '../model/mutation-definition';

/** The registered mutation types, looked up by name. */
export class MutationRegistry {
  private readonly byType = new Map<string, MutationDefinition>();

  constructor(definitions: readonly MutationDefinition[]) {
    for (const definition of definitions) {
      if (!definition.type) throw new ConfigurationError('A mutation definition has an empty type');
      if (this.byType.has(definition.type)) throw new ConfigurationError(`Mutation type "${definition.type}" is registered twice`);
      this.byType.set(definition.type, definition);
    }
  }

  /** The definition of `type`; throws `UnknownMutationTypeError` when it is not registered. */
  get(type: string): MutationDefinition {
    const definition = this.byType.get(type);
    if (!definition) throw new UnknownMutationTypeError(type);
    return definition;
  }

  /** The definition of `type`, or undefined (for entries stored by an older app version). */
  find(type: string): MutationDefinition | undefined {
    return this.byType.get(type);
  }
}
