// The Tensor layer: see DESIGN.md.
