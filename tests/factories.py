"""factory_boy factories for the core records."""

import itertools

import factory

from forms.validators import build_uscc
from workflows.core.models import Bureau, Subject, User

_org_serial = itertools.count(1)


def next_uscc(prefix: str = "91", county: str = "650102") -> str:
    return build_uscc(prefix, county, f"MA{next(_org_serial):06d}")


def bureau(code: str) -> Bureau:
    return Bureau.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True  # the roles hook adds groups, nothing to save

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "测"
    first_name = factory.Sequence(lambda n: f"试{n}")
    bureau = factory.LazyFunction(lambda: Bureau.objects.get(code="650100"))

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=[Role.CLERK])`` puts the user in those roles' groups."""
        if extracted:
            from workflows.core.services.roles import roles_ensure_groups

            groups = roles_ensure_groups()
            self.groups.add(*(groups[role] for role in extracted))


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    uscc = factory.LazyFunction(next_uscc)
    name = factory.Sequence(lambda n: f"乌鲁木齐测试{n}商贸有限公司")
    subject_type = Subject.Type.ENTERPRISE
    legal_rep = "张三"
    region = factory.LazyFunction(lambda: Bureau.objects.get(code="650100"))
