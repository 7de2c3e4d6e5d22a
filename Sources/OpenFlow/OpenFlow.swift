// The OpenFlow stage of the pipeline (see README: Capture → Wire → OpenFlow → Model → Replay → Report → lbtrace).
