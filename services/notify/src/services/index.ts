import type { NoticeService } from './notice.service';

export interface NotifyServices {
  notices: NoticeService;
}
