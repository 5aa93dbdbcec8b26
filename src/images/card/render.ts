/**
 * The offline cover card: a 1080×1440 PNG with the series, the headline, the source and the
 * date, laid out by satori and rasterized by resvg with the bundled Noto Sans SC fonts only.
 */

import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';

import { COVER_HEIGHT_PX, COVER_WIDTH_PX } from '../cover.js';
import { CARD_FONT_FAMILY, loadCardFonts } from './fonts.js';

/** What a card shows. */
export interface CardInput {
  /** The post title; long ones wrap and end in '…' after the last line that fits. */
  headline: string;
  /** The series name, shown at the top (e.g. 每日新闻). */
  series: string;
  /** The outlet's name, shown near the bottom of the safe area. */
  source: string;
  /** The story's date as it should read (e.g. 2026年5月1日). */
  dateText: string;
}

/** A satori element written as a plain object (satori takes React-shaped trees). */
interface CardNode {
  type: 'div';
  props: { style: Record<string, string | number>; children?: string | CardNode[] };
}

/** The feed covers the bottom ~15 % of a cover, so nothing that must be read goes there. */
export const CARD_SAFE_HEIGHT_PX = Math.round(COVER_HEIGHT_PX * 0.85);

const SIDE_PADDING_PX = 96;
const CONTENT_WIDTH_PX = COVER_WIDTH_PX - 2 * SIDE_PADDING_PX;
const TOP_PADDING_PX = 128;
/** Gap kept between the source/date line and the covered bottom band. */
const META_GAP_PX = 72;

/** Top of the headline box; tests read pixels from here. */
export const CARD_HEADLINE_TOP_PX = 330;
/** Height available to the headline before the source/date block. */
const HEADLINE_BOX_HEIGHT_PX = 700;
const HEADLINE_LINE_HEIGHT = 1.36;

const COLORS = {
  paper: '#FAF7F2',
  band: '#EFE7DB',
  accent: '#C8102E',
  ink: '#1B1B1F',
  muted: '#6B6660',
  rule: '#D9D1C5',
};

/** Short headlines get bigger type; the size steps are in graphemes (roughly CJK characters). */
function headlineFontSizePx(headline: string): number {
  const length = Array.from(new Intl.Segmenter('zh').segment(headline)).length;
  if (length <= 12) return 112;
  if (length <= 24) return 96;
  if (length <= 40) return 84;
  return 72;
}

function oneLineText(text: string, style: Record<string, string | number>): CardNode {
  const clip = { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' };
  return { type: 'div', props: { style: { ...clip, ...style }, children: text } };
}

function headerNode(series: string): CardNode {
  const rule: CardNode = {
    type: 'div',
    props: { style: { width: 120, height: 10, marginTop: 28, backgroundColor: COLORS.accent } },
  };
  const name = oneLineText(series, {
    width: CONTENT_WIDTH_PX,
    fontSize: 48,
    fontWeight: 700,
    letterSpacing: 4,
    color: COLORS.accent,
  });
  return {
    type: 'div',
    props: { style: { display: 'flex', flexDirection: 'column' }, children: [name, rule] },
  };
}

function headlineNode(headline: string): CardNode {
  const fontSize = headlineFontSizePx(headline);
  const maxLines = Math.floor(HEADLINE_BOX_HEIGHT_PX / (fontSize * HEADLINE_LINE_HEIGHT));
  return {
    type: 'div',
    props: {
      style: {
        position: 'absolute',
        top: CARD_HEADLINE_TOP_PX,
        left: SIDE_PADDING_PX,
        width: CONTENT_WIDTH_PX,
        display: 'block',
        fontSize,
        fontWeight: 700,
        lineHeight: HEADLINE_LINE_HEIGHT,
        color: COLORS.ink,
        overflow: 'hidden',
        lineClamp: maxLines,
        textOverflow: 'ellipsis',
      },
      children: headline,
    },
  };
}

function metaNode(source: string, dateText: string): CardNode {
  const rule: CardNode = {
    type: 'div',
    props: { style: { width: CONTENT_WIDTH_PX, height: 2, backgroundColor: COLORS.rule } },
  };
  const line: CardNode = {
    type: 'div',
    props: {
      style: { display: 'flex', justifyContent: 'space-between', marginTop: 28, fontSize: 38 },
      children: [
        oneLineText(source, { maxWidth: CONTENT_WIDTH_PX - 380, color: COLORS.muted }),
        oneLineText(dateText, { maxWidth: 360, color: COLORS.muted }),
      ],
    },
  };
  return {
    type: 'div',
    props: {
      style: {
        position: 'absolute',
        left: SIDE_PADDING_PX,
        width: CONTENT_WIDTH_PX,
        bottom: COVER_HEIGHT_PX - CARD_SAFE_HEIGHT_PX + META_GAP_PX,
        display: 'flex',
        flexDirection: 'column',
      },
      children: [rule, line],
    },
  };
}

function cardTree(input: CardInput): CardNode {
  const band: CardNode = {
    type: 'div',
    props: {
      style: {
        position: 'absolute',
        left: 0,
        bottom: 0,
        width: COVER_WIDTH_PX,
        height: COVER_HEIGHT_PX - CARD_SAFE_HEIGHT_PX,
        backgroundColor: COLORS.band,
      },
    },
  };
  const topBar: CardNode = {
    type: 'div',
    props: {
      style: {
        position: 'absolute',
        left: 0,
        top: 0,
        width: COVER_WIDTH_PX,
        height: 18,
        backgroundColor: COLORS.accent,
      },
    },
  };
  return {
    type: 'div',
    props: {
      style: {
        width: COVER_WIDTH_PX,
        height: COVER_HEIGHT_PX,
        display: 'flex',
        flexDirection: 'column',
        padding: `${TOP_PADDING_PX}px ${SIDE_PADDING_PX}px 0`,
        backgroundColor: COLORS.paper,
        fontFamily: CARD_FONT_FAMILY,
      },
      children: [
        topBar,
        band,
        headerNode(input.series),
        headlineNode(input.headline),
        metaNode(input.source, input.dateText),
      ],
    },
  };
}

/** Whitespace runs become one space: a card has no room for the feed's line breaks. */
function tidy(input: CardInput): CardInput {
  const oneLine = (s: string): string => s.replace(/\s+/gu, ' ').trim();
  return {
    headline: oneLine(input.headline),
    series: oneLine(input.series),
    source: oneLine(input.source),
    dateText: oneLine(input.dateText),
  };
}

/**
 * Renders the cover card as a 1080×1440 PNG, without network or system fonts. The headline
 * wraps between CJK characters and is clamped with '…'; everything that must be read stays
 * above the bottom 15 % that the Xiaohongshu feed covers. The same input gives the same bytes.
 */
export async function renderCard(input: CardInput): Promise<Buffer> {
  const fonts = await loadCardFonts();
  const svg = await satori(cardTree(tidy(input)), {
    width: COVER_WIDTH_PX,
    height: COVER_HEIGHT_PX,
    fonts,
  });
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: false },
  });
  return resvg.render().asPng();
}
