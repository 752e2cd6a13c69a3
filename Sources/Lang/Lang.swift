// The Lang layer: see DESIGN.md.
