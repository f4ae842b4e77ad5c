import { describe, expect, it } from 'vitest';
import { actNumberOf } from './service';

describe('actNumberOf', () => {
  it('reads the number an act gives itself', () => {
    expect(actNumberOf('# Délibération n° 2026/031\n\nSéance du 26 mars 2026')).toBe('2026/031');
    expect(actNumberOf('Extrait du registre des délibérations du Conseil Municipal de la Ville de Montpellier n° 2014 / 171\n')).toBe('2014/171');
    expect(actNumberOf('DELIBERATION N°12-2024 : tarifs')).toBe('12-2024');
    expect(actNumberOf('Objet : tarifs de la cantine\nLe conseil adopte.')).toBe('');
  });
});
