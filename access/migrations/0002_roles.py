"""The three roles as groups with their permissions (access/roles.py: ROLE_PERMISSIONS)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from access.roles import ensure_roles

    ensure_roles(apps)


def remove_roles(apps, schema_editor):
    from access.roles import ROLE_PERMISSIONS

    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
