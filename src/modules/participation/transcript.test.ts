import { describe, expect, it } from 'vitest';
import { splitTranscript } from './transcript';

const TRANSCRIPT = `Enquêtrice : Comment venez-vous au marché ?
Habitante : À pied, mais les trottoirs sont trop étroits.
Avec la poussette c'est compliqué.

Enquêtrice : Et le soir ?
Habitante : Le soir je prends le bus, quand il passe.

Une remarque sans locuteur, à la fin.`;

describe('transcripts', () => {
  it('splits by speaker turn and paragraph, leaves the interviewer out, and keeps exact offsets', () => {
    const passages = splitTranscript(TRANSCRIPT, { skipSpeakers: ['enquetrice'], maxLength: 2000 });
    expect(passages.map((p) => [p.speaker, p.text])).toEqual([
      ['Habitante', "À pied, mais les trottoirs sont trop étroits.\nAvec la poussette c'est compliqué."],
      ['Habitante', 'Le soir je prends le bus, quand il passe.'],
      ['Habitante', 'Une remarque sans locuteur, à la fin.'],
    ]);
    for (const p of passages) expect(TRANSCRIPT.slice(p.start, p.end)).toBe(p.text);
  });

  it('cuts a long passage at sentence ends within the limit', () => {
    const text = Array.from({ length: 30 }, (_, i) => `Phrase numéro ${i} sur les déplacements en ville.`).join(' ');
    const passages = splitTranscript(text, { maxLength: 200 });
    expect(passages.length).toBeGreaterThan(5);
    for (const p of passages) {
      expect([...p.text].length).toBeLessThanOrEqual(200);
      expect(text.slice(p.start, p.end)).toBe(p.text);
      expect(p.text.endsWith('.')).toBe(true);
    }
  });
});
