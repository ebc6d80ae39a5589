import { OciErrorCode } from '@harbor-ts/errors';
import { OciError } from '../http/oci-error.js';
import { Htpasswd } from './htpasswd.js';

/** The registry is internal: only the credentials prepare generated for core get in. */
export class BasicAuth {
  private readonly htpasswd: Htpasswd;

  constructor(htpasswdFile: string) {
    this.htpasswd = new Htpasswd(htpasswdFile);
  }

  /** Resolves for the right credentials; UNAUTHORIZED with a Basic challenge otherwise. */
  async check(authorization: string | undefined): Promise<void> {
    if (await this.htpasswd.check(authorization)) return;
    throw new OciError(OciErrorCode.UNAUTHORIZED, 'authentication required', {
      headers: { 'www-authenticate': 'Basic realm="harbor-registry"' },
    });
  }
}
