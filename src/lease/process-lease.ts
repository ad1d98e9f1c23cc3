import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/client';
import { Lease } from './lease';

/** A lease held in this process's name (host, pid and a random tag), so two processes on one host never share it. */
export const processLease = (db: Db, name: string, ttlMs: number): Lease =>
  new Lease(db, name, `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, ttlMs);

/** How the composition root hands an adapter a lease without handing it the database. */
export type LeaseFactory = (name: string, ttlMs: number) => Lease;
