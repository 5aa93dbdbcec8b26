/**
 * Everything the publisher knows about the creator center's page, kept as data. The page was
 * redesigned many times; each list is tried in order and the first that matches wins, so a
 * redesign is fixed here (and checked with `xhs-news doctor`) rather than in the steps.
 * Sources: ../shared/sites/xiaohongshu.md.
 */
export interface XhsSelectors {
  /** The page that makes a new note. */
  publishUrl: string;
  /** A page whose path starts with one of these is the login page: the session is gone. */
  loginPaths: string[];
  /** Elements only the login page shows. */
  loginMarkers: string[];
  /** Texts only the login page shows. */
  loginTexts: string[];
  /** Answers 200 only with a live session; fetched from inside the page. */
  userInfoPath: string;

  tabs: {
    /** Every tab element, real or copy. */
    items: string[];
    /** Where a tab's label sits inside it; the tab's own text when absent. */
    label: string[];
    /** The label of the image-note tab. */
    imageTabTexts: string[];
    /** Any element matching this, or inside it, is a honeypot copy. */
    decoy: string;
    /** Classes (or `aria-selected`) that mark the active tab. */
    activeClasses: string[];
  };

  /** The file input, before the first upload; in order of preference. */
  uploadInputs: string[];
  /** The file input found by what it accepts (the class is dropped after the first upload). */
  uploadInputsByAccept: string[];
  /** One element per uploaded image. */
  previewItems: string[];
  /** Shown while any image is still uploading. */
  uploadingTexts: string[];

  titleInputs: string[];
  /** The title counter, e.g. "24/20". */
  titleCounters: string[];
  /** A class the counter gets when the title is too long. */
  counterOverClass: string;

  /** Candidates for the body editor; the one with the placeholder below is taken. */
  bodyEditors: string[];
  bodyPlaceholderTexts: string[];
  /** Shown when the body is too long. */
  bodyLengthErrors: string[];

  /** The topic dropdown's entries. */
  topicItems: string[];
  /** A converted topic in the editor; its `data-topic` JSON holds the name. */
  topicAnchors: string[];
  topicDataAttribute: string;

  /** The closed-shadow host of 发布 and 暂存离开. */
  publishButtonHosts: string[];
  saveDisabledAttribute: string;
  /** The host's own label for the left half, checked before clicking when present. */
  saveTextAttribute: string;
  saveText: string;

  /** HTTP statuses of risk control. */
  riskStatuses: number[];
  /** Risk-control `code`s in JSON answers (often sent with HTTP 200), lowest and highest. */
  riskCodeRange: [number, number];
  /** Paths whose JSON answers carry such a `code`. */
  apiPathPrefixes: string[];
  /** Texts the page shows under risk control. */
  riskTexts: string[];
  /** Our own text appears here; it never counts as a page message. */
  ownTextContainers: string[];
  successTexts: string[];
  /** The sidebar's draft count, e.g. 「草稿箱(3)」; group 1 is the number. */
  draftCountPattern: string;

  /**
   * Where 暂存离开 keeps drafts: the browser profile's IndexedDB. A record's fields are named
   * by dotted paths into the stored value (`content.draftStore.title`); the first path that
   * holds a value of the right kind wins.
   */
  draftDb: {
    name: string;
    store: string;
    /** Paths to the note's title (a string). */
    titlePaths: string[];
    /** Paths to the note's images (an array; its length is the image count). */
    imagePaths: string[];
    /** Paths to the draft's time: epoch ms or s, a numeric string, or a date string. */
    timePaths: string[];
  };
}

export const DEFAULT_XHS_SELECTORS: XhsSelectors = {
  publishUrl: 'https://creator.xiaohongshu.com/publish/publish?source=official',
  loginPaths: ['/login'],
  loginMarkers: ['div[class*="login-box"]'],
  loginTexts: ['APP扫一扫登录'],
  userInfoPath: '/api/galaxy/user/info',

  tabs: {
    items: ['div.creator-tab', '[role="tab"]'],
    label: ['span.title'],
    imageTabTexts: ['上传图文'],
    decoy: '[data-hp-kind], .button-hp-installed',
    activeClasses: ['active', 'is-active'],
  },

  // By what it accepts too: the video tab's input has the same class and stays in the page.
  uploadInputs: [
    'input.upload-input[type="file"][accept*=".jpg"]',
    'input.upload-input[type="file"][accept*="image"]',
    'input[type="file"][accept*=".jpg"]',
    'input[type="file"][accept*="image"]',
  ],
  uploadInputsByAccept: [
    'input[type="file"][accept*=".jpg"]',
    'input[type="file"][accept*="image"]',
  ],
  previewItems: ['.img-preview-area .pr'],
  uploadingTexts: ['图片上传中，请稍后'],

  titleInputs: [
    'div.d-input input[placeholder*="填写标题"]',
    'input[placeholder*="填写标题"]',
    'div.title-container input',
  ],
  titleCounters: ['div.title-container div.max_suffix', 'div.d-input .max_suffix'],
  counterOverClass: 'over',

  bodyEditors: [
    'div.tiptap.ProseMirror[contenteditable="true"]',
    'div.ProseMirror[contenteditable="true"]',
    '[contenteditable="true"][role="textbox"]',
  ],
  bodyPlaceholderTexts: ['输入正文描述'],
  bodyLengthErrors: ['div.edit-container div.length-error', '.length-error'],

  topicItems: ['#creator-editor-topic-container .item'],
  topicAnchors: ['a.tiptap-topic'],
  topicDataAttribute: 'data-topic',

  publishButtonHosts: ['xhs-publish-btn'],
  saveDisabledAttribute: 'save-disabled',
  saveTextAttribute: 'save-text',
  saveText: '暂存离开',

  riskStatuses: [461, 471],
  riskCodeRange: [-9140, -9130],
  apiPathPrefixes: ['/api/', '/web_api/'],
  riskTexts: ['账号存在风险', '安全限制', '操作过于频繁', '访问频次过高'],
  ownTextContainers: [
    '[contenteditable="true"]',
    'input',
    'textarea',
    '#creator-editor-topic-container',
  ],
  successTexts: ['暂存成功'],
  draftCountPattern: '草稿箱\\s*[(（]\\s*(\\d+)\\s*[)）]',

  draftDb: {
    name: 'draft-database-v1',
    store: 'image-draft',
    // The record shape the page writes (OpenCLI clis/xiaohongshu/draft-utils.js), then the
    // flat fields of older pages.
    titlePaths: [
      'content.draftStore.title',
      'content.contextStore.liveContext.title',
      'title',
      'noteTitle',
    ],
    imagePaths: [
      'content.draftStore.imgList',
      'content.noteImageConfig.items',
      'content.noteImageConfig.imageList',
      'images',
      'imageList',
    ],
    timePaths: ['updatedAt', 'updateTime', 'mtime', 'content.updateTime', 'createdAt'],
  },
};
