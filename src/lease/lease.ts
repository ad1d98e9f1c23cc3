import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rawRows } from '../../db/client';

export type LeaseState = { holder: string; expiresAt: Date };

/**
 * A row-per-resource lease in the database, timed by the database's clock (instances on several hosts agree
 * on it): one holder at a time, which renews it while it uses the resource; another takes it only once it
 * has lapsed. Every call is one statement, so two instances racing for it cannot both win.
 */
export class Lease {
  constructor(
    private readonly db: Db,
    readonly name: string,
    readonly holder: string,
    readonly ttlMs: number,
  ) {}

  /** Takes the lease if it is free, lapsed or already ours (renewing it); false when someone else holds it. */
  async acquire(): Promise<boolean> {
    const rows = await rawRows<{ holder: string }>(
      this.db,
      sql`insert into leases (name, holder, expires_at)
          values (${this.name}, ${this.holder}, now() + make_interval(secs => ${this.ttlMs / 1000}))
          on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
          where leases.expires_at <= now() or leases.holder = ${this.holder}
          returning holder`,
    );
    return rows.length > 0;
  }

  /** Lets it go now (a clean stop), so a standby takes over at once instead of after the lapse. */
  async release(): Promise<void> {
    await this.db.execute(sql`delete from leases where name = ${this.name} and holder = ${this.holder}`);
  }

  /**
   * Keeps every instance of ours away for `ms`: the resource was taken by someone outside this database
   * (another deployment, a developer's machine), and fighting for it would only throw each other out.
   */
  async standAside(outsider: string, ms: number): Promise<void> {
    await this.db.execute(
      sql`insert into leases (name, holder, expires_at) values (${this.name}, ${outsider}, now() + make_interval(secs => ${ms / 1000}))
          on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at`,
    );
  }

  async current(): Promise<LeaseState | null> {
    const [row] = await rawRows<{ holder: string; expires_at: string | Date }>(
      this.db,
      sql`select holder, expires_at from leases where name = ${this.name}`,
    );
    return row ? { holder: row.holder, expiresAt: new Date(row.expires_at) } : null;
  }
}
