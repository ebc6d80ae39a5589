import { Injectable } from '@nestjs/common';
import { HarborError, HarborErrorCode } from '@harbor-ts/errors';
import { ConfigurationService } from '../system/configuration.service.js';

export const READ_ONLY_MESSAGE = 'The system is in read only mode. Any modification is prohibited.';

/** Harbor's read-only mode: while `read_only` is set, pushes and deletes are refused with 403 DENIED. */
@Injectable()
export class ReadOnlyService {
  constructor(private readonly configuration: ConfigurationService) {}

  async isReadOnly(): Promise<boolean> {
    return (await this.configuration.get('read_only')) === true;
  }

  /** Call before any push or delete; throws Harbor's DENIED error when the system is read-only. */
  async assertWritable(): Promise<void> {
    if (await this.isReadOnly()) throw new HarborError(HarborErrorCode.DENIED, READ_ONLY_MESSAGE);
  }
}
