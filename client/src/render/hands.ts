// Hands on the picture: dragging an actor moves it (not the camera) and pins it (graphology's `fixed`, which
// ForceAtlas2 leaves in place); zoom in / zoom out / fit buttons; reframing without a visible jump.
import type Graph from "graphology";
import type Sigma from "sigma";
import type { MouseCoords } from "sigma/types";
import { h } from "../views/dom.js";

/** Pixels the pointer must travel before a press on an actor becomes a drag (below it, it is a click). */
const DRAG_THRESHOLD = 4;

export interface NodeDrag {
  /** True from the end of a drag until the next press: the click that ends a drag does not select. */
  justDragged(): boolean;
  isDragging(): boolean;
}

export interface NodeDragOptions {
  /** Whether actors may be dragged now (the network view only; the genealogy's places are computed). */
  enabled(): boolean;
  /** A drag begins (e.g. pause a running layout, which would otherwise move the actor back). */
  onStart(key: string): void;
  /** The actor was let go where it is now, pinned. */
  onDrop(key: string): void;
}

export function enableNodeDrag(sigma: Sigma, graph: Graph, opts: NodeDragOptions): NodeDrag {
  let pressed: { key: string; x: number; y: number } | null = null;
  let dragging = false;
  let dragged = false;
  const captor = sigma.getMouseCaptor();

  sigma.on("downNode", ({ node, event }) => {
    dragged = false;
    if (!opts.enabled()) return;
    pressed = { key: node, x: event.x, y: event.y };
  });
  captor.on("mousedown", () => (dragged = false));

  captor.on("mousemovebody", (e: MouseCoords) => {
    if (!pressed) return;
    // Pressed on an actor: the camera stays where it is, whether or not this becomes a drag.
    e.preventSigmaDefault();
    e.original.preventDefault();
    e.original.stopPropagation();
    if (!dragging) {
      if (Math.hypot(e.x - pressed.x, e.y - pressed.y) < DRAG_THRESHOLD) return;
      dragging = true;
      opts.onStart(pressed.key);
      // Sigma frames the graph's extent: without a fixed box, moving an actor outward would rescale the picture.
      if (!sigma.getCustomBBox()) sigma.setCustomBBox(sigma.getBBox());
    }
    const p = sigma.viewportToGraph(e);
    graph.mergeNodeAttributes(pressed.key, { x: p.x, y: p.y, fixed: true });
  });

  captor.on("mouseup", () => {
    if (!pressed) return;
    const key = pressed.key;
    const wasDrag = dragging;
    pressed = null;
    dragging = false;
    if (wasDrag) {
      dragged = true;
      opts.onDrop(key);
    }
  });

  return { justDragged: () => dragged, isDragging: () => dragging };
}

/**
 * Set sigma's framing box without moving what is on screen: the graph point at the centre of the viewport stays
 * there, at the same scale (a drag outward changes the framed extent; the link must frame it as a reload would).
 */
export function reframeInPlace(sigma: Sigma, bbox: { x: [number, number]; y: [number, number] } | null): void {
  const { width, height } = sigma.getDimensions();
  const centre = { x: width / 2, y: height / 2 };
  const a = sigma.viewportToGraph(centre);
  const b = sigma.viewportToGraph({ x: centre.x + 100, y: centre.y });
  sigma.setCustomBBox(bbox);
  sigma.refresh();
  const camera = sigma.getCamera();
  const va = sigma.graphToViewport(a);
  const vb = sigma.graphToViewport(b);
  const px = Math.hypot(vb.x - va.x, vb.y - va.y);
  if (!(px > 0)) return;
  const ratio = camera.ratio * (px / 100);
  // With the new ratio, the framed-graph point under `a` becomes the camera's centre.
  camera.setState({ ratio });
  const f = sigma.viewportToFramedGraph(sigma.graphToViewport(a));
  camera.setState({ x: f.x, y: f.y });
}

/**
 * Zoom in, zoom out and fit, and Unpin while actors are pinned: native buttons with names, reachable with Tab, in the
 * corner of the stage (in the toolbar, Unpin coming and going would wrap it and move the stage under the pointer).
 */
export function mountZoomControls(
  stage: HTMLElement,
  sigma: Sigma,
  on: { fit(): void; releasePins(): void },
): { el: HTMLElement; setPinned(n: number): void } {
  const camera = sigma.getCamera();
  const button = (id: string, label: string, text: string, onclick: () => void) =>
    h("button", { type: "button", id, "aria-label": label, title: label, onclick }, text);
  const unpin = h(
    "button",
    {
      type: "button",
      id: "release-pins",
      title:
        "Let go of the actors you dragged (right-click one to let go of it alone): Run layout and Spread may move them again",
      onclick: on.releasePins,
      hidden: true,
    },
    "Unpin",
  );
  const el = h(
    "div",
    { class: "zoom-controls", role: "group", "aria-label": "Zoom" },
    button("zoom-in", "Zoom in", "+", () => void camera.animatedZoom({ duration: 250 })),
    button("zoom-out", "Zoom out", "−", () => void camera.animatedUnzoom({ duration: 250 })),
    button("zoom-fit", "Fit the network to the view", "Fit", on.fit),
    unpin,
  );
  stage.append(el);
  return {
    el,
    setPinned(n) {
      unpin.hidden = n === 0;
      unpin.textContent = `Unpin ${n}`;
    },
  };
}
