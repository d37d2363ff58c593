import { DEFAULT_TEMPLATES } from '../domain/templates';
import type { NoticeRepository } from '../repositories/notice.repository';

export class NoticeService {
  constructor(private readonly repo: NoticeRepository) {}

  forOutage(outageId: string) {
    return this.repo.forOutage(outageId);
  }

  templates() {
    return Object.entries(DEFAULT_TEMPLATES).map(([key, t]) => {
      const [kind, audience, channel, locale] = key.split('|');
      return { key, kind, audience, channel, locale, title: t.title, body: t.body };
    });
  }
}
