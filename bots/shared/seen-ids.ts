/** Message ids already handed on (bounded, oldest forgotten first); a redelivery is dropped here. */
export class SeenIds {
  private readonly ids = new Set<string>();

  constructor(private readonly max = 10_000) {}

  /** false when the id was seen before */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}
