"""The area dashboard's sections. Each module has one function taking a
dashboards.filters.Scope and returning a small dataclass, drawn by its own include in
templates/dashboards/area/. Every figure is counted in the database, so a section takes
the same number of queries whatever the number of homes, needs or records."""
