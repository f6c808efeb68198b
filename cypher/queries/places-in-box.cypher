// The ids of the places inside a bounding box (longitudes and latitudes inclusive).
// params: minLon, minLat, maxLon, maxLat
// columns: id
MATCH (p:Place)
WHERE p.lon >= $minLon AND p.lon <= $maxLon AND p.lat >= $minLat AND p.lat <= $maxLat
RETURN p.id AS id
ORDER BY id
