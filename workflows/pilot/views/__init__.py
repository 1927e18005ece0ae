"""Pages of the pilot application: calls, applications, pilots, reports."""
