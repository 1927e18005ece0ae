"""The staff REST API under ``/api/v1`` (subjects, cases, working-day calendar)."""
