import { Controller, Get, Param } from '@nestjs/common';
import { HarborError } from '@harbor-ts/errors';
import { ICON_DIGESTS, type IconName } from './icon-digests.js';
import { iconImage } from './icon-images.js';

const NAMES = new Map<string, IconName>(
  Object.entries(ICON_DIGESTS).map(([name, digest]) => [digest, name as IconName]),
);

@Controller('api/v2.0/icons')
export class IconsController {
  /**
   * Harbor's `GET /icons/{digest}`, open to every caller as in Harbor: a built-in icon as base64 PNG. Harbor
   * also serves an icon an artifact ships in a layer (annotation `io.goharbor.artifact.v1alpha1.icon`);
   * harbor-ts does not read those at push, so no artifact names another digest and any other is a 404.
   * The key is `content-type`, with a hyphen, as in Harbor's swagger.
   */
  @Get(':digest')
  get(@Param('digest') digest: string) {
    const name = NAMES.get(digest);
    if (!name) throw HarborError.notFound(`the icon ${digest} not found`);
    return { 'content-type': 'image/png', content: iconImage(name).toString('base64') };
  }
}
