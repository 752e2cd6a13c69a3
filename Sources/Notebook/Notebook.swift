// The Notebook layer: see DESIGN.md.
