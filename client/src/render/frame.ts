// Where the camera frames the network: the nodes' extent widened on the right by what their labels need, so that
// labels at the right edge are not cut (sigma frames node centres only, with one padding on every side).

export interface LabelledPoint {
  x: number;
  y: number;
  /** Width in screen pixels from the node's centre to the end of its label. */
  reach: number;
}

/**
 * The graph-space box to hand to sigma's setCustomBBox: node extent, plus room on the right so each label ends inside
 * the viewport of `width` x `height` CSS pixels with `padding` on each side. Null when there is nothing to frame.
 */
export function bboxWithLabelRoom(
  points: readonly LabelledPoint[],
  view: { width: number; height: number; padding: number },
): { x: [number, number]; y: [number, number] } | null {
  if (!points.length) return null;
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const w = Math.max(1, view.width - 2 * view.padding);
  const h = Math.max(1, view.height - 2 * view.padding);
  const dy = Math.max(maxY - minY, 1e-9);
  let extra = 0;
  // Pixels per graph unit depend on the box, which depends on the room: two rounds settle it (the second only grows).
  for (let round = 0; round < 3; round++) {
    const dx = Math.max(maxX - minX + extra, 1e-9);
    const scale = Math.min(w / dx, h / dy);
    let need = 0;
    for (const p of points) need = Math.max(need, p.reach / scale - (maxX - p.x));
    extra = Math.max(extra, need);
  }
  return { x: [minX, maxX + extra], y: [minY, maxY] };
}
