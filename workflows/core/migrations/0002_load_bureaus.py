from django.db import migrations

from workflows.core.regions import BUREAUS


def load_bureaus(apps, schema_editor):
    Bureau = apps.get_model("core", "Bureau")
    by_code = {}
    for code, name, name_en, kind, parent_code in BUREAUS:
        bureau, _ = Bureau.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": kind,
                "parent": by_code.get(parent_code),
            },
        )
        by_code[code] = bureau


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load_bureaus, migrations.RunPython.noop)]
