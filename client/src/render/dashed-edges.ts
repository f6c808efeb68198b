// Dashed straight edges for alleged and disputed ties (sigma v3 has no dashed program: jacomyal/sigma.js#1497).
// The line program's own shaders, with one addition: the vertex shader passes the distance along the edge in screen
// pixels, and the fragment shader leaves the gaps empty. Picking (hover, click) still sees the whole line.
import { createEdgeArrowHeadProgram, createEdgeCompoundProgram, EdgeRectangleProgram } from "sigma/rendering";
import type { RenderParams } from "sigma/types";

import { DASH_PX, GAP_PX } from "../../../server/domain/vocabulary.js";

export { DASH_PX, GAP_PX };

function patch(source: string, anchor: string, replacement: string, where: string): string {
  if (!source.includes(anchor)) {
    // A sigma upgrade changed the shader text: fail loudly rather than draw solid lines that claim to be dashed.
    throw new Error(`dashed-edges: the ${where} shader no longer contains '${anchor.trim()}'`);
  }
  return source.replace(anchor, replacement);
}

type Definition = ReturnType<EdgeRectangleProgram["getDefinition"]>;
type ProgramInfo = Parameters<EdgeRectangleProgram["setUniforms"]>[1];

export class EdgeDashedProgram extends EdgeRectangleProgram {
  override getDefinition(): Definition {
    const def = super.getDefinition();
    let vertex = patch(
      def.VERTEX_SHADER_SOURCE,
      "varying float v_feather;",
      "varying float v_feather;\nvarying float v_along;\nuniform vec2 u_resolution;",
      "vertex",
    );
    vertex = patch(
      vertex,
      "  #ifdef PICKING_MODE",
      `  vec2 startClip = (u_matrix * vec3(a_positionStart, 1)).xy;
  vec2 endClip = (u_matrix * vec3(a_positionEnd, 1)).xy;
  v_along = a_positionCoef * length((endClip - startClip) * u_resolution / 2.0);

  #ifdef PICKING_MODE`,
      "vertex",
    );
    const fragment = patch(
      patch(
        def.FRAGMENT_SHADER_SOURCE,
        "varying float v_feather;",
        "varying float v_feather;\nvarying float v_along;",
        "fragment",
      ),
      "  float dist = length(v_normal) * v_thickness;",
      `  if (mod(v_along, ${(DASH_PX + GAP_PX).toFixed(1)}) > ${DASH_PX.toFixed(1)}) discard;
  float dist = length(v_normal) * v_thickness;`,
      "fragment",
    );
    return {
      ...def,
      VERTEX_SHADER_SOURCE: vertex,
      FRAGMENT_SHADER_SOURCE: fragment,
      // One uniform more than the base program declares (its type lists the base's seven).
      UNIFORMS: [...def.UNIFORMS, "u_resolution"],
    } as unknown as Definition;
  }

  override setUniforms(params: RenderParams, programInfo: ProgramInfo): void {
    super.setUniforms(params, programInfo);
    const locations = programInfo.uniformLocations as Record<string, WebGLUniformLocation>;
    programInfo.gl.uniform2f(locations.u_resolution, params.width, params.height);
  }
}

/** Directed weak ties: the dashed line under sigma's arrow head. */
export const EdgeDashedArrowProgram = createEdgeCompoundProgram([EdgeDashedProgram, createEdgeArrowHeadProgram()]);
