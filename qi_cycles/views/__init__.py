"""Views for improvement projects, one module per area: projects (and driver diagrams),
cycles, measures and sharing. Each is thin: access through qi_cycles.access, reads in
selectors_<area>, writes in services_<area>."""
