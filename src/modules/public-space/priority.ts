/**
 * Priority of a report, pure: a score from 0 to 100 and its level, with every factor that made it,
 * so that an agent (and the public register) can see why. Staff can override the level.
 *
 * - The category's default level gives the base: urgent 70, high 50, normal 30, low 10.
 * - Each sensitive place within its layer's radius adds the layer's weight scaled by closeness,
 *   `weight × (1 − distance / radius)`; only the nearest place of each layer counts, and the
 *   places together add at most 40 points (an illegal dump 20 m from a stream, weight 30, radius
 *   200 m, adds 27).
 * - Residents following the report: 3 points per follower beyond the first, at most 12.
 * - Each time a resident said "not fixed": 5 points, at most 10.
 * Levels: urgent ≥ 70, high ≥ 50, normal ≥ 25, low below.
 */
import type { PriorityFactor, PriorityLevel } from './api-schemas';

export const BASE_POINTS: Record<PriorityLevel, number> = { urgent: 70, high: 50, normal: 30, low: 10 };
export const MAX_SENSITIVE_POINTS = 40;
export const POINTS_PER_FOLLOWER = 3;
export const MAX_FOLLOWER_POINTS = 12;
export const POINTS_PER_REOPENING = 5;
export const MAX_REOPENING_POINTS = 10;

export interface NearbySensitivePlace {
  layerCode: string;
  layerName: string;
  placeName: string | null;
  distanceM: number;
  radiusM: number;
  weight: number;
}

export interface PriorityInput {
  categoryDefault: PriorityLevel;
  categoryName: string;
  sensitivePlaces: readonly NearbySensitivePlace[];
  followers: number;
  reopened: number;
}

export interface PriorityResult {
  score: number;
  level: PriorityLevel;
  factors: PriorityFactor[];
}

export function levelOf(score: number): PriorityLevel {
  if (score >= 70) return 'urgent';
  if (score >= 50) return 'high';
  if (score >= 25) return 'normal';
  return 'low';
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function scorePriority(input: PriorityInput): PriorityResult {
  const factors: PriorityFactor[] = [];
  const base = BASE_POINTS[input.categoryDefault];
  factors.push({ kind: 'category', label: input.categoryName, points: base, distanceM: null });

  // The nearest place of each layer within its radius.
  const nearestByLayer = new Map<string, NearbySensitivePlace>();
  for (const place of input.sensitivePlaces) {
    if (!(place.distanceM <= place.radiusM) || place.radiusM <= 0) continue;
    const seen = nearestByLayer.get(place.layerCode);
    if (!seen || place.distanceM < seen.distanceM) nearestByLayer.set(place.layerCode, place);
  }
  let sensitive = 0;
  const places = [...nearestByLayer.values()].sort((a, b) => a.distanceM - b.distanceM);
  for (const place of places) {
    const points = round1(place.weight * (1 - place.distanceM / place.radiusM));
    const granted = round1(Math.min(points, MAX_SENSITIVE_POINTS - sensitive));
    if (granted <= 0) continue;
    sensitive += granted;
    factors.push({
      kind: 'sensitive_place',
      label: place.placeName ? `${place.layerName} : ${place.placeName}` : place.layerName,
      points: granted,
      distanceM: Math.round(place.distanceM),
    });
  }

  const followerPoints = Math.min(MAX_FOLLOWER_POINTS, Math.max(0, input.followers - 1) * POINTS_PER_FOLLOWER);
  if (followerPoints > 0) factors.push({ kind: 'followers', label: `${input.followers}`, points: followerPoints, distanceM: null });
  const reopenPoints = Math.min(MAX_REOPENING_POINTS, Math.max(0, input.reopened) * POINTS_PER_REOPENING);
  if (reopenPoints > 0) factors.push({ kind: 'reopened', label: `${input.reopened}`, points: reopenPoints, distanceM: null });

  const raw = base + sensitive + followerPoints + reopenPoints;
  const score = Math.max(0, Math.min(100, Math.round(raw)));
  return { score, level: levelOf(score), factors };
}
