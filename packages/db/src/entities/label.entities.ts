import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Harbor's label: global (`g`, project_id 0) or project-scoped (`p`). */
@Entity('harbor_label')
export class Label {
  @PrimaryGeneratedColumn() id!: number;
  @Column() name!: string;
  @Column({ type: 'text' }) description!: string;
  @Column() color!: string;
  @Column({ type: 'char', length: 1 }) level!: string;
  @Column({ type: 'char', length: 1 }) scope!: 'g' | 'p';
  @Column({ name: 'project_id' }) projectId!: number;
  @Column() deleted!: boolean;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

/** A label attached to an artifact. */
@Entity('label_reference')
export class LabelReference {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'label_id' }) labelId!: number;
  @Column({ name: 'artifact_id' }) artifactId!: number;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

/** The CVE allowlist of the system (project_id 0) or of one project; items is JSON text as in Harbor. */
@Entity('cve_allowlist')
export class CveAllowlist {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ name: 'project_id' }) projectId!: number;
  @Column({ name: 'expires_at', type: 'bigint', nullable: true }) expiresAt!: string | null;
  @Column({ type: 'text' }) items!: string;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}
