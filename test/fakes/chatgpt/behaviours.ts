import type { Behaviour } from './types.js';

/** The exact texts the fake page shows; the driver's classifiers are tested against them. */
export const REPLY_TEXTS = {
  refusal:
    "I can't generate that image because it violates our content policy. If you think we got " +
    'this wrong, please retry or edit your prompt.',
  planLimit:
    "You've hit the Plus plan limit for image generation requests. You can create more images " +
    'when the limit resets in 2 hours 14 minutes.',
  deferred:
    "Processing image. Lots of people are creating images right now, so this might take a bit. We'll notify you when your image is ready.",
  error: 'Something went wrong while generating the image.',
  stopped: 'Image creation stopped.',
} as const;

interface Script {
  match: string;
  behaviours: Behaviour[];
  attempts: number;
}

/** Which behaviour a prompt gets: the first script whose text the prompt contains, else the default. */
export class BehaviourBook {
  private readonly scripts: Script[] = [];
  private fallback: Behaviour = 'ok';

  /** Prompts containing `match` get `behaviours[n]` on their n-th send; the last one repeats. */
  script(match: string, behaviours: Behaviour[]): void {
    if (behaviours.length === 0) throw new Error(`script("${match}") needs at least one behaviour`);
    const existing = this.scripts.find((script) => script.match === match);
    if (existing) {
      existing.behaviours = [...behaviours];
      existing.attempts = 0;
      return;
    }
    this.scripts.push({ match, behaviours: [...behaviours], attempts: 0 });
  }

  setDefault(behaviour: Behaviour): void {
    this.fallback = behaviour;
  }

  /** The behaviour of one send, counting it as an attempt of its script. */
  next(prompt: string): Behaviour {
    const script = this.scripts.find((candidate) => prompt.includes(candidate.match));
    if (!script) return this.fallback;
    const index = Math.min(script.attempts, script.behaviours.length - 1);
    script.attempts += 1;
    return script.behaviours[index] ?? this.fallback;
  }
}

const INSTRUCTION_RE =
  /[^.!?。！？]*(?:image generation tool|clarifying questions|aspect ratio)[^.!?。！？]*[.!?。！？]?/gi;

/** A short image title from the prompt, the way the page labels a generated image. */
export function shortTitle(prompt: string): string {
  const subject = prompt.replaceAll(INSTRUCTION_RE, ' ').replaceAll(/\s+/g, ' ').trim() || prompt;
  const words = subject.split(' ').slice(0, 6).join(' ');
  const title = words.length > 48 ? `${words.slice(0, 47)}…` : words;
  return title.replace(/[.,;:!?。，]+$/, '') || 'Image';
}
