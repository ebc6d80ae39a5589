import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from './column-types.js';

@Entity('project')
export class Project {
  @PrimaryGeneratedColumn({ name: 'project_id' }) projectId!: number;
  @Column({ name: 'owner_id' }) ownerId!: number;
  @Column() name!: string;
  @Column() deleted!: boolean;
  @Column({ name: 'registry_id' }) registryId!: number;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

@Entity('project_metadata')
export class ProjectMetadata {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'project_id' }) projectId!: number;
  @Column() name!: string;
  @Column({ type: 'varchar', nullable: true }) value!: string | null;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

@Entity('project_member')
export class ProjectMember {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'project_id' }) projectId!: number;
  @Column({ name: 'entity_id' }) entityId!: number;
  @Column({ name: 'entity_type', type: 'char', length: 1 }) entityType!: 'u' | 'g';
  @Column() role!: number;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

@Entity('robot')
export class Robot {
  @PrimaryGeneratedColumn() id!: number;
  @Column() name!: string;
  @Column() description!: string;
  @Column({ name: 'project_id' }) projectId!: number;
  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintToNumber }) expiresAt!: number;
  @Column() duration!: number;
  @Column() disabled!: boolean;
  @Column() visible!: boolean;
  /** Hash of the secret; the secret itself is shown once and never stored. */
  @Column({ select: false }) secret!: string;
  @Column({ select: false }) salt!: string;
  @Column({ name: 'creator_ref' }) creatorRef!: number;
  @Column({ name: 'creator_type' }) creatorType!: string;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

@Entity('permission_policy')
export class PermissionPolicy {
  @PrimaryGeneratedColumn() id!: number;
  @Column() scope!: string;
  @Column() resource!: string;
  @Column() action!: string;
  @Column() effect!: string;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
}

@Entity('role_permission')
export class RolePermission {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'role_type' }) roleType!: string;
  @Column({ name: 'role_id' }) roleId!: number;
  @Column({ name: 'permission_policy_id' }) permissionPolicyId!: number;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
}

@Entity('quota')
export class Quota {
  @PrimaryGeneratedColumn() id!: number;
  @Column() reference!: string;
  @Column({ name: 'reference_id' }) referenceId!: string;
  @Column({ type: 'jsonb' }) hard!: Record<string, number>;
  @Column({ type: 'bigint', transformer: bigintToNumber }) version!: number;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

@Entity('quota_usage')
export class QuotaUsage {
  @PrimaryGeneratedColumn() id!: number;
  @Column() reference!: string;
  @Column({ name: 'reference_id' }) referenceId!: string;
  @Column({ type: 'jsonb' }) used!: Record<string, number>;
  @Column({ type: 'bigint', transformer: bigintToNumber }) version!: number;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

@Entity('audit_log')
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'project_id' }) projectId!: number;
  @Column() operation!: string;
  @Column({ name: 'resource_type' }) resourceType!: string;
  @Column() resource!: string;
  @Column() username!: string;
  @Column({ name: 'op_time', type: 'timestamptz' }) opTime!: Date;
}
