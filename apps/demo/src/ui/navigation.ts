/** The screen being shown. */
export type View =
  | { readonly name: 'contacts' }
  | { readonly name: 'contact'; readonly id: string }
  | { readonly name: 'new-contact' }
  | { readonly name: 'edit-contact'; readonly id: string }
  | { readonly name: 'outbox' };

/** Changes screen. */
export type Navigate = (view: View) => void;

/** The same view with a temporary id replaced by its server id (the screen follows the entity). */
export function followIdMapping(view: View, tempId: string, serverId: string): View {
  if ((view.name === 'contact' || view.name === 'edit-contact') && view.id === tempId) return { ...view, id: serverId };
  return view;
}
