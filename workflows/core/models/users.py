from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.core.roles import READ_ONLY_ROLES, Role


class User(AbstractUser):
    """A member of staff (or an API client such as a court), bound to one bureau."""

    bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("bureau"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(
        _("mobile phone"), max_length=20, blank=True, help_text=_("For text-message notices.")
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Chinese order: family name first, no space (李娜)."""
        return f"{self.last_name}{self.first_name}".strip()

    @property
    def roles(self) -> frozenset[str]:
        """The role codes of this user (cached per instance)."""
        if not hasattr(self, "_roles"):
            self._roles = frozenset(self.groups.values_list("name", flat=True))
        return self._roles

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.roles

    @property
    def sees_all_bureaus(self) -> bool:
        """Regional staff, supervisors and auditors see every bureau's cases."""
        if self.is_superuser:
            return True
        if self.bureau_id is not None and self.bureau.is_regional:
            return True
        return bool(self.roles & {str(r) for r in READ_ONLY_ROLES})
