import { Injectable } from '@nestjs/common';
import { HarborError } from '@harbor-ts/errors';
import { assertOutboundUrl, normaliseHttpUrl, OutboundUrlError } from '@harbor-ts/outbound';
import type { RegistryCreate, RegistryPing, RegistryUpdate } from './registry.dto.js';
import { isRegistryHealthy } from './registry-health.js';
import type { RegistriesService, RegistryWrite } from './registries.service.js';
import { registryTypeSpec } from './registry-types.js';

const WHAT = { what: 'registry URL' };

/** Harbor's `ValidateHTTPURL` plus the outbound rules (no link-local or metadata address), as a 400. */
async function checkedUrl(raw: string): Promise<string> {
  try {
    // Harbor drops a URL's user info silently; refusing it keeps credentials out of stored URLs and logs.
    const withScheme = raw.includes('://') ? raw.trim() : `http://${raw.trim()}`;
    if (URL.canParse(withScheme) && (new URL(withScheme).username || new URL(withScheme).password))
      throw new OutboundUrlError('invalid registry URL: credentials must not be part of the URL');
    const url = normaliseHttpUrl(raw, WHAT);
    await assertOutboundUrl(url, WHAT);
    return url;
  } catch (error) {
    if (error instanceof OutboundUrlError) throw HarborError.badRequest(error.message);
    throw error;
  }
}

function checkType(type: string): void {
  if (!registryTypeSpec(type)) throw HarborError.badRequest(`adapter factory for ${type} not found`);
}

/**
 * Registry settings from a request, validated the way Harbor's registry controller does before it
 * writes anything: name, URL, type, then a health check with the given credentials (unhealthy is
 * Harbor's 400).
 */
@Injectable()
export class RegistrySettings {
  async forCreate(body: RegistryCreate): Promise<RegistryWrite> {
    const credential = body.credential ?? {};
    const accessKey = credential.access_key ?? '';
    return this.validated({
      name: body.name,
      url: body.url,
      type: body.type,
      description: body.description,
      insecure: body.insecure,
      caCertificate: body.ca_certificate,
      credentialType: credential.type || (accessKey ? 'basic' : ''),
      accessKey,
      accessSecret: credential.access_secret ?? '',
    });
  }

  /**
   * Absent fields keep their stored value. A new URL without a new secret drops the stored secret, as
   * Harbor does, so a stored password is never sent to an address it was not given for.
   */
  async forUpdate(stored: RegistryWrite, body: RegistryUpdate): Promise<RegistryWrite> {
    const write: RegistryWrite = {
      ...stored,
      name: body.name ?? stored.name,
      description: body.description ?? stored.description,
      url: body.url ?? stored.url,
      insecure: body.insecure ?? stored.insecure,
      caCertificate: body.ca_certificate ?? stored.caCertificate,
      credentialType: body.credential_type ?? stored.credentialType,
      accessKey: body.access_key ?? stored.accessKey,
      accessSecret: body.access_secret ?? stored.accessSecret,
    };
    if (write.url !== stored.url && body.access_secret === undefined) {
      if ((await checkedUrl(write.url)) !== stored.url) write.accessSecret = '';
    }
    return this.validated(write);
  }

  /**
   * Harbor's ping: for a stored registry its saved URL and `insecure` stand (overrides are ignored, so
   * its saved credentials cannot be redirected elsewhere); credentials given in the body replace the
   * stored ones for this call.
   */
  async ping(body: RegistryPing, registries: RegistriesService): Promise<void> {
    let target: RegistryWrite = {
      name: '',
      url: '',
      type: '',
      description: '',
      insecure: false,
      caCertificate: '',
      credentialType: '',
      accessKey: '',
      accessSecret: '',
    };
    if (body.id !== undefined) target = registries.writeOf(await registries.get(body.id));
    if (body.type !== undefined) target.type = body.type;
    if (body.id === undefined) {
      if (body.url !== undefined) target.url = await checkedUrl(body.url);
      if (body.insecure !== undefined) target.insecure = body.insecure;
      if (body.ca_certificate !== undefined) target.caCertificate = body.ca_certificate;
    }
    if (body.credential_type !== undefined) target.credentialType = body.credential_type;
    if (body.access_key !== undefined) target.accessKey = body.access_key;
    if (body.access_secret !== undefined) target.accessSecret = body.access_secret;
    if (!target.type || !target.url) throw HarborError.badRequest('type or url cannot be empty');
    checkType(target.type);
    if (!(await isRegistryHealthy(target))) throw HarborError.badRequest('the registry is unhealthy');
  }

  private async validated(write: RegistryWrite): Promise<RegistryWrite> {
    if (!write.name) throw HarborError.badRequest('name cannot be empty');
    if (write.name.length > 64) throw HarborError.badRequest('the max length of name is 64');
    const url = await checkedUrl(write.url);
    checkType(write.type);
    const checked = { ...write, url };
    if (!(await isRegistryHealthy(checked))) throw HarborError.badRequest('the registry is unhealthy');
    return checked;
  }
}
