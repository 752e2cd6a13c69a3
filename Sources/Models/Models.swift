// The Models layer: see DESIGN.md.
