import { showDraftCount } from './drafts-db.js';

void showDraftCount();
