// The viewer's renderer, bundled into one offline script: sigma.js (WebGL) on a
// graphology graph, curved edges for parallel ties and pictogram nodes for shapes.
// Rebuild with build.sh; the page uses window.actorkgLib only.
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeArrowProgram, EdgeLineProgram, NodeCircleProgram } from "sigma/rendering";
import EdgeCurveProgram, { EdgeCurvedArrowProgram } from "@sigma/edge-curve";
import { createNodeImageProgram } from "@sigma/node-image";

window.actorkgLib = {
  Graph, Sigma, EdgeArrowProgram, EdgeLineProgram, NodeCircleProgram, EdgeCurveProgram,
  EdgeCurvedArrowProgram, createNodeImageProgram,
};
