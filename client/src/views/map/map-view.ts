// The MapLibre map: an offline base layer (Natural Earth countries and admin-1 regions shipped under
// /basemap/), the events as a clustered GeoJSON source (sized by fatalities, hollow when unknown), cluster counts as
// HTML markers (no glyph server offline), click and shift-drag selection, and a PNG of the canvas.
import * as maplibregl from "maplibre-gl";
import type { GeoJSONSource, StyleSpecification } from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import type { Feature, FeatureCollection, Geometry, Point } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { EVENT_TYPES } from "../../../../server/domain/constants.js";
import { EVENT_TYPE_COLORS, RADIUS_STOPS, type MapCamera } from "../../core/map/index.js";

maplibregl.setWorkerUrl(workerUrl);

export const BASEMAP_URL = "/basemap/natural-earth-admin.topo.json";

export interface Admin1Props {
  name: string;
  country: string;
  iso: string;
  lat: number;
  lon: number;
}

export interface Basemap {
  countries: FeatureCollection<Geometry, { country: string; admin: string }>;
  admin1: FeatureCollection<Geometry, Admin1Props>;
  admin1Lines: FeatureCollection;
}

let basemapPromise: Promise<Basemap> | null = null;
/** The base layer, fetched once from this origin (it ships with the app). */
export function loadBasemap(): Promise<Basemap> {
  basemapPromise ??= fetch(BASEMAP_URL)
    .then((r) => {
      if (!r.ok) throw new Error(`the base map could not be loaded (HTTP ${r.status})`);
      return r.json() as Promise<Topology>;
    })
    .then((topo) => ({
      countries: feature(topo, topo.objects.countries as GeometryCollection) as unknown as Basemap["countries"],
      admin1: feature(topo, topo.objects.admin1 as GeometryCollection) as unknown as Basemap["admin1"],
      admin1Lines: feature(topo, topo.objects.admin1_lines as GeometryCollection) as unknown as FeatureCollection,
    }));
  basemapPromise.catch(() => (basemapPromise = null));
  return basemapPromise;
}

export interface MapViewHandlers {
  /** A point (the event's index) was clicked. */
  onEvent(i: number): void;
  /** Events chosen by a shift-drag box or a shift-click on a cluster. */
  onSelect(indices: number[] | { box: [[number, number], [number, number]] }): void;
  onCamera(c: MapCamera): void;
  onBackground(): void;
}

export interface MapView {
  map: maplibregl.Map;
  setEvents(fc: FeatureCollection<Point>, colorByActor: boolean): void;
  setSelected(indices: number[]): void;
  /** Highlights an admin-1 region (a basemap feature), or none. */
  setRegion(region: Feature | null): void;
  jumpTo(c: MapCamera): void;
  fitTo(fc: FeatureCollection<Point>): void;
  camera(): MapCamera;
  /** A PNG of the map as drawn now. */
  png(): Promise<Blob>;
  /** Resolves once the map has drawn its current data (no pending tiles or source updates). */
  idle(): Promise<void>;
  resize(): void;
  destroy(): void;
}

const TYPE_COLOR = [
  "match",
  ["get", "t"],
  ...EVENT_TYPES.flatMap((t, i) => [i, EVENT_TYPE_COLORS[t]]),
  EVENT_TYPE_COLORS.other,
] as unknown as maplibregl.ExpressionSpecification;
const ACTOR_COLOR = ["coalesce", ["get", "c"], "#6b7280"] as unknown as maplibregl.ExpressionSpecification;
const RADIUS = [
  "interpolate",
  ["linear"],
  ["get", "f"],
  ...RADIUS_STOPS.flat(),
] as unknown as maplibregl.ExpressionSpecification;
const NOT_CLUSTER = ["!", ["has", "point_count"]] as unknown as maplibregl.ExpressionSpecification;

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };

function style(): StyleSpecification {
  return {
    version: 8,
    sources: {
      // Filled when the base layer has arrived (the events need not wait for it). Tiled no deeper than zoom 8 and
      // simplified a little more: the base layer is 1:10m data.
      countries: { type: "geojson", data: EMPTY, maxzoom: 8, tolerance: 0.5 },
      admin1: { type: "geojson", data: EMPTY, maxzoom: 8, tolerance: 0.5 },
      region: { type: "geojson", data: { type: "FeatureCollection", features: [] } },
      events: {
        type: "geojson",
        data: { type: "FeatureCollection", features: [] },
        cluster: true,
        clusterRadius: 42,
        clusterMaxZoom: 9,
        // Known fatalities summed; events whose fatalities were not reported counted apart (never as zero).
        clusterProperties: {
          f: ["+", ["coalesce", ["get", "f"], 0]],
          u: ["+", ["coalesce", ["get", "u"], 0]],
        },
      },
    },
    layers: [
      { id: "water", type: "background", paint: { "background-color": "#dbe7ee" } },
      { id: "land", type: "fill", source: "countries", paint: { "fill-color": "#f6f4ee" } },
      {
        id: "region-highlight",
        type: "fill",
        source: "region",
        paint: { "fill-color": "#fde68a", "fill-opacity": 0.55 },
      },
      {
        id: "admin1-lines",
        type: "line",
        source: "admin1",
        minzoom: 3,
        paint: { "line-color": "#cfc8b8", "line-width": 0.6, "line-dasharray": [3, 2] },
      },
      { id: "country-lines", type: "line", source: "countries", paint: { "line-color": "#6f6a5e", "line-width": 1.3 } },
      {
        id: "clusters",
        type: "circle",
        source: "events",
        filter: ["has", "point_count"],
        paint: {
          "circle-color": "rgba(55,65,81,0.78)",
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 1.5,
          "circle-radius": ["step", ["get", "point_count"], 13, 10, 16, 100, 20, 1000, 25, 10000, 31],
        },
      },
      {
        id: "events-known",
        type: "circle",
        source: "events",
        filter: ["all", NOT_CLUSTER, ["has", "f"]],
        paint: {
          "circle-color": TYPE_COLOR,
          "circle-opacity": 0.85,
          "circle-radius": RADIUS,
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 1,
        },
      },
      {
        // Fatalities not reported: a hollow ring, never a dot of size zero.
        id: "events-unknown",
        type: "circle",
        source: "events",
        filter: ["all", NOT_CLUSTER, ["has", "u"]],
        paint: {
          "circle-color": "rgba(255,255,255,0.6)",
          "circle-radius": 6,
          "circle-stroke-color": TYPE_COLOR,
          "circle-stroke-width": 2.5,
        },
      },
      {
        id: "events-selected",
        type: "circle",
        source: "events",
        filter: ["in", ["get", "i"], ["literal", []]],
        paint: {
          "circle-opacity": 0,
          "circle-radius": ["+", ["coalesce", RADIUS, 6], 4],
          "circle-stroke-color": "#111827",
          "circle-stroke-width": 2.5,
        },
      },
    ],
  };
}

/**
 * The online base layer the server configures (MAP_TILES_URL), if any: raster tiles drawn over the offline land and
 * under the borders and events. Offline, its tiles fail and the offline layer shows through; nothing else changes.
 */
async function addOnlineLayer(map: maplibregl.Map): Promise<void> {
  let settings: { tiles: { url: string; attribution: string } | null };
  try {
    const res = await fetch("/api/map/settings", { headers: { accept: "application/json" } });
    if (!res.ok) return;
    settings = (await res.json()) as typeof settings;
  } catch {
    return;
  }
  if (!settings.tiles) return;
  map.addSource("online", {
    type: "raster",
    tiles: [settings.tiles.url],
    tileSize: 256,
    maxzoom: 19,
    attribution: settings.tiles.attribution,
  });
  map.addLayer(
    { id: "online", type: "raster", source: "online", paint: { "raster-opacity": 0.9 } },
    "region-highlight",
  );
  let warned = false;
  map.on("error", (e) => {
    if ((e as { sourceId?: string }).sourceId !== "online" || warned) return;
    warned = true;
    console.warn(`map: the online base layer did not load (${e.error?.message ?? "error"}); the offline one shows`);
  });
}

/** The bounds of the Sahel theatre: where the map opens when it has no camera and nothing to fit. */
const SAHEL: [[number, number], [number, number]] = [
  [-12, 9],
  [16, 24],
];

export async function createMapView(container: HTMLElement, handlers: MapViewHandlers): Promise<MapView> {
  const map = new maplibregl.Map({
    container,
    style: style(),
    bounds: SAHEL,
    attributionControl: false,
    boxZoom: false,
    dragRotate: false,
    pitchWithRotate: false,
    renderWorldCopies: false,
    // The PNG export reads the canvas after drawing.
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");
  map.addControl(
    new maplibregl.AttributionControl({
      compact: true,
      customAttribution: "Boundaries: Natural Earth (public domain)",
    }),
    "bottom-right",
  );
  await new Promise<void>((resolve) => map.once("load", () => resolve()));
  performance.mark("faultlines:map-load");
  void addOnlineLayer(map);
  // The base layer is a static file of the app: drawn when it arrives, behind the events if they came first.
  void loadBasemap().then(
    (base) => {
      performance.mark("faultlines:map-basemap");
      void (map.getSource("countries") as GeoJSONSource).setData(base.countries);
      void (map.getSource("admin1") as GeoJSONSource).setData(base.admin1Lines);
    },
    (err: Error) => console.warn(`map: ${err.message}`),
  );

  // ---- cluster counts as HTML markers ------------------------------------------------------------------------
  const markers = new Map<number, maplibregl.Marker>();
  const drawCounts = () => {
    const seen = new Set<number>();
    for (const f of map.queryRenderedFeatures({ layers: ["clusters"] })) {
      const id = f.properties.cluster_id as number;
      if (seen.has(id)) continue;
      seen.add(id);
      const [lon, lat] = (f.geometry as Point).coordinates;
      let m = markers.get(id);
      if (!m) {
        const el = document.createElement("div");
        el.className = "map-cluster-count";
        m = new maplibregl.Marker({ element: el }).setLngLat([lon, lat]).addTo(map);
        markers.set(id, m);
      }
      const el = m.getElement();
      const n = Number(f.properties.point_count);
      el.textContent = n >= 10000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
      const u = Number(f.properties.u);
      el.title = `${n} events, ${Number(f.properties.f)} killed where reported${u ? `; ${u} without a fatality count` : ""}. Click to zoom in, shift-click to select them.`;
    }
    for (const [id, m] of markers)
      if (!seen.has(id)) {
        m.remove();
        markers.delete(id);
      }
  };
  map.on("render", () => {
    if (map.isSourceLoaded("events")) drawCounts();
  });

  // ---- interactions ---------------------------------------------------------------------------------------------
  const source = () => map.getSource("events") as GeoJSONSource;
  for (const layer of ["clusters", "events-known", "events-unknown"]) {
    map.on("mouseenter", layer, () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", layer, () => (map.getCanvas().style.cursor = ""));
  }
  map.on("click", async (e) => {
    const hit = map.queryRenderedFeatures(
      [
        [e.point.x - 4, e.point.y - 4],
        [e.point.x + 4, e.point.y + 4],
      ],
      { layers: ["events-known", "events-unknown", "clusters"] },
    );
    const point = hit.find((f) => f.layer.id !== "clusters");
    if (point) return handlers.onEvent(Number(point.properties.i));
    const cluster = hit.find((f) => f.layer.id === "clusters");
    if (!cluster) return handlers.onBackground();
    const id = Number(cluster.properties.cluster_id);
    if (e.originalEvent.shiftKey) {
      const leaves = await source().getClusterLeaves(id, Number(cluster.properties.point_count), 0);
      return handlers.onSelect(leaves.map((f) => Number(f.properties?.i)));
    }
    const zoom = await source().getClusterExpansionZoom(id);
    map.easeTo({ center: (cluster.geometry as Point).coordinates as [number, number], zoom, duration: 400 });
  });
  map.on("moveend", () => handlers.onCamera(camera()));

  // Shift-drag draws a box; its events are selected.
  const canvas = map.getCanvasContainer();
  let start: { x: number; y: number } | null = null;
  let boxEl: HTMLDivElement | null = null;
  const pos = (ev: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return { x: ev.clientX - r.left - canvas.clientLeft, y: ev.clientY - r.top - canvas.clientTop };
  };
  canvas.addEventListener(
    "mousedown",
    (ev) => {
      if (!ev.shiftKey || ev.button !== 0) return;
      map.dragPan.disable();
      start = pos(ev);
      const onMove = (mv: MouseEvent) => {
        const p = pos(mv);
        if (!boxEl) {
          boxEl = document.createElement("div");
          boxEl.className = "map-select-box";
          canvas.appendChild(boxEl);
        }
        const x = Math.min(start!.x, p.x);
        const y = Math.min(start!.y, p.y);
        boxEl.style.transform = `translate(${x}px, ${y}px)`;
        boxEl.style.width = `${Math.abs(p.x - start!.x)}px`;
        boxEl.style.height = `${Math.abs(p.y - start!.y)}px`;
      };
      const onUp = (up: MouseEvent) => {
        document.removeEventListener("mousemove", onMove);
        document.removeEventListener("mouseup", onUp);
        map.dragPan.enable();
        const end = pos(up);
        boxEl?.remove();
        boxEl = null;
        if (start && Math.abs(end.x - start.x) > 3 && Math.abs(end.y - start.y) > 3) {
          const a = map.unproject([Math.min(start.x, end.x), Math.max(start.y, end.y)]);
          const b = map.unproject([Math.max(start.x, end.x), Math.min(start.y, end.y)]);
          handlers.onSelect({
            box: [
              [a.lng, a.lat],
              [b.lng, b.lat],
            ],
          });
        }
        start = null;
      };
      document.addEventListener("mousemove", onMove);
      document.addEventListener("mouseup", onUp);
    },
    true,
  );

  function camera(): MapCamera {
    const c = map.getCenter();
    return { lon: c.lng, lat: c.lat, zoom: map.getZoom() };
  }

  let colorByActor = false;
  return {
    map,
    setEvents(fc, byActor) {
      if (byActor !== colorByActor) {
        colorByActor = byActor;
        const color = byActor ? ACTOR_COLOR : TYPE_COLOR;
        map.setPaintProperty("events-known", "circle-color", color);
        map.setPaintProperty("events-unknown", "circle-stroke-color", color);
      }
      void source().setData(fc);
    },
    setSelected(indices) {
      map.setFilter("events-selected", [
        "all",
        NOT_CLUSTER,
        ["in", ["get", "i"], ["literal", indices.slice(0, 5000)]],
      ] as unknown as maplibregl.FilterSpecification);
    },
    setRegion(region) {
      void (map.getSource("region") as GeoJSONSource).setData({
        type: "FeatureCollection",
        features: region ? [region] : [],
      });
    },
    jumpTo(c) {
      map.jumpTo({ center: [c.lon, c.lat], zoom: c.zoom });
    },
    fitTo(fc) {
      if (!fc.features.length) return;
      const b = new maplibregl.LngLatBounds();
      for (const f of fc.features) b.extend(f.geometry.coordinates as [number, number]);
      map.fitBounds(b, { padding: 60, maxZoom: 7, duration: 0 });
    },
    camera,
    png: () =>
      new Promise<Blob>((resolve, reject) => {
        map.once("render", () =>
          map
            .getCanvas()
            .toBlob((b) => (b ? resolve(b) : reject(new Error("the map could not be encoded"))), "image/png"),
        );
        map.triggerRepaint();
      }),
    idle: () =>
      new Promise<void>((resolve) => {
        if (map.loaded() && map.isSourceLoaded("events") && !map.isMoving()) {
          map.once("idle", () => resolve());
          map.triggerRepaint();
        } else map.once("idle", () => resolve());
      }),
    resize: () => map.resize(),
    destroy: () => {
      for (const m of markers.values()) m.remove();
      map.remove();
    },
  };
}

/** Admin-1 regions by normalised name within a country, to place an event known only by its region. */
export function admin1Lookup(
  base: Basemap,
): (region: string, country: string | null) => Feature<Geometry, Admin1Props> | null {
  const key = (name: string) =>
    name
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/\b(region|région|province|state|district|de|du|la|le)\b/g, "")
      .replace(/[^a-z0-9]+/g, "");
  const byKey = new Map<string, Feature<Geometry, Admin1Props>[]>();
  for (const f of base.admin1.features) {
    const k = key(f.properties.name);
    byKey.set(k, [...(byKey.get(k) ?? []), f]);
  }
  return (region, country) => {
    const hits = byKey.get(key(region)) ?? [];
    const inCountry = country ? hits.filter((f) => f.properties.country === country) : hits;
    return inCountry.length === 1 ? inCountry[0] : null;
  };
}
