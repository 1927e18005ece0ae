"""集成状态: how the exchanges with the systems around the bureau stand, for
administrators and supervisors — the outbox per receiving system and the inbound
deliveries per sender (``figures``), shown on a page (``views``), in the API
(``workflows.core.api.integrations``) and by ``manage.py integrations --json``."""
