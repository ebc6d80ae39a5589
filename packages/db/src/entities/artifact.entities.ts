import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from './column-types.js';
import type { BlobStatus } from '../blobs/blob-status.js';

@Entity('repository')
export class Repository {
  @PrimaryGeneratedColumn({ name: 'repository_id' }) repositoryId!: number;
  @Column() name!: string;
  @Column({ name: 'project_id' }) projectId!: number;
  @Column({ type: 'text' }) description!: string;
  @Column({ name: 'pull_count' }) pullCount!: number;
  @Column({ name: 'star_count' }) starCount!: number;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

@Entity('artifact')
export class Artifact {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'project_id' }) projectId!: number;
  @Column({ name: 'repository_id' }) repositoryId!: number;
  @Column({ name: 'repository_name' }) repositoryName!: string;
  @Column() digest!: string;
  @Column() type!: string;
  @Column({ name: 'media_type' }) mediaType!: string;
  @Column({ name: 'manifest_media_type' }) manifestMediaType!: string;
  @Column({ name: 'artifact_type' }) artifactType!: string;
  @Column({ type: 'bigint', transformer: bigintToNumber }) size!: number;
  @Column() icon!: string;
  /** JSON text as in Harbor: architecture, os, config, author... */
  @Column({ name: 'extra_attrs', type: 'text' }) extraAttrs!: string;
  @Column({ type: 'jsonb', nullable: true }) annotations!: Record<string, string> | null;
  @Column({ name: 'push_time', type: 'timestamptz' }) pushTime!: Date;
  @Column({ name: 'pull_time', type: 'timestamptz', nullable: true }) pullTime!: Date | null;
}

@Entity('tag')
export class Tag {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'repository_id' }) repositoryId!: number;
  @Column({ name: 'artifact_id' }) artifactId!: number;
  @Column() name!: string;
  @Column({ name: 'push_time', type: 'timestamptz' }) pushTime!: Date;
  @Column({ name: 'pull_time', type: 'timestamptz', nullable: true }) pullTime!: Date | null;
}

@Entity('artifact_reference')
export class ArtifactReference {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'parent_id' }) parentId!: number;
  @Column({ name: 'child_id' }) childId!: number;
  @Column({ name: 'child_digest' }) childDigest!: string;
  /** JSON text of the OCI platform object. */
  @Column({ type: 'varchar', nullable: true }) platform!: string | null;
  @Column({ type: 'varchar', nullable: true }) urls!: string | null;
  @Column({ type: 'jsonb', nullable: true }) annotations!: Record<string, string> | null;
}

@Entity('artifact_accessory')
export class ArtifactAccessory {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'artifact_id' }) artifactId!: number;
  @Column({ name: 'subject_artifact_id', type: 'int', nullable: true }) subjectArtifactId!: number | null;
  @Column({ name: 'subject_artifact_repo' }) subjectArtifactRepo!: string;
  @Column({ name: 'subject_artifact_digest' }) subjectArtifactDigest!: string;
  @Column() type!: string;
  @Column({ type: 'bigint', transformer: bigintToNumber }) size!: number;
  @Column() digest!: string;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
}

@Entity('artifact_trash')
export class ArtifactTrash {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'media_type' }) mediaType!: string;
  @Column({ name: 'manifest_media_type' }) manifestMediaType!: string;
  @Column({ name: 'repository_name' }) repositoryName!: string;
  @Column() digest!: string;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
}

@Entity('blob')
export class Blob {
  @PrimaryGeneratedColumn() id!: number;
  @Column() digest!: string;
  @Column({ name: 'content_type' }) contentType!: string;
  @Column({ type: 'bigint', transformer: bigintToNumber }) size!: number;
  @Column({ type: 'varchar' }) status!: BlobStatus;
  @Column({ type: 'bigint', transformer: bigintToNumber }) version!: number;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

@Entity('artifact_blob')
export class ArtifactBlob {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'digest_af' }) digestAf!: string;
  @Column({ name: 'digest_blob' }) digestBlob!: string;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
}

@Entity('project_blob')
export class ProjectBlob {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'project_id' }) projectId!: number;
  @Column({ name: 'blob_id' }) blobId!: number;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
}
