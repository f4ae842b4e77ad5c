import { describe, expect, it } from 'vitest';
import { detectStance } from './stance';

describe('detectStance', () => {
  it('reads French cues of opposition and support, with their words', () => {
    const text = 'Je suis contre les nouvelles pistes cyclables.';
    const cue = detectStance(text)!;
    expect(cue.stance).toBe('against');
    expect(text.slice(cue.start, cue.end)).toBe('contre');
    expect(detectStance('Il faut plus de pistes cyclables.')?.stance).toBe('for');
    expect(detectStance('Ce projet est inutile, pas besoin de piste ici.')?.stance).toBe('against');
    expect(detectStance('Je ne suis pas opposée à ce projet mais il est inutile et absurde.')?.stance).toBe('against');
  });

  it('does not read "pas contre", "par contre" or "contre-allée" as opposition', () => {
    expect(detectStance('Je ne suis pas contre, il faut essayer.')?.stance).toBe('for');
    expect(detectStance('Par contre la contre-allée est sale.')).toBeNull();
  });

  it('gives no stance when nothing or both sides are said', () => {
    expect(detectStance('La médiathèque ferme le dimanche.')).toBeNull();
    expect(detectStance('Je suis pour le marché, contre le parking.')).toBeNull();
  });
});
