import { Injectable } from '@nestjs/common';
import { HarborError } from '@harbor-ts/errors';
import { normaliseHttpUrl, OutboundUrlError } from '@harbor-ts/outbound';
import { RESERVED_SCANNER_NAMES, type ScannerRegistrationReq } from './scanner-registration.dto.js';
import {
  ScannerRegistrationsService,
  type RegistrationWrite,
  type ScannerRegistrationRow,
} from './scanner-registrations.service.js';

type SettingsInput = Pick<ScannerRegistrationReq, 'name' | 'url' | 'auth' | 'access_credential'> &
  Partial<ScannerRegistrationReq>;

/** Harbor's rules for a registration's settings, turned into what is stored. */
@Injectable()
export class ScannerSettings {
  constructor(private readonly registrations: ScannerRegistrationsService) {}

  forCreate(request: SettingsInput): RegistrationWrite {
    return this.checked(request, request.access_credential ?? '');
  }

  /**
   * An omitted or empty `access_credential` keeps the stored one while the auth type still needs
   * one (the swagger's rule); clearing `auth` drops it.
   */
  forUpdate(row: ScannerRegistrationRow, request: ScannerRegistrationReq): RegistrationWrite {
    const given = request.access_credential ?? '';
    const credential = given || (request.auth ? this.registrations.credentialOf(row) : '');
    const write = this.checked(request, credential);
    if (row.is_default && write.disabled)
      throw HarborError.badRequest(`default registration ${row.uuid} can not be marked to deactivated`);
    return write;
  }

  private checked(request: SettingsInput, credential: string): RegistrationWrite {
    if (RESERVED_SCANNER_NAMES.includes(request.name))
      throw HarborError.badRequest(`name "${request.name}" is reserved, please try a different name`);
    if (request.auth && !credential)
      throw HarborError.badRequest(`access_credential is required for auth type ${request.auth}`);
    return {
      name: request.name,
      description: request.description ?? '',
      url: this.url(request.url),
      auth: request.auth,
      credential: request.auth ? credential : '',
      disabled: request.disabled ?? false,
      skipCertVerify: request.skip_certVerify ?? false,
      useInternalAddr: request.use_internal_addr ?? false,
    };
  }

  private url(raw: string): string {
    try {
      return normaliseHttpUrl(raw, { what: 'scanner URL' });
    } catch (error) {
      if (error instanceof OutboundUrlError) throw HarborError.badRequest(error.message);
      throw error;
    }
  }
}
