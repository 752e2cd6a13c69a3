// The Pipeline layer: see DESIGN.md.
