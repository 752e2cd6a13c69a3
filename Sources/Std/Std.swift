// The Std layer: see DESIGN.md.
