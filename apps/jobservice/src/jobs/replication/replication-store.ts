import { addPendingTasks } from '@harbor-ts/db';
import type { DataSource } from 'typeorm';
import { parseFilters, type ReplicationFilter, type SourceArtifact } from './replication-filters.js';

/** A policy as the job needs it; a registry id of 0 or null is this harbor-ts instance. */
export interface StoredReplicationPolicy {
  id: number;
  name: string;
  srcRegistryId: number;
  destRegistryId: number;
  destNamespace: string;
  destNamespaceReplaceCount: number;
  filters: ReplicationFilter[];
  override: boolean;
  enabled: boolean;
  speedKb: number;
  copyByChunk: boolean;
}

/** A `registry` row; `sealedSecret` is opened by the caller (SecretBox), never logged. */
export interface StoredRegistry {
  id: number;
  name: string;
  url: string;
  type: string;
  credentialType: string;
  accessKey: string;
  sealedSecret: string;
  insecure: boolean;
  caCertificate: string;
}

/**
 * The replication job's reads and writes in Postgres. Every failed query throws, so a run ends Error
 * instead of replicating (or skipping) on the strength of a read that did not happen.
 */
export class ReplicationStore {
  constructor(private readonly db: DataSource) {}

  async policy(id: number): Promise<StoredReplicationPolicy> {
    const [row] = (await this.db.query('SELECT * FROM replication_policy WHERE id = $1', [id])) as Record<
      string,
      unknown
    >[];
    if (!row) throw new Error(`replication policy ${id} not found`);
    return {
      id: row.id as number,
      name: row.name as string,
      srcRegistryId: (row.src_registry_id as number | null) ?? 0,
      destRegistryId: (row.dest_registry_id as number | null) ?? 0,
      destNamespace: row.dest_namespace as string,
      destNamespaceReplaceCount: row.dest_namespace_replace_count as number,
      filters: parseFilters(row.filters as string),
      override: row.override as boolean,
      enabled: row.enabled as boolean,
      speedKb: row.speed_kb as number,
      copyByChunk: row.copy_by_chunk as boolean,
    };
  }

  async registry(id: number): Promise<StoredRegistry> {
    const [row] = (await this.db.query(
      `SELECT id, name, url, type, credential_type, access_key, access_secret, insecure, ca_certificate
         FROM registry WHERE id = $1`,
      [id],
    )) as Record<string, unknown>[];
    if (!row) throw new Error(`registry ${id} not found`);
    return {
      id: row.id as number,
      name: row.name as string,
      url: row.url as string,
      type: row.type as string,
      credentialType: row.credential_type as string,
      accessKey: row.access_key as string,
      sealedSecret: row.access_secret as string,
      insecure: row.insecure as boolean,
      caCertificate: row.ca_certificate as string,
    };
  }

  /** Every repository of this instance (`project/name`), in name order. */
  async localRepositories(): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT r.name FROM repository r JOIN project p ON p.project_id = r.project_id
        WHERE NOT p.deleted ORDER BY r.name`,
    )) as { name: string }[];
    return rows.map((r) => r.name);
  }

  /**
   * A local repository's artifacts as the filters see them: the ones an index does not list, with tags
   * and label names; accessories (signatures, SBOMs) carry their subject's tags and come after it.
   */
  async localArtifacts(repository: string): Promise<SourceArtifact[]> {
    const rows = (await this.db.query(
      `SELECT a.digest, a.type,
              COALESCE((SELECT array_agg(t.name ORDER BY t.name) FROM tag t WHERE t.artifact_id = a.id), '{}') AS tags,
              COALESCE((SELECT array_agg(l.name ORDER BY l.name) FROM label_reference lr
                          JOIN harbor_label l ON l.id = lr.label_id WHERE lr.artifact_id = a.id), '{}') AS labels,
              acc.subject_artifact_id AS subject,
              COALESCE((SELECT array_agg(t.name ORDER BY t.name) FROM tag t
                         WHERE t.artifact_id = acc.subject_artifact_id), '{}') AS subject_tags
         FROM artifact a LEFT JOIN artifact_accessory acc ON acc.artifact_id = a.id
        WHERE a.repository_name = $1
          AND NOT EXISTS (SELECT 1 FROM artifact_reference r WHERE r.child_id = a.id)
        ORDER BY (acc.id IS NOT NULL), a.id`,
      [repository],
    )) as {
      digest: string;
      type: string;
      tags: string[];
      labels: string[];
      subject: number | null;
      subject_tags: string[];
    }[];
    return rows.map((r) => ({
      digest: r.digest,
      type: r.type,
      tags: r.tags,
      labels: r.labels,
      ...(r.subject !== null ? { subjectTags: r.subject_tags } : {}),
    }));
  }

  async projectExists(name: string): Promise<boolean> {
    const rows = (await this.db.query('SELECT 1 FROM project WHERE name = $1 AND NOT deleted', [
      name,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** The tasks this execution already has besides the launcher (a launcher tried again adds none twice). */
  async resourceTasks(executionId: number): Promise<{ id: number; status: string }[]> {
    return (await this.db.query(
      `SELECT id, status FROM task WHERE execution_id = $1 AND extra_attrs ? 'src_resource' ORDER BY id`,
      [executionId],
    )) as { id: number; status: string }[];
  }

  /** Adds one pending task per repository to the launcher's execution; returns their ids. */
  addTasks(executionId: number, attrs: Record<string, unknown>[]): Promise<number[]> {
    return addPendingTasks(this.db, executionId, 'REPLICATION', attrs);
  }

  /** What the copy did, kept in the task's attributes for the API and the next run's comparison. */
  async setTaskCounts(taskId: number, counts: Record<string, number>): Promise<void> {
    await this.db.query(
      `UPDATE task SET extra_attrs = extra_attrs || $2::jsonb, update_time = now() WHERE id = $1`,
      [taskId, JSON.stringify(counts)],
    );
  }
}
