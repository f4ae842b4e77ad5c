import { useId, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, staffPhotoUrl } from '../api';

interface Photo {
  id: string;
  width: number;
  height: number;
  blackedOut: number;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/**
 * Blacking out part of a photo (a face, a number plate): the agent draws a rectangle on the photo
 * with the mouse, a finger or a pen, or types it in pixels in the four fields (the keyboard's way,
 * and the precise one); both stay in step. The server re-encodes the image without the hidden
 * part and destroys its previous bytes.
 */
export function PhotoBlackout({ photo, alt, run, onDone }: { photo: Photo; alt: string; run(work: () => Promise<void>): void; onDone(): void }) {
  const { t } = useTranslation('public-space');
  const id = useId();
  const surface = useRef<HTMLDivElement>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const [rect, setRect] = useState<Rect>(() => ({ x: Math.round(photo.width / 4), y: Math.round(photo.height / 4), width: Math.round(photo.width / 2), height: Math.round(photo.height / 2) }));
  const [fields, setFields] = useState<Record<keyof Rect, string>>(() => ({ x: String(rect.x), y: String(rect.y), width: String(rect.width), height: String(rect.height) }));

  const show = (r: Rect) => {
    setRect(r);
    setFields({ x: String(r.x), y: String(r.y), width: String(r.width), height: String(r.height) });
  };
  const typed = (key: keyof Rect, value: string) => {
    const next = { ...fields, [key]: value };
    setFields(next);
    const n = Number.parseInt(value, 10);
    if (Number.isFinite(n)) setRect((r) => ({ ...r, [key]: n }));
  };

  /** A pointer's place in the photo's own pixels. */
  const at = (e: PointerEvent<HTMLDivElement>) => {
    const box = surface.current!.getBoundingClientRect();
    return {
      x: Math.round(clamp(((e.clientX - box.left) / box.width) * photo.width, 0, photo.width)),
      y: Math.round(clamp(((e.clientY - box.top) / box.height) * photo.height, 0, photo.height)),
    };
  };
  const drag = (e: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    const p = at(e);
    const s = start.current;
    show({ x: Math.min(s.x, p.x), y: Math.min(s.y, p.y), width: Math.max(1, Math.abs(p.x - s.x)), height: Math.max(1, Math.abs(p.y - s.y)) });
  };

  const shown = { x: clamp(rect.x, 0, photo.width), y: clamp(rect.y, 0, photo.height) };
  const style = {
    left: `${(shown.x / photo.width) * 100}%`,
    top: `${(shown.y / photo.height) * 100}%`,
    width: `${(clamp(rect.width, 0, photo.width - shown.x) / photo.width) * 100}%`,
    height: `${(clamp(rect.height, 0, photo.height - shown.y) / photo.height) * 100}%`,
  };

  return (
    <form
      className="form ps-blackout"
      data-testid="blackout"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        run(async () => {
          await adminApi.blackout(photo.id, rect);
          onDone();
        });
      }}
    >
      <h3 id={`${id}-title`}>{t('blackout.title')}</h3>
      <p className="field-description">{t('blackout.help', { width: photo.width, height: photo.height })}</p>
      <div
        ref={surface}
        className="ps-blackout-surface"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          start.current = at(e);
          e.preventDefault();
        }}
        onPointerMove={drag}
        onPointerUp={(e) => {
          drag(e);
          start.current = null;
        }}
        onPointerCancel={() => (start.current = null)}
      >
        <img src={staffPhotoUrl(photo.id, photo.blackedOut)} width={photo.width} height={photo.height} alt={alt} draggable={false} />
        <div className="ps-blackout-rect" style={style} aria-hidden="true" />
      </div>
      <fieldset className="ps-fieldset">
        <legend className="field-label">{t('blackout.rectangle')}</legend>
        <div className="ps-blackout-fields">
          {(['x', 'y', 'width', 'height'] as const).map((key) => (
            <div className="field" key={key}>
              <label className="field-label" htmlFor={`${id}-${key}`}>
                {t(`blackout.${key}`)}
              </label>
              <input
                id={`${id}-${key}`}
                className="field-input"
                type="number"
                inputMode="numeric"
                required
                min={key === 'x' || key === 'y' ? 0 : 1}
                max={key === 'x' || key === 'width' ? photo.width : photo.height}
                value={fields[key]}
                onChange={(e) => typed(key, e.target.value)}
              />
            </div>
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t('blackout.apply')}
        </button>
      </div>
    </form>
  );
}
