"""Invitation emails kept in the outbox before this change held the invitation's token (its
link) in their arguments. Keep only the invitation's id: when the task is sent it makes a new
token, as the old one was never emailed (network.tasks.send_invitation_email)."""

from django.db import migrations

INVITATION_TASK = "network.tasks.send_invitation_email"


def forget_invitation_links(apps, schema_editor) -> None:
    OutboxTask = apps.get_model("portal", "OutboxTask")
    for row in OutboxTask.objects.filter(task_name=INVITATION_TASK):
        row.args = row.args[:1]
        row.kwargs = {name: value for name, value in row.kwargs.items() if name != "token"}
        row.save(update_fields=["args", "kwargs"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_outbox_task")]

    operations = [migrations.RunPython(forget_invitation_links, migrations.RunPython.noop)]
