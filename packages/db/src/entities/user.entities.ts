import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('harbor_user')
export class HarborUser {
  @PrimaryGeneratedColumn({ name: 'user_id' }) userId!: number;
  @Column() username!: string;
  @Column({ type: 'varchar', nullable: true }) email!: string | null;
  /** Never returned by the API, never filterable or sortable. */
  @Column({ select: false }) password!: string;
  @Column({ select: false }) salt!: string;
  @Column({ name: 'password_version', select: false }) passwordVersion!: string;
  @Column() realname!: string;
  @Column() comment!: string;
  @Column() deleted!: boolean;
  @Column({ name: 'reset_uuid', type: 'varchar', nullable: true, select: false }) resetUuid!: string | null;
  @Column({ name: 'sysadmin_flag' }) sysadminFlag!: boolean;
  @CreateDateColumn({ name: 'creation_time', type: 'timestamptz' }) creationTime!: Date;
  @UpdateDateColumn({ name: 'update_time', type: 'timestamptz' }) updateTime!: Date;
}

@Entity('role')
export class Role {
  @PrimaryColumn({ name: 'role_id' }) roleId!: number;
  @Column({ name: 'role_mask' }) roleMask!: number;
  @Column({ name: 'role_code' }) roleCode!: string;
  @Column() name!: string;
}

@Entity('properties')
export class Property {
  @PrimaryGeneratedColumn() id!: number;
  @Column() k!: string;
  @Column({ type: 'text' }) v!: string;
}
