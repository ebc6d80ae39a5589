import type { Reply } from '../http/reply.js';
import type { ListingService } from './listing.service.js';
import { pageSize, paginate, type Page } from './listing.service.js';

/** Default page of the catalog when `n` is absent (distribution's default too). */
const CATALOG_PAGE = 100;

export class ListingHandler {
  constructor(private readonly listing: ListingService) {}

  async tags(name: string, query: URLSearchParams, reply: Reply) {
    const all = await this.listing.tags(name);
    const page = paginate(all, pageSize(query.get('n'), Number.MAX_SAFE_INTEGER), query.get('last'));
    return this.send(reply, `/v2/${name}/tags/list`, query, page, { name, tags: page.items });
  }

  async catalog(query: URLSearchParams, reply: Reply) {
    const page = paginate(
      await this.listing.repositories(),
      pageSize(query.get('n'), CATALOG_PAGE),
      query.get('last'),
    );
    return this.send(reply, '/v2/_catalog', query, page, { repositories: page.items });
  }

  private send(reply: Reply, path: string, query: URLSearchParams, page: Page, body: object) {
    if (page.next !== undefined) {
      const n = query.get('n') ?? String(page.items.length);
      const next = new URLSearchParams({ n, last: page.next });
      reply.header('link', `<${path}?${next.toString()}>; rel="next"`);
    }
    return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
  }
}
