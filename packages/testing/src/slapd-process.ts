import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { freePort } from './free-port.js';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const MODULE_PATH = '/usr/lib/ldap';
const SCHEMA_DIR = '/etc/ldap/schema';

export const LDAP_SUFFIX = 'dc=example,dc=com';
export const LDAP_ADMIN = { dn: `cn=admin,${LDAP_SUFFIX}`, password: 'ldap-admin-secret' };

export interface LdapPerson {
  uid: string;
  cn: string;
  mail?: string;
  password: string;
}

export interface LdapGroup {
  cn: string;
  /** uids of the members. */
  members: string[];
}

export interface SlapdProcess {
  url: string;
  /** `ldaps://` on a second port, with a self-signed certificate for 127.0.0.1. */
  ldapsUrl: string;
  suffix: string;
  admin: { dn: string; password: string };
  peopleDn: string;
  groupsDn: string;
  personDn(uid: string): string;
  groupDn(cn: string): string;
  stop(): Promise<void>;
}

/**
 * A real OpenLDAP (Debian's slapd) on a free loopback port with its own mdb database, the memberOf
 * overlay (so users carry `memberOf`, as Active Directory's do), and the given people and groups
 * under `ou=people` and `ou=groups`. Needs Debian's `slapd` package.
 */
export async function startSlapd(people: LdapPerson[], groups: LdapGroup[]): Promise<SlapdProcess> {
  if (!existsSync(SLAPD)) throw new Error(`${SLAPD} is missing: apt-get install slapd`);
  const dir = mkdtempSync(join(tmpdir(), 'slapd-test-'));
  const configDir = join(dir, 'slapd.d');
  mkdirSync(configDir);
  mkdirSync(join(dir, 'data'));
  selfSignedCertificate(dir);
  writeFileSync(join(dir, 'config.ldif'), configLdif(dir));
  const added = spawnSync(SLAPADD, ['-n', '0', '-F', configDir, '-l', join(dir, 'config.ldif')], {
    encoding: 'utf8',
  });
  if (added.status !== 0) throw new Error(`slapadd failed: ${added.stderr}`);

  const url = `ldap://127.0.0.1:${await freePort()}`;
  const ldapsUrl = `ldaps://127.0.0.1:${await freePort()}`;
  const child: ChildProcess = spawn(SLAPD, ['-d', '0', '-F', configDir, '-h', `${url}/ ${ldapsUrl}/`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const personDn = (uid: string) => `uid=${uid},ou=people,${LDAP_SUFFIX}`;
  const groupDn = (cn: string) => `cn=${cn},ou=groups,${LDAP_SUFFIX}`;
  try {
    const client = await connectWhenUp(url, child, () => stderr);
    try {
      await client.add(LDAP_SUFFIX, {
        objectClass: ['dcObject', 'organization'],
        dc: 'example',
        o: 'Example',
      });
      for (const ou of ['people', 'groups']) {
        await client.add(`ou=${ou},${LDAP_SUFFIX}`, { objectClass: 'organizationalUnit', ou });
      }
      for (const person of people) {
        await client.add(personDn(person.uid), {
          objectClass: 'inetOrgPerson',
          uid: person.uid,
          cn: person.cn,
          sn: person.cn.split(' ').at(-1) ?? person.cn,
          userPassword: person.password,
          ...(person.mail ? { mail: person.mail } : {}),
        });
      }
      for (const group of groups) {
        await client.add(groupDn(group.cn), {
          objectClass: 'groupOfNames',
          cn: group.cn,
          // groupOfNames needs at least one member; the admin stands in for an empty group.
          member: group.members.length ? group.members.map(personDn) : [LDAP_ADMIN.dn],
        });
      }
    } finally {
      await client.unbind();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    ldapsUrl,
    suffix: LDAP_SUFFIX,
    admin: LDAP_ADMIN,
    peopleDn: `ou=people,${LDAP_SUFFIX}`,
    groupsDn: `ou=groups,${LDAP_SUFFIX}`,
    personDn,
    groupDn,
    stop,
  };
}

async function connectWhenUp(url: string, child: ChildProcess, stderr: () => string): Promise<Client> {
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`slapd exited: ${stderr()}`);
    const client = new Client({ url, connectTimeout: 1000 });
    try {
      await client.bind(LDAP_ADMIN.dn, LDAP_ADMIN.password);
      return client;
    } catch (error) {
      await client.unbind().catch(() => undefined);
      if (attempt > 100) throw new Error(`slapd did not start: ${String(error)} ${stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A throwaway certificate for 127.0.0.1, so ldaps:// works and certificate checks have something to refuse. */
function selfSignedCertificate(dir: string): void {
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'tls.key'),
      '-out',
      join(dir, 'tls.crt'),
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
}

function configLdif(dir: string): string {
  const schemas = ['core', 'cosine', 'inetorgperson', 'nis'];
  return `dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: ${dir}/slapd.pid
olcTLSCertificateFile: ${dir}/tls.crt
olcTLSCertificateKeyFile: ${dir}/tls.key

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: ${MODULE_PATH}
olcModuleLoad: back_mdb
olcModuleLoad: memberof

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

${schemas.map((name) => `include: file://${SCHEMA_DIR}/${name}.ldif`).join('\n\n')}

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: ${LDAP_SUFFIX}
olcRootDN: ${LDAP_ADMIN.dn}
olcRootPW: ${LDAP_ADMIN.password}
olcDbDirectory: ${dir}/data
olcDbMaxSize: 67108864
olcAccess: {0}to attrs=userPassword by self =xw by anonymous auth by * none
olcAccess: {1}to * by * read

dn: olcOverlay={0}memberof,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {0}memberof
olcMemberOfRefInt: TRUE
olcMemberOfGroupOC: groupOfNames
olcMemberOfMemberAD: member
olcMemberOfMemberOfAD: memberOf
`;
}
