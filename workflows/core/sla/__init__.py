"""SLA monitoring: dashboard figures, escalation, weekly reports (issue 10).

``figures`` reads (plain functions over ``Deadline`` rows, shared by the dashboard,
the API and the weekly report), ``services`` writes (escalation, reports),
``views``/``charts`` the supervisor dashboard, ``api`` the same numbers over REST.
"""
