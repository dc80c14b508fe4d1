// The viewer's renderer, bundled into one offline script: sigma.js (WebGL) on a
// graphology graph, with curved edges for parallel ties. Actor shapes are drawn by the
// page's own node program (graph/view/page.py), so no pictogram program is bundled.
// Rebuild with build.sh; the page uses window.actorkgLib only. The arrow's two parts
// and the compound helper are exported so that the page can draw them without
// instancing (see fast() in graph/view/page.py).
import Graph from "graphology";
import Sigma from "sigma";
import {
  EdgeArrowHeadProgram, EdgeArrowProgram, EdgeClampedProgram, EdgeLineProgram, NodeCircleProgram,
  createEdgeCompoundProgram,
} from "sigma/rendering";
import EdgeCurveProgram, { EdgeCurvedArrowProgram } from "@sigma/edge-curve";

window.actorkgLib = {
  Graph, Sigma, EdgeArrowProgram, EdgeLineProgram, NodeCircleProgram, EdgeCurveProgram,
  EdgeCurvedArrowProgram, EdgeArrowHeadProgram, EdgeClampedProgram, createEdgeCompoundProgram,
};
