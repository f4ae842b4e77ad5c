/**
 * Longitude/latitude (degrees, WGS 84 / RFC 7946 GeoJSON) to kilometres on a local equirectangular
 * projection centred on the data's mean latitude: x = R·λ·cos φ0, y = R·φ. Over a region the size
 * of Île-de-France the distances are off by well under 1 %, which is what distance bands and
 * nearest neighbours need; a degree of longitude is not a degree of latitude, so distances taken
 * in raw degrees would not be. Contiguity does not need it.
 */

const EARTH_RADIUS_KM = 6371.0088;

export function equirectangularKm(longitude: Float64Array, latitude: Float64Array): { x: Float64Array; y: Float64Array } {
  const n = longitude.length;
  let latitudeSum = 0;
  for (let i = 0; i < n; i++) {
    const lon = longitude[i]!;
    const lat = latitude[i]!;
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw new Error(`point #${i + 1} (${lon}, ${lat}) is not a longitude/latitude in degrees: the coordinates look projected already`);
    }
    latitudeSum += lat;
  }
  const radians = Math.PI / 180;
  const cosine = Math.cos((latitudeSum / Math.max(n, 1)) * radians);
  return {
    x: Float64Array.from(longitude, (lon) => EARTH_RADIUS_KM * lon * radians * cosine),
    y: Float64Array.from(latitude, (lat) => EARTH_RADIUS_KM * lat * radians),
  };
}
